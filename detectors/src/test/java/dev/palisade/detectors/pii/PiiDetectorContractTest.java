package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.palisade.detect.Detector;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The detector contract every {@link Detector} must keep, checked on {@link PiiDetector}. */
class PiiDetectorContractTest {

  private static final PiiDetector DETECTOR = PiiDetector.defaults();

  static final String PROSE = "Hi, I'm John Smith from Boston. Call me at (415) 555-0132 or write to "
      + "john.smith@example.com. My SSN is 078-05-1123, card 4111 1111 1111 1111, IBAN "
      + "GB82 WEST 1234 5698 7654 32, server 192.168.0.1 and https://example.org/x?y=1. ";

  static Stream<String> nastyInputs() {
    Random random = new Random(42);
    StringBuilder controls = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      controls.append((char) random.nextInt(32));
    }
    StringBuilder anyChars = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      anyChars.append((char) random.nextInt(0x10000));
    }
    return Stream.of(
        "",
        " ",
        "\u0000",
        "\uD800",
        "\uDC00abc\uD800",
        "John\uD800Smith 078-05-1123\uDFFF",
        controls.toString(),
        anyChars.toString(),
        "Иван Петров живёт в Москве, тел. +7 495 123-45-67; 王小明住在北京; محمد في القاهرة 078-05-1123",
        "@@@@....::::----////" + "1".repeat(100),
        "a@b", "@", "http://", "://", "www.", ".com", "::", ":::", "1.1.1.1.1.1.1",
        "GB82", "GB82 WEST", "4111", "+", "+1", "(", ")", "x" + "\u0301".repeat(50),
        PROSE.repeat(20));
  }

  @ParameterizedTest
  @MethodSource("nastyInputs")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void neverThrowsAndSpansStayInBounds(String text) {
    List<Finding> findings = DETECTOR.detect(text);
    assertInBounds(text, findings);
  }

  @Test
  void findsTheObviousOnes() {
    List<String> types = DETECTOR.detect(PROSE).stream().map(f -> f.type().name()).toList();
    assertThat(types).contains("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD",
        "IBAN_CODE", "IP_ADDRESS", "URL");
  }

  @Test
  void findingsDoNotOverlap() {
    List<Finding> findings = DETECTOR.detect(PROSE.repeat(5));
    for (int i = 1; i < findings.size(); i++) {
      assertThat(findings.get(i).start()).isGreaterThanOrEqualTo(findings.get(i - 1).end());
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void tenMegabytesOfStructuredScanningCompletes() {
    PiiDetector structured = PiiDetector.builder().ner(false).build();
    String plain = "The committee reviewed the proposal and asked for a shorter summary by Friday. ";
    String unit = plain.repeat(60) + PROSE;
    String big = unit.repeat(10 * 1024 * 1024 / unit.length() + 1);
    assertThat(big.length()).isGreaterThanOrEqualTo(10 * 1024 * 1024);
    List<Finding> findings = structured.detect(big);
    assertInBounds(big, findings);
    assertThat(findings.size()).isGreaterThan(big.length() / unit.length() * 5);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aQuarterMegabyteWithTheNameFinderCompletes() {
    String big = PROSE.repeat(256 * 1024 / PROSE.length() + 1);
    assertInBounds(big, DETECTOR.detect(big));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void isThreadSafe() throws Exception {
    List<String> texts = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      texts.add(PROSE.substring(random.nextInt(40)) + " Maria Garcia lives in Madrid, Spain. " + i);
    }
    List<List<Finding>> expected = texts.stream().map(DETECTOR::detect).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 5; round++) {
            for (int i = 0; i < texts.size(); i++) {
              if (!DETECTOR.detect(texts.get(i)).equals(expected.get(i))) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toStringLeaksNothing() {
    PiiDetector configured = PiiDetector.builder()
        .allowList("support@palisade.dev")
        .denyList(dev.palisade.detect.EntityType.PERSON, "Project Bluebird")
        .contextWords(dev.palisade.detect.EntityType.US_SSN, "tax number")
        .build();
    assertThat(configured.toString()).doesNotContain("support@palisade.dev", "Bluebird", "tax number");
    for (Finding f : configured.detect(PROSE)) {
      assertThat(f.toString()).doesNotContain("John", "078-05-1123", "example.com");
    }
  }

  @Test
  void idAndTypesAreStable() {
    assertThat(DETECTOR.id()).isEqualTo("pii");
    assertThat(DETECTOR.types()).contains(dev.palisade.detect.EntityType.PERSON,
        dev.palisade.detect.EntityType.of("UK_NHS"));
    assertThatCode(() -> DETECTOR.types().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  static void assertInBounds(String text, List<Finding> findings) {
    for (Finding f : findings) {
      assertThat(f.start()).isBetween(0, text.length());
      assertThat(f.end()).isBetween(f.start() + 1, text.length());
      assertThat(f.score()).isBetween(0.0, 1.0);
    }
  }
}
