package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detect.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/**
 * Every bundled pack is valid, passes its own test cases, and has a documentation page that
 * names every one of its rules.
 */
class BundledPacksTest {

  static final List<String> PACKS = Policies.BUNDLED;

  @ParameterizedTest
  @FieldSource("PACKS")
  void packIsValidAndPassesItsOwnTests(String name) throws IOException {
    Problems schemaProblems = new Problems();
    try (InputStream in = getClass().getResourceAsStream(PolicyLoader.PACKS + name + ".yaml")) {
      assertThat(in).as("pack %s exists", name).isNotNull();
      Node tree = TreeReader.read(in.readAllBytes(), name, false, schemaProblems);
      Schema.get().validate(tree, schemaProblems);
    }
    assertThat(schemaProblems.list()).as("schema problems of %s", name).isEmpty();
    Policy p = Policies.bundled(name);
    assertThat(p.id()).isEqualTo(name);
    assertThat(p.skippedRules()).as("this build has every detector a pack names").isEmpty();
    assertThat(p.tests()).as("every pack carries test cases").isNotEmpty();
    PolicyTestReport report = p.runTests();
    assertThat(report.allPassed()).as(report.format()).isTrue();
  }

  @ParameterizedTest
  @FieldSource("PACKS")
  void theExplainedPolicyLoadsBackToTheSamePolicy(String name, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    Policy p = Policies.bundled(name);
    java.nio.file.Path copy = Files.writeString(dir.resolve(name + "-effective.yaml"), p.explain());
    assertThat(Policies.load(copy).info()).isEqualTo(p.info());
  }

  @Test
  void theDefaultPackAlwaysBuildsAGuard() {
    Policy p = Policies.bundled("default");
    assertThat(p.toGuard().rules()).isNotEmpty();
    assertThat(p.toGuard().scan("x".repeat(100_001), Channel.DOCUMENT).findings())
        .anySatisfy(f -> assertThat(f.type()).isEqualTo(SizeLimitDetector.INPUT_TOO_LARGE));
    assertThat(p.rules().size() + p.skippedRules().size()).isEqualTo(9);
  }

  @ParameterizedTest
  @FieldSource("PACKS")
  void everyPackHasADocsPageNamingItsRules(String name) throws IOException {
    String page = Files.readString(SchemaAgreementTest.repoRoot().resolve("docs/policies/" + name + ".md"),
        StandardCharsets.UTF_8);
    String pack;
    try (InputStream in = getClass().getResourceAsStream(PolicyLoader.PACKS + name + ".yaml")) {
      pack = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String line : pack.lines().toList()) {
      if (line.startsWith("  - id: ")) {
        assertThat(page).as("docs/policies/%s.md names rule", name).contains("`" + line.substring(8).strip() + "`");
      }
    }
  }
}
