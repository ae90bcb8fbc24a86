package dev.palisade.detectors.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSONL file of labelled texts one row at a time (the corpus, evaluation sets). Blank lines
 * are skipped; a line that is not JSON fails with the file name and line number, never its text.
 */
final class JsonlRows {

  /** Receives one parsed row and its 1-based line number. */
  @FunctionalInterface
  interface Row {
    void accept(int lineNo, JsonNode node) throws IOException;
  }

  private JsonlRows() {}

  static void forEach(Path file, Row row) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (IOException e) {
          throw new IllegalArgumentException(file.getFileName() + " line " + lineNo + ": not JSON");
        }
        row.accept(lineNo, node);
      }
    }
  }
}
