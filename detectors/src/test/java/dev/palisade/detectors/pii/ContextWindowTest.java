package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass context window must be the lower-cased words around a span, as whole-string lower-casing gives. */
class ContextWindowTest {

  @Test
  void equalsWholeStringLowerCasing() {
    Random random = new Random(3);
    String alphabet = "abcXYZ 09-.,:#'\u00c9\u00e9\u03a3\u03c3\u0130I\u00df\u4e2d\t\n";
    for (int t = 0; t < 20000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(60);
      // mostly ASCII, as in real text, with now and then another script
      boolean ascii = random.nextInt(3) > 0;
      for (int i = 0; i < n; i++) {
        sb.append(alphabet.charAt(random.nextInt(ascii ? 15 : alphabet.length())));
      }
      String text = sb.toString();
      int start = random.nextInt(n);
      int end = start + 1 + random.nextInt(n - start);
      assertThat(PiiDetector.contextWindow(text, start, end)).as("\"%s\" [%d, %d)", text, start, end)
          .isEqualTo(expected(text, start, end));
    }
  }

  /** The definition: the words around the span, each side lower-cased as one string. */
  private static String expected(String text, int start, int end) {
    return text.substring(PiiDetector.wordsBack(text, start, 5), start).toLowerCase(Locale.ROOT) + " "
        + text.substring(end, PiiDetector.wordsForward(text, end, 3)).toLowerCase(Locale.ROOT);
  }
}
