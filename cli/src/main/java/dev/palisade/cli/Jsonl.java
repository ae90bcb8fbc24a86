package dev.palisade.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.detect.Channel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Reads the scan contract's JSONL, one line at a time (constant memory), and writes one output
 * line per input line. A bad line is reported on stderr by line number (never with its content),
 * produces no output, and makes the exit code 2; the other lines are still processed.
 */
final class Jsonl {

  /** One parsed input line. */
  record Line(JsonNode id, String text, Channel channel) {}

  /** Turns one input line into its output object. */
  interface Handler {
    ObjectNode handle(Line line);
  }

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Jsonl() {}

  /** Processes every line; returns the exit code (0, or 2 if any line was bad). */
  static int process(BufferedReader in, PrintStream out, PrintWriter err, Handler handler) throws IOException {
    int exit = 0;
    long number = 0;
    String raw;
    while ((raw = in.readLine()) != null) {
      number++;
      if (raw.isBlank()) {
        continue;
      }
      Line line;
      try {
        line = parse(raw);
      } catch (BadLine e) {
        err.println("palisade: line " + number + ": " + e.getMessage());
        err.flush();
        exit = 2;
        continue;
      }
      out.println(MAPPER.writeValueAsString(handler.handle(line)));
    }
    out.flush();
    return exit;
  }

  static Line parse(String raw) throws BadLine {
    JsonNode node;
    try {
      node = MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new BadLine("not valid JSON (" + e.getOriginalMessage().replaceAll("[\"'].*", "").trim() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new BadLine("expected a JSON object");
    }
    JsonNode id = node.get("id");
    if (id == null || !(id.isTextual() || id.isNumber())) {
      throw new BadLine("field \"id\" must be a string or a number");
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) {
      throw new BadLine("field \"text\" must be a string");
    }
    Channel channel = Channel.USER;
    JsonNode c = node.get("channel");
    if (c != null && !c.isNull()) {
      if (!c.isTextual()) {
        throw new BadLine("field \"channel\" must be one of user, document, tool, output");
      }
      switch (c.asText()) {
        case "user" -> channel = Channel.USER;
        case "document" -> channel = Channel.DOCUMENT;
        case "tool" -> channel = Channel.TOOL;
        case "output" -> channel = Channel.OUTPUT;
        default -> throw new BadLine("field \"channel\" must be one of user, document, tool, output");
      }
    }
    return new Line(id, text.asText(), channel);
  }

  /** A line that does not follow the contract; the message never quotes the line. */
  static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    BadLine(String message) {
      super(message, null, false, false);
    }
  }
}
