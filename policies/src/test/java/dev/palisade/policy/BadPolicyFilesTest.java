package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code bad/} fails to load with exactly the problems its {@code # expect:}
 * comments list, and the JSON Schema alone rejects exactly the files marked {@code # schema:
 * invalid} (the others are structurally fine and fail only the loader's cross-checks).
 */
class BadPolicyFilesTest {

  static Stream<Path> badFiles() throws IOException, URISyntaxException {
    Path dir = Path.of(BadPolicyFilesTest.class.getResource("bad").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void reportsExactlyTheExpectedProblems(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> expected = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("# expect: ")) {
        String e = l.substring("# expect: ".length());
        expected.add(Character.isDigit(e.charAt(0)) ? file.getFileName() + ":" + e : e);
      }
    }
    assertThat(expected).as("a bad file lists what it expects").isNotEmpty();

    assertThatThrownBy(() -> Policies.load(file))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          List<String> actual = e.problems().stream().map(BadPolicyFilesTest::shortForm).toList();
          assertThat(actual).as("problems of %s", file.getFileName()).hasSameSizeAs(expected);
          for (String want : expected) {
            assertThat(actual).as("problems of %s", file.getFileName()).anyMatch(a -> a.startsWith(want));
          }
          assertThat(e.getMessage()).contains(String.valueOf(expected.size()));
        });
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void theSchemaAloneRejectsExactlyTheStructurallyBadFiles(Path file) throws IOException {
    String text = Files.readString(file);
    boolean schemaInvalid = text.startsWith("# schema: invalid");
    assertThat(schemaInvalid || text.startsWith("# schema: valid")).as("file declares its schema verdict").isTrue();
    Problems problems = new Problems();
    Node root = TreeReader.read(Files.readAllBytes(file), file.getFileName().toString(), false, problems);
    if (root != null) {
      Schema.get().validate(root, problems);
    }
    assertThat(!problems.isEmpty()).as("schema rejects %s", file.getFileName()).isEqualTo(schemaInvalid);
  }

  static String shortForm(Problem p) {
    return new Problem(Path.of(p.file()).getFileName().toString(), p.line(), p.column(), p.path(), p.message()).toString();
  }
}
