package dev.palisade.detectors.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The PII evaluation behind {@code palisade eval pii FILE}: reads a labelled file, runs the
 * default {@link PiiDetector} and prints precision, recall and F-scores.
 *
 * <p>Two formats are recognized from their fields:
 * <ul>
 *   <li><b>presidio-research</b> ({@code full_text}, {@code spans} with code-point offsets):
 *       per entity type precision, recall, F1 and support (a prediction matches a gold span of
 *       the same type when their character intersection over union is at least 0.7; spans of one
 *       type are merged first, as below, so a "Mr." and a "Ford" labelled apart are one name), and the
 *       overall precision, recall and F2 with entity types ignored, as presidio-research reports
 *       them: adjacent spans separated only by white space and {@code , . ; : -} are merged on
 *       both sides first, then
 *       predictions and gold spans are paired one-to-one, best overlap first, and a pair counts
 *       when its overlap is at least 0.7. Dataset labels are mapped onto Presidio's names:
 *       ADDRESS, STREET_ADDRESS, GPE, CITY, COUNTRY, STATE, ZIP → LOCATION; PER → PERSON;
 *       ORG → ORGANIZATION; DOMAIN_NAME → URL; NORP, NATIONALITY → NRP; PHONE → PHONE_NUMBER;
 *       EMAIL → EMAIL_ADDRESS; DATE, TIME → DATE_TIME. TITLE (job title) and PREFIX (Mr., Dr.)
 *       are not personal data on their own: they are left out of the gold set, and predictions
 *       overlapping them are not counted.
 *   <li><b>recognizer fixtures</b> ({@code recognizer_entity}, {@code expected_count}): each case
 *       runs a detector with only that entity type enabled. A positive agrees when every
 *       expected span is found exactly and the number of findings equals the expected count; a
 *       negative agrees when nothing of that type is found. Positives whose expected score is
 *       below 0.3 ("weak": Presidio itself scores them as barely evidence) are reported
 *       separately and not counted in the agreement.
 * </ul>
 */
public final class PiiEvaluation {

  static final double OVERLAP = 0.7;
  private static final Set<String> IGNORED = Set.of("TITLE", "PREFIX", "O");

  private PiiEvaluation() {}

  /** Evaluates {@code file} and prints the report to {@code out}; returns 0, or 2 on unreadable input. */
  public static int run(Path file, PrintStream out) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      out.println("cannot read " + file + ": not a JSON file");
      return 2;
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      out.println(file + ": expected a JSON array of samples");
      return 2;
    }
    JsonNode first = root.get(0);
    if (first.has("full_text")) {
      return presidio(root, out);
    }
    if (first.has("recognizer_entity")) {
      return fixtures(root, out);
    }
    out.println(file + ": unknown format (expected presidio-research samples or recognizer fixtures)");
    return 2;
  }

  static String mapLabel(String label) {
    String l = label.toUpperCase(Locale.ROOT);
    return switch (l) {
      case "ADDRESS", "STREET_ADDRESS", "GPE", "CITY", "COUNTRY", "STATE", "ZIP", "LOC" -> "LOCATION";
      case "PER" -> "PERSON";
      case "ORG" -> "ORGANIZATION";
      case "DOMAIN_NAME" -> "URL";
      case "NORP", "NATIONALITY" -> "NRP";
      case "PHONE" -> "PHONE_NUMBER";
      case "EMAIL" -> "EMAIL_ADDRESS";
      case "DATE", "TIME" -> "DATE_TIME";
      default -> l;
    };
  }

  record Labeled(String type, int start, int end) {}

  private static int presidio(JsonNode root, PrintStream out) {
    PiiDetector detector = PiiDetector.defaults();
    Map<String, int[]> perType = new TreeMap<>(); // tp-gold, gold, tp-pred, pred
    int tp = 0;
    int goldCount = 0;
    int predCount = 0;
    long chars = 0;
    long nanos = 0;
    for (JsonNode sample : root) {
      String text = sample.path("full_text").asText("");
      List<Labeled> gold = new ArrayList<>();
      List<Labeled> ignored = new ArrayList<>();
      for (JsonNode s : sample.path("spans")) {
        int cps = s.path("start_position").asInt();
        int cpe = s.path("end_position").asInt();
        int cpCount = text.codePointCount(0, text.length());
        if (cps < 0 || cpe > cpCount || cps >= cpe) {
          continue;
        }
        int start = text.offsetByCodePoints(0, cps);
        int end = text.offsetByCodePoints(0, cpe);
        String label = s.path("entity_type").asText();
        if (IGNORED.contains(label.toUpperCase(Locale.ROOT))) {
          ignored.add(new Labeled(label, start, end));
        } else {
          gold.add(new Labeled(mapLabel(label), start, end));
        }
      }
      long t0 = System.nanoTime();
      List<Finding> findings = detector.detect(text);
      nanos += System.nanoTime() - t0;
      chars += text.length();
      List<Labeled> pred = new ArrayList<>();
      for (Finding f : findings) {
        boolean onIgnored = false;
        for (Labeled ig : ignored) {
          if (f.start() < ig.end() && ig.start() < f.end()
              && !gold.stream().anyMatch(g -> f.start() < g.end() && g.start() < f.end())) {
            onIgnored = true;
          }
        }
        if (!onIgnored) {
          pred.add(new Labeled(f.type().name(), f.start(), f.end()));
        }
      }
      // per type, each type's adjacent spans merged as for the overall score ("Mr." + "Ford")
      gold = mergeByType(text, gold);
      pred = mergeByType(text, pred);
      boolean[] goldHit = new boolean[gold.size()];
      boolean[] predHit = new boolean[pred.size()];
      for (int g = 0; g < gold.size(); g++) {
        for (int p = 0; p < pred.size(); p++) {
          if (gold.get(g).type().equals(pred.get(p).type()) && iou(gold.get(g), pred.get(p)) >= OVERLAP) {
            goldHit[g] = true;
            predHit[p] = true;
          }
        }
      }
      for (int g = 0; g < gold.size(); g++) {
        int[] c = perType.computeIfAbsent(gold.get(g).type(), k -> new int[4]);
        c[1]++;
        if (goldHit[g]) {
          c[0]++;
        }
      }
      for (int p = 0; p < pred.size(); p++) {
        int[] c = perType.computeIfAbsent(pred.get(p).type(), k -> new int[4]);
        c[3]++;
        if (predHit[p]) {
          c[2]++;
        }
      }
      // overall, types ignored
      List<Labeled> mg = merge(text, gold);
      List<Labeled> mp = merge(text, pred);
      goldCount += mg.size();
      predCount += mp.size();
      tp += pair(mg, mp);
    }
    out.printf(Locale.ROOT, "%-28s %9s %9s %9s %8s %8s%n", "entity type", "precision", "recall", "f1", "support", "predicted");
    for (Map.Entry<String, int[]> e : perType.entrySet()) {
      int[] c = e.getValue();
      double p = c[3] == 0 ? Double.NaN : (double) c[2] / c[3];
      double r = c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
      out.printf(Locale.ROOT, "%-28s %9s %9s %9s %8d %8d%n", e.getKey(), fmt(p), fmt(r), fmt(f(p, r, 1)), c[1], c[3]);
    }
    double p = predCount == 0 ? 0 : (double) tp / predCount;
    double r = goldCount == 0 ? 0 : (double) tp / goldCount;
    out.printf(Locale.ROOT, "%noverall (entity type ignored, overlap >= %.1f): precision %.3f  recall %.3f  F2 %.3f"
        + "  (gold %d, predicted %d, matched %d)%n", OVERLAP, p, r, f(p, r, 2), goldCount, predCount, tp);
    out.printf(Locale.ROOT, "samples %d, %.1f KB, detection %.1f ms (%.2f MB/s, single thread, incl. warm-up)%n",
        root.size(), chars / 1024.0, nanos / 1e6, chars / 1e6 / (nanos / 1e9));
    return 0;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  static double f(double p, double r, double beta) {
    if (Double.isNaN(p) || Double.isNaN(r) || p + r == 0) {
      return Double.isNaN(p) || Double.isNaN(r) ? Double.NaN : 0;
    }
    double b2 = beta * beta;
    return (1 + b2) * p * r / (b2 * p + r);
  }

  static double iou(Labeled a, Labeled b) {
    int inter = Math.max(0, Math.min(a.end(), b.end()) - Math.max(a.start(), b.start()));
    int union = Math.max(a.end(), b.end()) - Math.min(a.start(), b.start());
    return union == 0 ? 0 : (double) inter / union;
  }

  /** Spans of each type merged as {@link #merge} does, types kept; sorted by type, then start. */
  static List<Labeled> mergeByType(String text, List<Labeled> spans) {
    Map<String, List<Labeled>> byType = new TreeMap<>();
    for (Labeled s : spans) {
      byType.computeIfAbsent(s.type(), k -> new ArrayList<>()).add(s);
    }
    List<Labeled> out = new ArrayList<>();
    byType.forEach((type, list) -> merge(text, list).forEach(m -> out.add(new Labeled(type, m.start(), m.end()))));
    return out;
  }

  /** Spans sorted and merged where only white space separates them (types dropped). */
  static List<Labeled> merge(String text, List<Labeled> spans) {
    List<Labeled> sorted = new ArrayList<>(spans);
    sorted.sort((x, y) -> x.start() != y.start() ? Integer.compare(x.start(), y.start()) : Integer.compare(x.end(), y.end()));
    List<Labeled> out = new ArrayList<>();
    for (Labeled s : sorted) {
      if (!out.isEmpty()) {
        Labeled last = out.get(out.size() - 1);
        if (s.start() <= last.end() || isGap(text.substring(last.end(), s.start()))) {
          out.set(out.size() - 1, new Labeled("PII", last.start(), Math.max(last.end(), s.end())));
          continue;
        }
      }
      out.add(new Labeled("PII", s.start(), s.end()));
    }
    return out;
  }

  /** White space and separating punctuation, which presidio-research skips when it merges spans. */
  static boolean isGap(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c) && ",.;:-".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** One-to-one pairs, best overlap first, with overlap at least {@link #OVERLAP}. */
  static int pair(List<Labeled> gold, List<Labeled> pred) {
    List<double[]> cands = new ArrayList<>();
    for (int g = 0; g < gold.size(); g++) {
      for (int p = 0; p < pred.size(); p++) {
        double v = iou(gold.get(g), pred.get(p));
        if (v >= OVERLAP) {
          cands.add(new double[] {v, g, p});
        }
      }
    }
    cands.sort((a, b) -> Double.compare(b[0], a[0]));
    boolean[] gu = new boolean[gold.size()];
    boolean[] pu = new boolean[pred.size()];
    int tp = 0;
    for (double[] c : cands) {
      int g = (int) c[1];
      int p = (int) c[2];
      if (!gu[g] && !pu[p]) {
        gu[g] = true;
        pu[p] = true;
        tp++;
      }
    }
    return tp;
  }

  private static double expectedLowerBound(JsonNode c) {
    JsonNode v = c.has("expected_score") ? c.get("expected_score")
        : c.has("expected_score_ranges") ? c.get("expected_score_ranges")
        : c.has("expected_scores") ? c.get("expected_scores") : c.get("score");
    return lower(v);
  }

  private static double lower(JsonNode v) {
    if (v == null || v.isNull()) {
      return 1.0;
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      return 1.0; // "max"
    }
    if (v.isArray()) {
      if (v.isEmpty()) {
        return 1.0;
      }
      double min = 1.0;
      for (JsonNode x : v) {
        min = Math.min(min, x.isArray() ? lower(x.get(0)) : lower(x));
      }
      return min;
    }
    return 1.0;
  }

  private static int fixtures(JsonNode root, PrintStream out) {
    Map<String, PiiDetector> detectors = new HashMap<>();
    Map<String, int[]> perType = new TreeMap<>(); // agree, counted, weakFound, weak
    int agree = 0;
    int counted = 0;
    int weakFound = 0;
    int weak = 0;
    List<String> failures = new ArrayList<>();
    int index = 0;
    for (JsonNode c : root) {
      String type = c.path("recognizer_entity").asText();
      String text = c.path("text").asText("");
      int expected = c.path("expected_count").asInt();
      PiiDetector d = !PiiDetector.allTypes().contains(EntityType.of(type)) ? null
          : detectors.computeIfAbsent(type, t -> PiiDetector.builder()
          .enabledTypes(Set.of(EntityType.of(t)))
          .ner(Set.of("PERSON", "LOCATION", "ORGANIZATION", "NRP", "AGE").contains(t))
          .build());
      TreeSet<String> found = new TreeSet<>();
      int count = 0;
      for (Finding f : d == null ? List.<Finding>of() : d.detect(text)) {
        if (f.type().name().equals(type)) {
          found.add(f.start() + ":" + f.end());
          count++;
        }
      }
      boolean ok;
      if (expected == 0) {
        ok = count == 0;
      } else {
        ok = count == expected;
        for (JsonNode s : c.path("spans")) {
          ok &= found.contains(s.path("start").asInt() + ":" + s.path("end").asInt());
        }
      }
      int[] pt = perType.computeIfAbsent(type, k -> new int[4]);
      if (expected > 0 && expectedLowerBound(c) < 0.3) {
        weak++;
        pt[3]++;
        if (ok) {
          weakFound++;
          pt[2]++;
        }
      } else {
        counted++;
        pt[1]++;
        if (ok) {
          agree++;
          pt[0]++;
        } else {
          failures.add("#" + index + " " + type + (expected == 0 ? " (negative)" : " (positive)"));
        }
      }
      index++;
    }
    out.printf(Locale.ROOT, "%-28s %7s %7s %12s%n", "entity type", "agree", "cases", "weak found");
    for (Map.Entry<String, int[]> e : perType.entrySet()) {
      int[] v = e.getValue();
      out.printf(Locale.ROOT, "%-28s %7d %7d %7d / %d%n", e.getKey(), v[0], v[1], v[2], v[3]);
    }
    out.printf(Locale.ROOT, "%nagreement: %d / %d = %.1f%% (positives found with the exact span, negatives not matched)%n",
        agree, counted, 100.0 * agree / Math.max(1, counted));
    out.printf(Locale.ROOT, "weak-score positives (expected score < 0.3), not counted above: %d / %d found at the default thresholds%n",
        weakFound, weak);
    if (!failures.isEmpty()) {
      out.println("disagreeing cases (index in file): " + String.join(", ", failures));
    }
    return 0;
  }
}
