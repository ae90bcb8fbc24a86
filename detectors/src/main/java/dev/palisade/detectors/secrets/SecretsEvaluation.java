package dev.palisade.detectors.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The evaluation of {@link SecretsDetector} on a labelled corpus: precision and recall per rule,
 * overall recall, and the false-positive rate on the negatives.
 *
 * <p>The corpus is JSON Lines, one case a line: {@code {"text": "...", "label": "positive",
 * "rule": "github-pat"}} or {@code {"text": "...", "label": "negative", "kind": "uuid"}}. A positive
 * counts as detected when any finding overlaps the line; a finding counts towards its rule's
 * precision when it is on a positive line of the same rule. Run by
 * {@code bin/palisade eval secrets FILE}.
 */
public final class SecretsEvaluation {

  /** Recall the detector must reach on the positives. */
  public static final double TARGET_RECALL = 0.98;
  /** Largest share of negatives that may get a finding. */
  public static final double TARGET_FALSE_POSITIVE_RATE = 0.005;

  private SecretsEvaluation() {}

  private static final class RuleStats {
    int positives;
    int detected;
    int detectedByRule;
    int findings;
    int correctFindings;
  }

  /**
   * Evaluates the bundled detector on {@code file} and prints the table to {@code out}.
   *
   * @return 0 when both targets are met, 1 when one is missed, 2 when the file cannot be read or a
   *     line is not a valid case (the message names the line, never its text)
   */
  public static int run(Path file, PrintStream out) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(out, "out");
    SecretsDetector detector = SecretsDetector.create();
    ObjectMapper json = new ObjectMapper();
    Map<String, RuleStats> stats = new TreeMap<>();
    for (String id : SecretsDetector.ruleIds()) {
      stats.put(id, new RuleStats());
    }
    int positives = 0;
    int detected = 0;
    int negatives = 0;
    int negativesFlagged = 0;
    Map<String, int[]> negativeKinds = new TreeMap<>();
    int lineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (JsonProcessingException e) {
          out.println(file + ":" + lineNo + ": not a JSON object");
          return 2;
        }
        String text = node.path("text").isTextual() ? node.get("text").asText() : null;
        String label = node.path("label").asText("");
        if (text == null || !(label.equals("positive") || label.equals("negative"))) {
          out.println(file + ":" + lineNo + ": expected \"text\" and \"label\": positive|negative");
          return 2;
        }
        List<SecretMatch> found = detector.scan(text);
        if (label.equals("positive")) {
          String rule = node.path("rule").asText("");
          RuleStats rs = stats.get(rule);
          if (rs == null) {
            out.println(file + ":" + lineNo + ": unknown rule \"" + rule + "\"");
            return 2;
          }
          positives++;
          rs.positives++;
          if (!found.isEmpty()) {
            detected++;
            rs.detected++;
          }
          if (found.stream().anyMatch(m -> m.rule().equals(rule))) {
            rs.detectedByRule++;
          }
          for (SecretMatch m : found) {
            RuleStats fs = stats.get(m.rule());
            fs.findings++;
            if (m.rule().equals(rule)) {
              fs.correctFindings++;
            }
          }
        } else {
          negatives++;
          int[] kind = negativeKinds.computeIfAbsent(node.path("kind").asText("other"), k -> new int[2]);
          kind[0]++;
          if (!found.isEmpty()) {
            negativesFlagged++;
            kind[1]++;
          }
          for (SecretMatch m : found) {
            stats.get(m.rule()).findings++;
          }
        }
      }
    } catch (IOException e) {
      out.println(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
      return 2;
    }

    out.printf(Locale.ROOT, "%-32s %9s %8s %7s %8s %9s%n",
        "rule", "positives", "detected", "recall", "findings", "precision");
    for (var e : stats.entrySet()) {
      RuleStats s = e.getValue();
      if (s.positives == 0 && s.findings == 0) {
        continue;
      }
      out.printf(Locale.ROOT, "%-32s %9d %8d %7s %8d %9s%n", e.getKey(), s.positives,
          s.detectedByRule, ratio(s.detectedByRule, s.positives), s.findings,
          ratio(s.correctFindings, s.findings));
    }
    double recall = positives == 0 ? 0 : (double) detected / positives;
    double fpRate = negatives == 0 ? 0 : (double) negativesFlagged / negatives;
    out.println();
    out.printf(Locale.ROOT, "negatives by kind:%n");
    for (var e : negativeKinds.entrySet()) {
      out.printf(Locale.ROOT, "  %-28s %6d flagged %d%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
    }
    out.println();
    out.printf(Locale.ROOT, "positives %d, detected %d, recall %.4f (target >= %.2f)%n",
        positives, detected, recall, TARGET_RECALL);
    out.printf(Locale.ROOT, "negatives %d, flagged %d, false-positive rate %.4f%% (target <= %.1f%%)%n",
        negatives, negativesFlagged, fpRate * 100, TARGET_FALSE_POSITIVE_RATE * 100);
    return recall >= TARGET_RECALL && fpRate <= TARGET_FALSE_POSITIVE_RATE ? 0 : 1;
  }

  private static String ratio(int num, int den) {
    return den == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) num / den);
  }
}
