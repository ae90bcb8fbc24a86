package dev.palisade.detectors.content;

import dev.palisade.detectors.text.AhoCorasick;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextMachineryTest {

  @Test
  void ahoCorasickFindsEveryOccurrenceLikeIndexOf() {
    Random rnd = new Random(42);
    for (int round = 0; round < 200; round++) {
      List<String> patterns = new ArrayList<>();
      for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
        patterns.add(random(rnd, 1 + rnd.nextInt(4)));
      }
      String text = random(rnd, rnd.nextInt(60));
      List<String> expected = new ArrayList<>();
      for (int end = 1; end <= text.length(); end++) {
        for (int p = 0; p < patterns.size(); p++) {
          String pat = patterns.get(p);
          if (end >= pat.length() && text.startsWith(pat, end - pat.length())) {
            expected.add(p + "@" + (end - pat.length()));
          }
        }
      }
      List<String> actual = new ArrayList<>();
      AhoCorasick.of(patterns).search(text, false, (p, s, e) -> actual.add(p + "@" + s));
      assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static String random(Random rnd, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("abc".charAt(rnd.nextInt(3)));
    }
    return sb.toString();
  }

  @Test
  void ahoCorasickFoldsAsciiCase() {
    List<Integer> hits = new ArrayList<>();
    AhoCorasick.of(List.of("akia")).search("xAKIAy", true, (p, s, e) -> hits.add(s));
    assertThat(hits).containsExactly(1);
  }

  @Test
  void normalizedTextMapsBackToOriginalOffsets() {
    String original = "Ａ\u200Bb  \tC\u0065\u0301 ﬁx";
    NormalizedText n = NormalizedText.of(original);
    assertThat(n.text()).isEqualTo("ab cé fix");
    int at = n.text().indexOf("cé");
    assertThat(original.substring(n.originalStart(at), n.originalEnd(at + 1))).isEqualTo("C\u0065\u0301");
    int fi = n.text().indexOf("fi");
    assertThat(original.substring(n.originalStart(fi), n.originalEnd(fi + 1))).isEqualTo("ﬁ");
    assertThat(n.toString()).doesNotContain("ab");
  }

  @Test
  void normalizedTextIsReusedOnlyForTheSameInstance() {
    String a = "Hello World";
    NormalizedText first = NormalizedText.of(a);
    assertThat(NormalizedText.of(a)).isSameAs(first);
    assertThat(NormalizedText.of(new String(a))).isNotSameAs(first).satisfies(n -> assertThat(n.text()).isEqualTo("hello world"));
  }

  @Test
  void normalizedTextSurvivesLoneSurrogates() {
    NormalizedText n = NormalizedText.of("a\uD800b\uDC00");
    assertThat(n.length()).isPositive();
  }
}
