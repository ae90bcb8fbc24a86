package dev.palisade.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingRestorerTest {

  private static final Scope SCOPE = Scope.of("acme", "stream");

  private Anonymizer anonymizer;

  /** Answers as models write them, with tokens in every variant, next to look-alikes. */
  private static final List<String> FIXTURES = List.of(
      "Hello <PERSON_1>, your card <CREDIT_CARD_1> is blocked.",
      "<PERSON_1>'s meeting with PERSON_2 moved; person_1 agreed.",
      "Write to EMAIL ADDRESS_1 or <EMAIL_ADDRESS_1>, not EMAIL_ADDRESS_12 or XPERSON_1.",
      "Split tokens: PERSON _2 and PERSON_ 1 and < PERSON_2 > end",
      "<PERSON_1",
      "PERSON_1",
      "Hi <PERSON_2>, PERSON _1's <CREDIT_CARD_1",
      "(person_2) EMAIL_ADDRESS_1>",
      "<<PERSON_1>> <PERSON_3> Maria Keller Mariana Kellerman <PERSON_",
      "Sent to Silverdale via Copperleaf Systems; Silverdaleville is elsewhere.",
      "");

  @BeforeEach
  void setUp() {
    anonymizer = Anonymizer.builder()
        .operator(EntityType.LOCATION, Operator.surrogate())
        .operator(EntityType.ORGANIZATION, Operator.surrogate())
        .build();
    String prompt = "Ada Lovelace and Alan Turing, ada@example.com, card 4111 1111 1111 1111, Zurich, Acme Corp";
    List<Finding> f = new ArrayList<>();
    f.add(Finding.of(EntityType.PERSON, 0, 12, 1, "t"));
    f.add(Finding.of(EntityType.PERSON, 17, 28, 1, "t"));
    f.add(Finding.of(EntityType.EMAIL_ADDRESS, 30, 45, 1, "t"));
    f.add(Finding.of(EntityType.CREDIT_CARD, 52, 71, 1, "t"));
    f.add(Finding.of(EntityType.LOCATION, 73, 79, 1, "t"));
    f.add(Finding.of(EntityType.ORGANIZATION, 81, 90, 1, "t"));
    Anonymized out = anonymizer.anonymize(SCOPE, prompt, f);
    assertThat(anonymizer.restore(SCOPE, out.text())).isEqualTo(prompt);
  }

  private List<String> fixtures() {
    // Add the surrogates actually chosen, so literal tokens are split too.
    List<String> all = new ArrayList<>(FIXTURES);
    Anonymized out = anonymizer.anonymize(SCOPE, "Zurich Acme Corp",
        List.of(Finding.of(EntityType.LOCATION, 0, 6, 1, "t"), Finding.of(EntityType.ORGANIZATION, 7, 16, 1, "t")));
    all.add("Visit " + out.text() + "! And " + out.text().replace(" ", "") + " " + out.text());
    return all;
  }

  @Test
  void everyTwoAndThreeWaySplitRestoresLikeTheWholeAnswer() {
    for (String fixture : fixtures()) {
      String expected = anonymizer.restore(SCOPE, fixture);
      int n = fixture.length();
      for (int i = 0; i <= n; i++) {
        assertThat(stream(List.of(fixture.substring(0, i), fixture.substring(i))))
            .as("split at %d of %s", i, fixture).isEqualTo(expected);
        for (int j = i; j <= n && n <= 45; j++) {
          assertThat(stream(List.of(fixture.substring(0, i), fixture.substring(i, j), fixture.substring(j))))
              .as("splits at %d, %d of %s", i, j, fixture).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void characterByCharacterAndRandomChunks() {
    SplittableRandom random = new SplittableRandom(11);
    for (String fixture : fixtures()) {
      String expected = anonymizer.restore(SCOPE, fixture);
      List<String> chars = new ArrayList<>();
      fixture.chars().forEach(c -> chars.add(String.valueOf((char) c)));
      assertThat(stream(chars)).isEqualTo(expected);
      for (int round = 0; round < 50; round++) {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < fixture.length(); ) {
          int len = 1 + random.nextInt(6);
          chunks.add(fixture.substring(i, Math.min(fixture.length(), i + len)));
          i += len;
        }
        assertThat(stream(chunks)).isEqualTo(expected);
      }
    }
  }

  @Test
  void restoresATokenSplitAcrossChunksAndHoldsBackAtMostATokenLength() {
    StreamingRestorer r = anonymizer.streamingRestorer(SCOPE);
    StringBuilder out = new StringBuilder();
    out.append(r.push("Dear <PER"));
    assertThat(out.toString()).isEqualTo("Dear ");
    assertThat(r.heldBack()).isEqualTo(4);
    out.append(r.push("SON_1>, hello"));
    assertThat(out.toString()).startsWith("Dear Ada Lovelace, ");
    out.append(r.flush());
    assertThat(out.toString()).isEqualTo("Dear Ada Lovelace, hello");
    // Plain prose is released at once, except what could begin a token.
    assertThat(r.push("nothing to hold here ")).isEqualTo("nothing to hold here ");
    for (String chunk : "a long answer with PERSON_1 inside and more words after it".split("(?<= )")) {
      r.push(chunk);
      assertThat(r.heldBack()).isLessThanOrEqualTo(r.maxHoldBack());
    }
    assertThat(r.maxHoldBack()).isLessThanOrEqualTo("< EMAIL_ADDRESS _ 999999 >".length() + 2);
  }

  @Test
  void withoutTokensNothingIsHeldBack() {
    StreamingRestorer r = anonymizer.streamingRestorer(Scope.of("acme", "empty"));
    assertThat(r.push("<PER")).isEqualTo("<PER");
    assertThat(r.flush()).isEmpty();
  }

  private String stream(List<String> chunks) {
    StreamingRestorer r = anonymizer.streamingRestorer(SCOPE);
    StringBuilder sb = new StringBuilder();
    for (String c : chunks) {
      sb.append(r.push(c));
      assertThat(r.heldBack()).isLessThanOrEqualTo(r.maxHoldBack());
    }
    return sb.append(r.flush()).toString();
  }
}
