package dev.palisade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEntry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorModeExampleTest {

  @TempDir
  Path dir;

  @Test
  void nothingIsChangedAndTheAuditLogShowsWhatWouldHaveBeen() {
    Printed printed = new Printed();

    MonitorModeExample.Result r = MonitorModeExample.run(printed.out, ExamplePolicies.path("rollout.yaml"), dir);

    // Monitor mode changes nothing: the address and the made-up key reach the app as they are.
    assertThat(r.answers().get(1)).contains("jane.roe@example.com");
    assertThat(r.answers().get(3)).contains("AKIAZ4XQ7TPLM3NRWK2D");
    assertThat(r.verification().intact()).isTrue();
    // The query finds the three calls the policy would have acted on, and not the harmless one.
    assertThat(r.wouldHaveActed()).hasSize(3)
        .allSatisfy(e -> assertThat(e.decision()).contains("MONITOR"));
    assertThat(r.wouldHaveActed()).flatMap(AuditEntry::findingTypes)
        .contains("EMAIL_ADDRESS", "PROMPT_INJECTION", "SECRET");
    assertThat(printed.text())
        .contains("audit log").contains("intact")
        .contains("3 of 4 calls would have been acted on")
        .contains("injection: BLOCK PROMPT_INJECTION on user")
        .contains("secrets: REDACT SECRET on output")
        .contains("pii: ANONYMIZE EMAIL_ADDRESS on user")
        .doesNotContain("jane.roe@example.com");
  }
}
