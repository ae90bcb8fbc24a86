package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation's metrics and both input formats, on small files written for these tests. */
class PiiEvaluationTest {

  @TempDir
  Path dir;

  private String run(Path file) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = PiiEvaluation.run(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void presidioFormatWithCodePointOffsets() throws Exception {
    // "😀 " is two UTF-16 units but one code point: gold offsets are code points
    String json = """
        [{"full_text": "\\ud83d\\ude00 Mail anna.berg@example.com or call (415) 555-0132.",
          "spans": [{"entity_type": "EMAIL_ADDRESS", "entity_value": "anna.berg@example.com",
                     "start_position": 7, "end_position": 28},
                    {"entity_type": "PHONE_NUMBER", "entity_value": "(415) 555-0132",
                     "start_position": 37, "end_position": 51}]}]
        """;
    Path file = dir.resolve("small.json");
    Files.writeString(file, json);
    String report = run(file);
    assertThat(report).contains("EMAIL_ADDRESS", "PHONE_NUMBER");
    assertThat(report).contains("precision 1.000  recall 1.000  F2 1.000");
  }

  @Test
  void fixtureFormat() throws Exception {
    String json = """
        [{"recognizer_entity": "US_SSN", "text": "078-05-1123", "expected_count": 1,
          "spans": [{"entity_type": "US_SSN", "start": 0, "end": 11}]},
         {"recognizer_entity": "US_SSN", "text": "000-00-0000", "expected_count": 0, "spans": []},
         {"recognizer_entity": "US_SSN", "text": "078051121", "expected_count": 1,
          "spans": [{"entity_type": "US_SSN", "start": 0, "end": 9}], "expected_score_ranges": [[0.0, 0.2]]}]
        """;
    Path file = dir.resolve("fixtures.json");
    Files.writeString(file, json);
    String report = run(file);
    assertThat(report).contains("agreement: 2 / 2 = 100.0%");
    assertThat(report).contains("not counted above: 0 / 1");
  }

  @Test
  void unreadableInputIsUsageError() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{not json");
    assertThat(PiiEvaluation.run(file, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
  }

  @Test
  void metrics() {
    var a = new PiiEvaluation.Labeled("X", 0, 10);
    var b = new PiiEvaluation.Labeled("X", 3, 10);
    assertThat(PiiEvaluation.iou(a, b)).isCloseTo(0.7, within(1e-9));
    assertThat(PiiEvaluation.f(0.5, 1.0, 2)).isCloseTo(5 * 0.5 / (4 * 0.5 + 1), within(1e-9));
    String text = "Anna Berg, Oslo";
    List<PiiEvaluation.Labeled> merged = PiiEvaluation.merge(text,
        List.of(new PiiEvaluation.Labeled("PERSON", 0, 4), new PiiEvaluation.Labeled("PERSON", 5, 9),
            new PiiEvaluation.Labeled("LOCATION", 11, 15)));
    assertThat(merged).hasSize(1);
    assertThat(PiiEvaluation.mapLabel("STREET_ADDRESS")).isEqualTo("LOCATION");
    assertThat(PiiEvaluation.pair(List.of(a), List.of(b, a))).isEqualTo(1);
  }
}
