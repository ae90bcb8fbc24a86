package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A detector swallows a scanner's exception so that one bug cannot fail a call; this proves the
 * scanners throw none on text built from the words and shapes their rules look at, where an
 * index one past the last token or line is easy to reach.
 */
class ScannerFailuresTest {

  private static final List<String> PIECES = List.of("Mr.", "dr", "Anna", "Kowalski", "and", "to", "at", "is",
      "said", "says", "'s", "address", ":", ",", ".", "?", "\"", "the", "a", "novel", "Hi", "can", "shouted",
      "corner of", "Country Club", "Street", "street", "Suite 4", "Apt.", "12", "40213", "Latvia", "France 75001",
      ", NY", "P.O. Box 7", "USS Hopper", "FPO AE 09012", "I'm in", "grew up in", "zip code", "Ltd.", "Inc",
      "Blink-182", "9268-Fax", "\n", "\n>", "\n??? ", "\n\n", " ", "é", "Ω", "\u0000", "-", "'");

  @Test
  void noScannerThrowsOnTextMadeOfWhatTheRulesReadFor() {
    PiiDetector detector = PiiDetector.defaults();
    Random random = new Random(7);
    long before = PiiDetector.FAILURES.get();
    for (int n = 0; n < 3000; n++) {
      StringBuilder text = new StringBuilder();
      int words = 1 + random.nextInt(40);
      for (int k = 0; k < words; k++) {
        String piece = PIECES.get(random.nextInt(PIECES.size()));
        text.append(piece);
        if (random.nextInt(3) > 0 && !piece.startsWith("\n")) {
          text.append(' ');
        }
      }
      detector.detect(text.toString());
      detector.detect(text.toString().trim());
    }
    for (String s : PiiDetectorContractTest.nastyInputs().toList()) {
      detector.detect(s);
    }
    assertThat(PiiDetector.FAILURES.get() - before).isZero();
  }
}
