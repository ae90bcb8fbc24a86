package dev.palisade.detectors.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SecretsCorpusTest {

  static Path corpus() throws URISyntaxException {
    return Path.of(SecretsCorpusTest.class.getResource("/secrets/corpus.jsonl").toURI());
  }

  @Test
  void committedCorpusIsTheGeneratorsOutput() throws Exception {
    assertThat(Files.readString(corpus(), StandardCharsets.UTF_8)).isEqualTo(SecretsCorpus.generate());
  }

  @Test
  void corpusHasPositivesForEveryRule() throws Exception {
    String all = Files.readString(corpus(), StandardCharsets.UTF_8);
    for (String rule : SecretsDetector.ruleIds()) {
      assertThat(all).as(rule).contains("\"rule\":\"" + rule + "\"");
    }
  }

  @Test
  void evaluationMeetsTargets() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc = SecretsEvaluation.run(corpus(), new PrintStream(buf, true, StandardCharsets.UTF_8));
    String report = buf.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(report).isZero();
    assertThat(report).contains("recall").contains("false-positive rate");
  }

  @Test
  void badLineIsReportedByNumberWithoutItsText(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"text\":\"ok\",\"label\":\"negative\"}\n{\"text\": \"hunter2 secret\"\n");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc = SecretsEvaluation.run(f, new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(rc).isEqualTo(2);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains(":2:").doesNotContain("hunter2");
  }
}
