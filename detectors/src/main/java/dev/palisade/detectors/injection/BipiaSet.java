package dev.palisade.detectors.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds an indirect-injection evaluation set from BIPIA's raw files: each carrier e-mail alone is
 * a benign document; the same e-mails with an attack instruction inserted at the start, middle or
 * end are attacks. All rows have channel {@code document}.
 *
 * <pre>
 * java -cp ... dev.palisade.detectors.injection.BipiaSet /work/shared/data/injection/raw/bipia bipia.jsonl
 * </pre>
 *
 * <p>Deterministic: attack {@code i} goes into e-mail {@code i mod n} at every one of the three
 * positions, so the set has {@code 3 x attacks} attack rows and one benign row per e-mail.
 */
public final class BipiaSet {

  private BipiaSet() {}

  public static int build(Path rawDir, Path out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> emails = new ArrayList<>();
    for (String line : Files.readAllLines(rawDir.resolve("email_train.jsonl"), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        emails.add(json.readTree(line).get("context").asText());
      }
    }
    List<String[]> attacks = new ArrayList<>();
    for (String kind : List.of("text", "code")) {
      JsonNode root = json.readTree(rawDir.resolve(kind + "_attack_train.json").toFile());
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        for (JsonNode a : e.getValue()) {
          attacks.add(new String[] {kind, e.getKey(), a.asText()});
        }
      }
    }
    int rows = 0;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (int i = 0; i < emails.size(); i++) {
        w.write(row(json, "bipia-benign-" + i, emails.get(i), "benign", "bipia/email", null));
        rows++;
      }
      Random random = new Random(42);
      for (int i = 0; i < attacks.size(); i++) {
        String[] a = attacks.get(i);
        String email = emails.get(i % emails.size());
        for (String pos : List.of("start", "middle", "end")) {
          String text = switch (pos) {
            case "start" -> a[2] + "\n" + email;
            case "end" -> email + "\n" + a[2];
            default -> insertMiddle(email, a[2], random);
          };
          w.write(row(json, "bipia-" + a[0] + "-" + i + "-" + pos, text, "attack", "bipia/" + a[0], a[1]));
          rows++;
        }
      }
    }
    return rows;
  }

  /** Inserts at a sentence boundary near the middle (or at a random space if there is none). */
  private static String insertMiddle(String email, String attack, Random random) {
    int mid = email.length() / 2;
    int best = -1;
    for (int i = 0; i < email.length(); i++) {
      char c = email.charAt(i);
      if ((c == '.' || c == '\n' || c == '!' || c == '?') && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) {
        best = i + 1;
      }
    }
    if (best < 0) {
      int space = email.indexOf(' ', random.nextInt(Math.max(1, email.length())));
      best = space < 0 ? email.length() : space;
    }
    return email.substring(0, best) + " " + attack + " " + email.substring(best);
  }

  private static String row(ObjectMapper json, String id, String text, String label, String source, String category)
      throws IOException {
    ObjectNode n = json.createObjectNode();
    n.put("id", id);
    n.put("text", text);
    n.put("label", label);
    n.put("source", source);
    n.put("channel", "document");
    if (category != null) {
      n.put("category", category);
    }
    return json.writeValueAsString(n) + "\n";
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: BipiaSet RAW_BIPIA_DIR OUT.jsonl");
      System.exit(2);
    }
    int n = build(Path.of(args[0]), Path.of(args[1]));
    System.out.println("wrote " + n + " rows to " + args[1]);
  }
}
