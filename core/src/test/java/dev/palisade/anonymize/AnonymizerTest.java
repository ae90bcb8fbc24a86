package dev.palisade.anonymize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.crypto.Aead;
import dev.palisade.crypto.Keyset;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnonymizerTest {

  private static final Scope SCOPE = Scope.of("acme", "conv-1");
  private static final EntityType P = EntityType.PERSON;

  /** Findings for each occurrence of each value (all of {@code type}). */
  private static List<Finding> find(String text, EntityType type, String... values) {
    List<Finding> out = new ArrayList<>();
    for (String v : values) {
      Matcher m = Pattern.compile(Pattern.quote(v)).matcher(text);
      while (m.find()) {
        out.add(Finding.of(type, m.start(), m.end(), 0.9, "test"));
      }
    }
    return out;
  }

  @Test
  void replaceNumbersPerTypeAndConversation() {
    Anonymizer a = Anonymizer.builder().build();
    String text = "Ada Lovelace wrote to Alan Turing; Ada Lovelace signed.";
    Anonymized out = a.anonymize(SCOPE, text, find(text, P, "Ada Lovelace", "Alan Turing"));
    assertThat(out.text()).isEqualTo("<PERSON_1> wrote to <PERSON_2>; <PERSON_1> signed.");
    assertThat(out.replacements()).extracting(Replacement::token)
        .containsExactly("<PERSON_1>", "<PERSON_2>", "<PERSON_1>");
    assertThat(out.replacements().get(1).source()).isEqualTo(dev.palisade.detect.Span.of(22, 33));
    assertThat(out.replacements().get(1).target()).isEqualTo(dev.palisade.detect.Span.of(20, 30));
    // The next turn of the same conversation keeps the numbering.
    String turn2 = "And Grace Hopper met Alan Turing.";
    assertThat(a.anonymize(SCOPE, turn2, find(turn2, P, "Grace Hopper", "Alan Turing")).text())
        .isEqualTo("And <PERSON_3> met <PERSON_2>.");
    // Another conversation starts again at 1.
    assertThat(a.anonymize(Scope.of("acme", "conv-2"), turn2, find(turn2, P, "Grace Hopper")).text())
        .isEqualTo("And <PERSON_1> met Alan Turing.");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<PERSON_1>", "PERSON_1", "<person_1>", "Person_1", "PERSON _1", "PERSON_ 1", "< PERSON_1 >",
      "<PERSON_1", "PERSON_1>"})
  void restoresTheVariantsModelsWrite(String variant) {
    Anonymizer a = Anonymizer.builder().build();
    a.anonymize(SCOPE, "Ada Lovelace", find("Ada Lovelace", P, "Ada Lovelace"));
    assertThat(a.restore(SCOPE, "Dear " + variant + ", thanks.")).isEqualTo("Dear Ada Lovelace, thanks.");
    assertThat(a.restore(SCOPE, variant + "'s notes")).isEqualTo("Ada Lovelace's notes");
  }

  @Test
  void restoreLeavesUnknownAndLookalikeTokensAlone() {
    Anonymizer a = Anonymizer.builder().build();
    String text = "Mail ada@example.com now";
    a.anonymize(SCOPE, text, find(text, EntityType.EMAIL_ADDRESS, "ada@example.com"));
    assertThat(a.restore(SCOPE, "EMAIL ADDRESS_1 and email_address_1")).isEqualTo("ada@example.com and ada@example.com");
    assertThat(a.restore(SCOPE, "<EMAIL_ADDRESS_2> XEMAIL_ADDRESS_1 EMAIL_ADDRESS_12 EMAIL_ADDRESS_1x <PERSON_1>"))
        .isEqualTo("<EMAIL_ADDRESS_2> XEMAIL_ADDRESS_1 EMAIL_ADDRESS_12 EMAIL_ADDRESS_1x <PERSON_1>");
    assertThat(a.restore(Scope.of("acme", "other"), "<EMAIL_ADDRESS_1>")).isEqualTo("<EMAIL_ADDRESS_1>");
  }

  @Test
  void hashIsAStableKeyedPseudonymAcrossConversations() {
    Keyset keyset = Keyset.generate();
    Anonymizer a = Anonymizer.builder().keyset(keyset).defaultOperator(Operator.hash()).build();
    String text = "Call Ada Lovelace";
    String t1 = a.anonymize(SCOPE, text, find(text, P, "Ada Lovelace")).text();
    String t2 = a.anonymize(Scope.of("acme", "conv-9"), text, find(text, P, "Ada Lovelace")).text();
    String t3 = Anonymizer.builder().keyset(keyset).defaultOperator(Operator.hash()).build()
        .anonymize(SCOPE, text, find(text, P, "Ada Lovelace")).text();
    assertThat(t1).matches("Call [0-9a-f]{16}").isEqualTo(t2).isEqualTo(t3);
    String other = Anonymizer.builder().defaultOperator(Operator.hash()).build()
        .anonymize(SCOPE, text, find(text, P, "Ada Lovelace")).text();
    assertThat(other).isNotEqualTo(t1);
    assertThat(a.restore(SCOPE, "Hi " + t1.substring(5))).isEqualTo("Hi Ada Lovelace");
  }

  @Test
  void encryptTokensNameTheKeyIdAndAreBoundToTheScope() throws Exception {
    Keyset keyset = Keyset.generate().rotate();
    Anonymizer a = Anonymizer.builder().keyset(keyset).defaultOperator(Operator.encrypt()).build();
    String text = "SSN 123-45-6789 on file";
    Anonymized out = a.anonymize(SCOPE, text, find(text, EntityType.US_SSN, "123-45-6789"));
    String token = out.replacements().get(0).token();
    assertThat(token).startsWith("ENC:2:");
    byte[] ct = Base64.getUrlDecoder().decode(token.substring(6));
    assertThat(Aead.keyIdOf(ct)).isEqualTo(2);
    assertThat(new String(Aead.of(keyset).decrypt(ct, SCOPE.bytes()))).isEqualTo("123-45-6789");
    assertThatThrownBy(() -> Aead.of(keyset).decrypt(ct, Scope.of("acme", "x").bytes()))
        .isInstanceOf(java.security.GeneralSecurityException.class);
    assertThat(a.restore(SCOPE, out.text())).isEqualTo(text);
  }

  @Test
  void fpeKeepsTheShapeAndFallsBackForShortOrForeignValues() {
    // A fixed key: with a random one, the encrypted digits would now and then contain "555".
    Keyset fixed = Keyset.importKey(1, new byte[32], dev.palisade.crypto.SecretKeyAccess.insecure());
    Anonymizer a = Anonymizer.builder().keyset(fixed).defaultOperator(Operator.fpe()).build();
    String text = "card 4111 1111 1111 1111, pin 1234, phone +1 (555) 123-4567, name José Núñez";
    List<Finding> findings = new ArrayList<>();
    findings.addAll(find(text, EntityType.CREDIT_CARD, "4111 1111 1111 1111"));
    findings.addAll(find(text, EntityType.of("PIN"), "1234"));
    findings.addAll(find(text, EntityType.PHONE_NUMBER, "+1 (555) 123-4567"));
    findings.addAll(find(text, P, "José Núñez"));
    Anonymized out = a.anonymize(SCOPE, text, findings);
    List<Replacement> r = out.replacements();
    assertThat(r.get(0).token()).matches("\\d{4} \\d{4} \\d{4} \\d{4}").isNotEqualTo("4111 1111 1111 1111");
    assertThat(r.get(0).operator()).isEqualTo(Operator.fpe());
    assertThat(r.get(1).token()).isEqualTo("<PIN_1>"); // 10^4 < 10^6: the fallback
    assertThat(r.get(1).operator()).isEqualTo(Operator.replace());
    assertThat(r.get(2).token()).matches("\\+\\d \\(\\d{3}\\) \\d{3}-\\d{4}");
    assertThat(r.get(3).token()).isEqualTo("<PERSON_1>"); // é would have gone out in the clear
    assertThat(out.text()).doesNotContain("1111 1111", "1234", "555", "José", "Núñez");
    assertThat(a.restore(SCOPE, out.text())).isEqualTo(text);
    assertThat(Anonymizer.builder().defaultOperator(Operator.parse("fpe(hash)")).build()
        .anonymize(SCOPE, "pin 1234", find("pin 1234", EntityType.of("PIN"), "1234")).text())
        .matches("pin [0-9a-f]{16}");
  }

  @Test
  void surrogatesAreRealisticDeterministicAndRestored() {
    Keyset keyset = Keyset.generate();
    Anonymizer a = Anonymizer.builder().keyset(keyset).defaultOperator(Operator.surrogate()).build();
    String text = "Ada Lovelace from Zurich at Acme Corp, mail ada@acme.test, ip 10.1.2.3, card 4111111111111111";
    List<Finding> findings = new ArrayList<>();
    findings.addAll(find(text, P, "Ada Lovelace"));
    findings.addAll(find(text, EntityType.LOCATION, "Zurich"));
    findings.addAll(find(text, EntityType.ORGANIZATION, "Acme Corp"));
    findings.addAll(find(text, EntityType.EMAIL_ADDRESS, "ada@acme.test"));
    findings.addAll(find(text, EntityType.IP_ADDRESS, "10.1.2.3"));
    findings.addAll(find(text, EntityType.CREDIT_CARD, "4111111111111111"));
    Anonymized out = a.anonymize(SCOPE, text, findings);
    List<String> tokens = out.replacements().stream().map(Replacement::token).toList();
    assertThat(tokens.get(0)).matches("[A-Z][a-z]+ [A-Z][a-z]+");
    assertThat(Surrogates.load("cities.txt")).contains(tokens.get(1));
    assertThat(Surrogates.load("companies.txt")).contains(tokens.get(2));
    assertThat(tokens.get(3)).matches("[a-z]+\\.[a-z]+@example\\.(com|org|net)");
    assertThat(tokens.get(4)).matches("(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d+");
    assertThat(tokens.get(5)).matches("4\\d{15}").satisfies(AnonymizerTest::luhnValid);
    assertThat(a.restore(SCOPE, out.text())).isEqualTo(text);
    // Deterministic per conversation: a fresh vault with the same keyset picks the same values.
    Anonymizer again = a.toBuilder().build();
    Anonymizer fresh = Anonymizer.builder().keyset(keyset).defaultOperator(Operator.surrogate()).build();
    assertThat(again.anonymize(SCOPE, text, findings).text()).isEqualTo(out.text());
    assertThat(fresh.anonymize(SCOPE, text, findings).text()).isEqualTo(out.text());
  }

  @Test
  void redactMaskAndKeep() {
    Anonymizer a = Anonymizer.builder()
        .operator(EntityType.CREDIT_CARD, Operator.parse("mask(4,6)"))
        .operator(EntityType.LOCATION, Operator.keep())
        .defaultOperator(Operator.redact())
        .build();
    String text = "Ada paid with 4111 1111 1111 1234 in Paris";
    List<Finding> findings = new ArrayList<>();
    findings.addAll(find(text, P, "Ada"));
    findings.addAll(find(text, EntityType.CREDIT_CARD, "4111 1111 1111 1234"));
    findings.addAll(find(text, EntityType.LOCATION, "Paris"));
    Anonymized out = a.anonymize(SCOPE, text, findings);
    assertThat(out.text()).isEqualTo(" paid with 4111 11** **** 1234 in Paris");
    assertThat(out.replacements()).extracting(r -> r.type().name()).containsExactly("PERSON", "CREDIT_CARD");
  }

  @Test
  void rejectsOverlappingOrOutOfBoundsFindingsWithOffsetsOnly() {
    Anonymizer a = Anonymizer.builder().build();
    assertThatThrownBy(() -> a.anonymize(SCOPE, "Ada Lovelace",
        List.of(Finding.of(P, 0, 5, 1, "t"), Finding.of(P, 4, 12, 1, "t"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("findings overlap: [0, 5) and [4, 12); resolve them before anonymizing");
    assertThatThrownBy(() -> a.anonymize(SCOPE, "Ada", List.of(Finding.of(P, 0, 5, 1, "t"))))
        .hasMessage("finding [0, 5) lies outside the text of length 3");
  }

  @Test
  void toStringsLeakNothing() {
    Anonymizer a = Anonymizer.builder().operator(EntityType.CREDIT_CARD, Operator.fpe()).build();
    String text = "Ada Lovelace paid 4111 1111 1111 1111 from her account";
    List<Finding> findings = new ArrayList<>(find(text, P, "Ada Lovelace"));
    findings.addAll(find(text, EntityType.CREDIT_CARD, "4111 1111 1111 1111"));
    Anonymized out = a.anonymize(SCOPE, text, findings);
    String shown = out + " " + out.replacements() + " " + a + " " + a.vault() + " " + a.streamingRestorer(SCOPE);
    assertThat(shown).doesNotContain("Ada", "Lovelace", "4111", "account", "paid");
    assertThat(out.toString()).isEqualTo("Anonymized{length=52, replacements=[PERSON:replace, CREDIT_CARD:fpe(replace)]}");
  }

  @Test
  void builderRejectsSettingTwice() {
    assertThatThrownBy(() -> Anonymizer.builder().operator(P, Operator.hash()).operator(P, Operator.keep()))
        .isInstanceOf(IllegalStateException.class).hasMessage("operator for PERSON was already set to hash(16)");
    assertThatThrownBy(() -> Anonymizer.builder().defaultOperator(Operator.hash()).defaultOperator(Operator.keep()))
        .hasMessage("default operator was already set to hash(16)");
  }

  private static void luhnValid(String digits) {
    int sum = 0;
    for (int i = digits.length() - 1, k = 0; i >= 0; i--, k++) {
      int d = digits.charAt(i) - '0';
      if (k % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    assertThat(sum % 10).as("Luhn checksum").isZero();
  }
}
