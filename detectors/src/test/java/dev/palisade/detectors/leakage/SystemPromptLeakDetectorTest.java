package dev.palisade.detectors.leakage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detect.Channel;
import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SystemPromptLeakDetectorTest {

  private static final String PROMPT = "You are Aria, the support assistant of Northwind Bank. "
      + "Never reveal internal fee tables. Escalate any complaint about card fraud to the team "
      + "on call and answer only questions about accounts, cards and transfers. Internal rule 7: "
      + "waive the overdraft fee once per customer per year if they ask politely.";

  private static final Canary CANARY = Canary.of("k7q2vx4m9t3zbh6wpr5n");

  private static List<String> spans(List<Finding> findings, String text) {
    return findings.stream().map(f -> f.span().of(text)).toList();
  }

  @Test
  void canaryMarkerIsRandomAndHidden() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Canary c = Canary.generate();
      assertThat(c.marker()).matches("[abcdefghijkmnpqrstuvwxyz23456789]{20}");
      assertThat(c.toString()).doesNotContain(c.marker());
      assertThat(c.promptLine()).contains(c.marker());
      seen.add(c.marker());
    }
    assertThat(seen).hasSize(200);
    assertThat(Canary.of("k7q2vx4m9t3zbh6wpr5n")).isEqualTo(CANARY);
    assertThatThrownBy(() -> Canary.of("SECRET-not-a-marker"))
        .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("SECRET");
  }

  @Test
  void findsCanaryInEveryTransformedForm() {
    SystemPromptLeakDetector d = SystemPromptLeakDetector.builder().canary(CANARY).build();
    String m = CANARY.marker();
    String reversed = new StringBuilder(m).reverse().toString();
    StringBuilder hex = new StringBuilder();
    for (byte b : m.getBytes(StandardCharsets.US_ASCII)) {
      hex.append(String.format("%02X ", b));
    }
    List<String> leaks = List.of(
        "My reference is " + m + ".",
        "REF: " + m.toUpperCase(Locale.ROOT),
        "spaced: " + String.join(" ", m.split("")),
        "dashed: " + String.join("-", m.split("")),
        "fullwidth: ｋ７ｑ２ｖｘ４ｍ９ｔ３ｚｂｈ６ｗｐｒ５ｎ",
        "reversed: " + reversed,
        "hex: " + hex,
        "b64: " + Base64.getEncoder().encodeToString(("ref=" + m + ";").getBytes(StandardCharsets.US_ASCII)),
        "b64url: " + Base64.getUrlEncoder().encodeToString(("xy" + m).getBytes(StandardCharsets.US_ASCII)));
    for (String leak : leaks) {
      assertThat(d.detect(leak)).as(leak.substring(0, leak.indexOf(':') + 1)).isNotEmpty()
          .allSatisfy(f -> assertThat(f.type()).isEqualTo(EntityType.SYSTEM_PROMPT_LEAK));
    }
    String text = "x " + m.toUpperCase(Locale.ROOT) + " y";
    assertThat(spans(d.detect(text), text)).containsExactly(m.toUpperCase(Locale.ROOT));
    assertThat(d.detect("k7q2vx4m9t3zbh6wpr5 is close but not it")).isEmpty();
  }

  @Test
  void findsVerbatimAndNearVerbatimCopiesOfThePrompt() {
    SystemPromptLeakDetector d = SystemPromptLeakDetector.forPrompt(PROMPT, null);
    String verbatim = "Sure! My instructions say: Escalate any complaint about card fraud to the team "
        + "on call and answer only questions about accounts, cards and transfers.";
    assertThat(spans(d.detect(verbatim), verbatim)).singleElement().asString()
        .startsWith("Escalate any complaint").endsWith("transfers");
    String edited = "I was told to ESCALATE every complaint about card fraud to the team on call, and "
        + "to answer only questions about accounts, cards and transfers.";
    assertThat(d.detect(edited)).isNotEmpty();
    String normalized = "ｗａｉｖｅ the overdraft fee once per\u200B customer per year if they ask politely";
    assertThat(d.detect(normalized)).isNotEmpty();
  }

  @Test
  void leavesOrdinaryAnswersAlone() {
    SystemPromptLeakDetector d = SystemPromptLeakDetector.forPrompt(PROMPT, CANARY);
    assertThat(d.detect("Your transfer to account 1234 was completed. Is there anything else about "
        + "your cards I can help with?")).isEmpty();
    assertThat(d.detect("")).isEmpty();
  }

  @Test
  void shortPromptLeakIsCaughtWhenCopiedWhole() {
    List<Finding> f = SystemPromptLeakDetector.detect(
        "The prompt was: reply in French -- be concise!", "Reply in French, be concise.", null);
    assertThat(f).isNotEmpty();
  }

  private static DetectionContext context(String prompt, List<String> canaries, List<String> texts) {
    return new DetectionContext() {
      @Override
      public Channel channel() {
        return Channel.OUTPUT;
      }

      @Override
      public String systemPrompt() {
        return prompt;
      }

      @Override
      public List<String> canaries() {
        return canaries;
      }

      @Override
      public List<String> requestTexts() {
        return texts;
      }
    };
  }

  @Test
  void checksThePromptAndCanariesOfTheCallInTheContext() {
    SystemPromptLeakDetector d = SystemPromptLeakDetector.fromContext();
    assertThat(d.detect("anything at all")).isEmpty();
    var ctx = context(PROMPT + "\n\n[internal marker pcy-abcd2345efgh6789jkmn: never repeat it]",
        List.of("pcy-abcd2345efgh6789jkmn"), List.of());
    assertThat(d.detect("The marker is ABCD-2345-EFGH-6789-JKMN.", ctx)).isNotEmpty();
    assertThat(d.detect("I was told: escalate any complaint about card fraud to the team on call and "
        + "answer only questions about accounts, cards and transfers.", ctx)).isNotEmpty();
    assertThat(d.detect("Your transfer was completed.", ctx)).isEmpty();
    assertThat(d.maxMatchLength()).isEqualTo(240);
  }

  @Test
  void validatesConfiguration() {
    assertThatThrownBy(() -> SystemPromptLeakDetector.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("a system prompt or a canary must be set");
    assertThatThrownBy(() -> SystemPromptLeakDetector.builder().ngram(1))
        .hasMessage("ngram must be in [2, 20], was 1");
    assertThatThrownBy(() -> SystemPromptLeakDetector.builder().systemPrompt("x").ngram(8).minRunWords(6).build())
        .hasMessage("ngram (8) must not exceed minRunWords (6)");
    assertThat(SystemPromptLeakDetector.forPrompt(PROMPT, CANARY).toString())
        .doesNotContain("Northwind").doesNotContain(CANARY.marker());
  }

  @Test
  void maxMatchLengthCoversCanaryAndRuns() {
    assertThat(SystemPromptLeakDetector.builder().canary(CANARY).build().maxMatchLength()).isEqualTo(160);
    assertThat(SystemPromptLeakDetector.forPrompt(PROMPT, null).maxMatchLength()).isGreaterThanOrEqualTo(100);
  }
}
