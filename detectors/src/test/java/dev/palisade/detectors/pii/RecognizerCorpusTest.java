package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Positive and negative cases per recognizer from {@code pii/corpus.tsv}: each case runs a
 * detector with only its type enabled, at the default thresholds.
 */
class RecognizerCorpusTest {

  private static final Map<String, PiiDetector> DETECTORS = new ConcurrentHashMap<>();

  static Stream<Arguments> cases() throws IOException {
    String corpus;
    try (InputStream in = RecognizerCorpusTest.class.getResourceAsStream("/pii/corpus.tsv")) {
      corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return corpus.lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\t", -1))
        .map(p -> Arguments.of(p[0], p[1], p[2]));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void recognizes(String type, String text, String expected) {
    EntityType entity = EntityType.of(type);
    PiiDetector detector = DETECTORS.computeIfAbsent(type, t -> PiiDetector.builder()
        .enabledTypes(Set.of(entity))
        .build());
    List<String> found = detector.detect(text).stream()
        .filter(f -> f.type().equals(entity))
        .map(f -> text.substring(f.start(), f.end()))
        .toList();
    if (expected.equals("-")) {
      assertThat(found).as("nothing of %s in the case text", type).isEmpty();
    } else {
      assertThat(found).contains(expected);
    }
  }

  static List<Finding> detectAll(String text) {
    return PiiDetector.defaults().detect(text);
  }
}
