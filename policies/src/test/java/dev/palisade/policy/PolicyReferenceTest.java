package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/POLICY-REFERENCE.md is what {@link PolicyReference} makes of the schema today. */
class PolicyReferenceTest {

  static final String REGENERATE = "mvn -q -o -pl policies -am test -Dtest=PolicyReferenceTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dpalisade.regenerate=true";

  @Test
  void theCheckedInReferenceIsUpToDate() throws IOException {
    Path doc = SchemaAgreementTest.repoRoot().resolve("docs/POLICY-REFERENCE.md");
    String expected = PolicyReference.render();
    if (Boolean.getBoolean("palisade.regenerate")) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(doc) ? Files.readString(doc) : "")
        .as("docs/POLICY-REFERENCE.md is out of date; regenerate it with: %s", REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void theReferenceDocumentsEveryKeyAndDetector() {
    String md = PolicyReference.render();
    assertThat(md).contains("| `minScore` |", "| `keepFirst` |", "| `retention` |", "| `expect` |",
        "one of `allow`, `monitor`, `anonymize`, `redact`, `block`", "| `input-size` |", "| `pii` |");
  }
}
