package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyAssertionsTest {

  @TempDir
  Path dir;

  @Test
  void passesWhenEveryCasePasses() {
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: p
        rules: [{id: size, detector: input-size, options: {maxChars: 5}}]
        tests:
          - {name: ok, input: hi, expect: {decision: allow, absent: [INPUT_TOO_LARGE]}}
          - {name: long, channel: document, input: hello world, expect: {decision: block, findings: [INPUT_TOO_LARGE]}}
        """);
    assertThat(PolicyAssertions.assertPolicyTestsPass(p).passed()).isEqualTo(2);
  }

  @Test
  void failsWithTheReport() {
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: p
        lists: {deny: [secret-project]}
        tests:
          - {name: text kept, channel: output, input: "the secret-project is late", expect: {text: "the secret-project is late"}}
        """);
    assertThatThrownBy(() -> PolicyAssertions.assertPolicyTestsPass(p))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 test case(s) failed")
        .hasMessageContaining("FAIL text kept")
        .hasMessageContaining("text: expected \"the secret-project is late\", was none (blocked)");
  }

  @Test
  void failsOnAnInvalidFileOrNoCases() {
    Path bad = TestPolicies.write(dir, "bad.yaml", "id: p\nmode: x\n");
    assertThatThrownBy(() -> PolicyAssertions.assertPolicyTestsPass(bad)).hasMessageContaining("bad.yaml:2:7");
    Path none = TestPolicies.write(dir, "none.yaml", "id: p\n");
    assertThatThrownBy(() -> PolicyAssertions.assertPolicyTestsPass(none)).hasMessageContaining("has no test cases");
  }

  @Test
  void aCaseCanCheckTheTextTheModelReceives() {
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: p
        rules: [{id: mail, detector: email, action: redact, channels: [user, output]}]
        tests:
          - {name: output redacted, channel: output, input: "write x@example.com", expect: {decision: transform, text: "write [REDACTED:EMAIL_ADDRESS]"}}
        """);
    assertThat(PolicyAssertions.assertPolicyTestsPass(p, TestPolicies.LOADER).passed()).isEqualTo(1);
  }

  @Test
  void aFailingDetectorFailsTheCaseClosedAndSaysSo() {
    DetectorRegistry broken = TestPolicies.REGISTRY.toBuilder()
        .add("broken", java.util.Set.of(dev.palisade.detect.Channel.USER), dev.palisade.Action.BLOCK, java.util.Set.of(),
            o -> new dev.palisade.detect.Detector() {
              public String id() {
                return "broken";
              }

              public java.util.Set<dev.palisade.detect.EntityType> types() {
                return java.util.Set.of(dev.palisade.detect.EntityType.SECRET);
              }

              public java.util.List<dev.palisade.detect.Finding> detect(String text) {
                throw new IllegalStateException("boom");
              }
            })
        .build();
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: p
        rules: [{id: b, detector: broken}]
        tests: [{name: t, input: hi, expect: {decision: allow}}]
        """);
    assertThatThrownBy(() -> PolicyAssertions.assertPolicyTestsPass(p, TestPolicies.LOADER.registry(broken)))
        .hasMessageContaining("decision: expected ALLOW, was BLOCK")
        .hasMessageContaining("the guard failed: detector 'broken' of rule 'b' failed");
  }
}
