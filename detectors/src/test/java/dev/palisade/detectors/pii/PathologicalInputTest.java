package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs built to make regular expressions backtrack: each is about a megabyte, and the generous
 * timeout only fails when the work grows faster than linearly (a quadratic scan of a megabyte
 * takes hours, a linear one a second).
 */
class PathologicalInputTest {

  private static final int MB = 1 << 20;
  /** Structured recognizers: the regular expressions are what could backtrack. */
  private static final PiiDetector DETECTOR = PiiDetector.builder().ner(false).build();

  static String fill(String unit) {
    return unit.repeat(MB / unit.length() + 1);
  }

  static Stream<String> adversarial() {
    return Stream.of(
        fill("1"),
        fill("1 "),
        fill("1-"),
        fill("12."),
        fill("a@"),
        fill("a."),
        fill("a.b"),
        fill(":"),
        fill("1:"),
        fill("ab:"),
        fill("0x"),
        fill("http://a"),
        fill("GB82 "),
        fill("GB8"),
        fill("AA 12 "),
        fill("(1) "),
        fill("+1 "),
        fill("bc1q"),
        fill("May 1 "),
        fill("Mr. "),
        fill("John "),
        fill("\uD800"),
        "1".repeat(MB) + "x",
        "a".repeat(MB) + "@" + "b".repeat(MB / 2));
  }

  @ParameterizedTest
  @MethodSource("adversarial")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void finishes(String text) {
    PiiDetectorContractTest.assertInBounds(text, DETECTOR.detect(text));
    assertThat(text.length()).isGreaterThanOrEqualTo(MB / 2);
  }

  @ParameterizedTest
  @MethodSource("adversarial")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void finishesWithTheNameFinder(String text) {
    String slice = text.substring(0, 64 * 1024);
    PiiDetectorContractTest.assertInBounds(slice, PiiDetector.defaults().detect(slice));
  }
}
