package dev.palisade.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return PolicyCommand.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void validatePrintsEveryProblemOfEveryFileAndExitsOne() throws IOException {
    Path good = write("good.yaml", "id: good\nrules: [{id: s, detector: input-size}]\n");
    Path bad = write("bad.yaml", "id: bad\nmode: loud\nrules:\n  - id: s\n    detector: input-size\n    acton: block\n");
    assertThat(run("validate", good.toString(), bad.toString())).isEqualTo(1);
    assertThat(out.toString().lines()).containsExactly(
        good + ": ok",
        bad + ":2:7: mode: \"loud\" is not allowed; allowed values: enforce, monitor",
        bad + ":6:5: rules[0]: unknown key \"acton\" (did you mean \"action\"?); allowed keys: id, description,"
            + " requirements, enabled, optional, detector, options, channels, entities, minScore, action, actions, operator,"
            + " operators, mode, failOpen, timeout");
  }

  @Test
  void validateExitsZeroWhenAllAreValid() throws IOException {
    Path good = write("good.json", "{\"id\": \"good\"}");
    assertThat(run("validate", good.toString())).isZero();
  }

  @Test
  void validateReportsAMissingFileAsAProblem() {
    assertThat(run("validate", dir.resolve("none.yaml").toString())).isEqualTo(1);
    assertThat(out.toString()).contains("none.yaml:1:1: cannot read file");
  }

  @Test
  void testRunsTheCasesAndFailsOnAFailure() throws IOException {
    Path p = write("p.yaml", """
        id: p
        rules: [{id: size, detector: input-size, options: {maxChars: 5}}]
        tests:
          - {name: short, input: hi, expect: {decision: allow}}
          - {name: long, input: hello world, expect: {decision: block, findings: [INPUT_TOO_LARGE]}}
          - {name: wrong, input: hi, expect: {decision: block}}
        """);
    assertThat(run("test", p.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("  PASS short", "  PASS long", "  FAIL wrong",
        "decision: expected BLOCK, was ALLOW", "p: 2 passed, 1 failed");
  }

  @Test
  void testExitsZeroWhenEveryCasePasses() throws IOException {
    Path p = write("p.yaml", "id: p\ntests: [{name: ok, input: hi, expect: {decision: allow}}]\n");
    assertThat(run("test", p.toString())).isZero();
    assertThat(out.toString()).contains("p: 1 passed, 0 failed");
  }

  @Test
  void explainPrintsTheMergedPolicy() throws IOException {
    write("base.yaml", "id: base\nrules: [{id: size, detector: input-size, options: {maxChars: 5}}]\n");
    Path p = write("p.yaml", "id: p\nextends: base.yaml\nmode: monitor\nrules: [{id: size, options: {maxChars: 9}}]\n");
    assertThat(run("explain", p.toString())).isZero();
    assertThat(out.toString())
        .contains("# effective policy p version 1", "# rule size: input-size on [document, tool, user] -> block (monitor)",
            "maxChars: 9", "mode: monitor")
        .doesNotContain("extends").containsPattern("# sha256 [0-9a-f]{64}");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("validate", "test", "explain");
  }
}
