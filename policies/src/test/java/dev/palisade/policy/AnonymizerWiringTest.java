package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.anonymize.Anonymizer;
import dev.palisade.anonymize.Operator;
import dev.palisade.anonymize.Scope;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnonymizerWiringTest {

  @TempDir
  Path dir;

  @Test
  void everyOperatorOfThePolicyBecomesTheAnonymizersOperatorForItsType() {
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: p
        keys: {pseudo: {env: PSEUDO_KEY}}
        rules:
          - id: mail
            detector: email
            action: anonymize
            operator: {type: hash, key: pseudo}
          - id: card
            detector: regex
            options: {pattern: "\\\\d{16}", type: CREDIT_CARD}
            operator: {type: mask, keepFirst: 6, keepLast: 4}
          - id: names
            detector: regex
            options: {pattern: "Jane", type: PERSON}
            action: block
            actions: {PERSON: anonymize}
            operator: surrogate
        """);
    Policy policy = TestPolicies.LOADER.load(p);
    assertThat(policy.operators()).containsOnlyKeys(EntityType.EMAIL_ADDRESS, EntityType.CREDIT_CARD, EntityType.PERSON);
    byte[] key = new byte[32];
    key[0] = 1;
    Map<String, String> env = Map.of("PSEUDO_KEY", Base64.getEncoder().encodeToString(key));
    Anonymizer a = policy.anonymizer(env::get);
    assertThat(a.operatorFor(EntityType.EMAIL_ADDRESS)).isEqualTo(Operator.hash());
    assertThat(a.operatorFor(EntityType.CREDIT_CARD)).isEqualTo(Operator.mask(4, 6));
    assertThat(a.operatorFor(EntityType.PERSON)).isEqualTo(Operator.surrogate());
    assertThat(a.operatorFor(EntityType.IBAN_CODE)).isEqualTo(Operator.replace());
    String text = "card 4111111111111111";
    String out = a.anonymize(Scope.of("t", "c"), text, List.of(Finding.of(EntityType.CREDIT_CARD, 5, 21, 1.0, "x"))).text();
    assertThat(out).isEqualTo("card 411111******1111");
    // The same key gives the same pseudonym in another anonymizer: the keyset came from the policy.
    Anonymizer b = policy.anonymizer(env::get);
    String mail = "a@b.example";
    Finding f = Finding.of(EntityType.EMAIL_ADDRESS, 0, mail.length(), 1.0, "x");
    assertThat(b.anonymize(Scope.of("t", "c1"), mail, List.of(f)).text())
        .isEqualTo(a.anonymize(Scope.of("t", "c2"), mail, List.of(f)).text());
  }

  @Test
  void theGuardUsesThePolicysOperators() {
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: p
        rules:
          - id: card
            detector: regex
            options: {pattern: "\\\\d{16}", type: CREDIT_CARD}
            channels: [user]
            operator: {type: mask, keepFirst: 6, keepLast: 4}
          - id: mail
            detector: email
            channels: [user]
            operator: redact
        tests:
          - name: masked and redacted
            input: card 4111111111111111 mail a@b.example
            expect: {decision: transform, text: "card 411111******1111 mail "}
        """);
    Policy policy = TestPolicies.LOADER.load(p);
    PolicyTestReport report = policy.runTests();
    assertThat(report.allPassed()).as(report.format()).isTrue();
  }

  @Test
  void aMissingKeyVariableIsNamedNotShown() {
    Path p = TestPolicies.write(dir, "p.yaml", """
        id: p
        keys: {pseudo: {env: PSEUDO_KEY}}
        rules: [{id: mail, detector: email, operator: {type: hash, key: pseudo}}]
        """);
    assertThatThrownBy(() -> TestPolicies.LOADER.load(p).anonymizer(k -> null))
        .isInstanceOf(PolicyException.class).hasMessageContaining("environment variable PSEUDO_KEY is not set");
    assertThatThrownBy(() -> TestPolicies.LOADER.load(p).anonymizer(k -> "not-base64!"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("must hold base64 of 32 bytes")
        .hasMessageNotContaining("not-base64");
  }
}
