package dev.palisade.detectors.injection;

import dev.palisade.detect.Channel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Measures the injection detector on labelled JSONL files, scored as one set: TPR per attack
 * source, FPR per benign source, ROC AUC and the TPR at FPR at most 1%.
 *
 * <p>Each line is {@code {"text", "label": "attack"|"benign", "source"}} with optional
 * {@code channel} (default {@code user}), {@code suspect} (benign rows left out of false-positive
 * rates and of the curve) and {@code duplicate} (rows repeating an earlier text, left out). Without
 * {@code source}, rows are grouped by {@code kind/lang} (the project's corpus files).
 *
 * <pre>
 * bin/palisade eval injection [--no-embeddings] FILE [FILE...]
 * java -cp ... dev.palisade.detectors.injection.InjectionEvaluation [--no-embeddings] [--dump OUT.tsv] FILE [FILE...]
 * </pre>
 */
public final class InjectionEvaluation {

  private InjectionEvaluation() {}

  /** One scored row. */
  record Row(String id, boolean attack, String source, Channel channel, boolean suspect, double score,
      boolean flagged, String evidence) {}

  /**
   * Evaluates {@code files} as one set with the default detector (or without its embedding layer);
   * returns 0, or 2 for unreadable input.
   */
  public static int run(List<Path> files, PrintStream out, boolean embeddings) {
    return run(files, out, InjectionDetector.builder().embeddings(embeddings).build(), null);
  }

  static int run(List<Path> files, PrintStream out, InjectionDetector detector, Path dump) {
    List<Row> rows = new ArrayList<>();
    long t0 = System.nanoTime();
    try {
      for (Path file : files) {
        rows.addAll(score(file, detector));
      }
    } catch (IOException | IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      return 2;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    report(rows, out, detector);
    out.printf(Locale.ROOT, "rows=%d time=%d ms (%.2f ms/row, includes model load)%n",
        rows.size(), ms, rows.isEmpty() ? 0.0 : ms / (double) rows.size());
    if (dump != null) {
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dump, StandardCharsets.UTF_8))) {
        for (Row r : rows) {
          w.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%.4f\t%s%n", r.id(), r.attack() ? "attack" : "benign",
              r.source(), r.suspect() ? "suspect" : "-", r.score(), r.evidence());
        }
      } catch (IOException e) {
        out.println("error: cannot write dump: " + e.getMessage());
        return 2;
      }
    }
    return 0;
  }

  static List<Row> score(Path file, InjectionDetector detector) throws IOException {
    List<Row> rows = new ArrayList<>();
    JsonlRows.forEach(file, (lineNo, node) -> {
      if (!node.hasNonNull("text") || !node.hasNonNull("label")) {
        throw new IllegalArgumentException(file.getFileName() + " line " + lineNo + ": needs text and label");
      }
      if (node.path("duplicate").asBoolean(false)) {
        return;
      }
      String label = node.get("label").asText();
      if (!label.equals("attack") && !label.equals("benign")) {
        throw new IllegalArgumentException(file.getFileName() + " line " + lineNo + ": label must be attack or benign");
      }
      Channel channel = node.hasNonNull("channel") ? Channel.fromId(node.get("channel").asText()) : Channel.USER;
      InjectionVerdict v = detector.scan(node.get("text").asText(), channel);
      String evidence = v.evidence().stream()
          .map(e -> e.signal() + "=" + e.weight())
          .collect(Collectors.joining(","));
      rows.add(new Row(node.path("id").asText("line-" + lineNo), label.equals("attack"),
          node.path("source").asText(node.has("kind") ? node.path("kind").asText() + "/" + node.path("lang").asText("-") : "unknown"), channel, node.path("suspect").asBoolean(false),
          v.score(), v.flagged(), evidence));
    });
    return rows;
  }

  static void report(List<Row> rows, PrintStream out, InjectionDetector detector) {
    Map<String, int[]> attack = new TreeMap<>();
    Map<String, int[]> benign = new TreeMap<>();
    for (Row r : rows) {
      if (r.attack()) {
        int[] c = attack.computeIfAbsent(r.source() + " [" + r.channel().id() + "]", k -> new int[2]);
        c[0] += r.flagged() ? 1 : 0;
        c[1]++;
      } else if (!r.suspect()) {
        int[] c = benign.computeIfAbsent(r.source() + " [" + r.channel().id() + "]", k -> new int[2]);
        c[0] += r.flagged() ? 1 : 0;
        c[1]++;
      }
    }
    out.println("thresholds: user=" + detector.threshold(Channel.USER) + " document="
        + detector.threshold(Channel.DOCUMENT) + " tool=" + detector.threshold(Channel.TOOL));
    attack.forEach((s, c) -> out.printf(Locale.ROOT, "TPR %-50s %.4f (%d/%d)%n", s, c[0] / (double) c[1], c[0], c[1]));
    benign.forEach((s, c) -> out.printf(Locale.ROOT, "FPR %-50s %.4f (%d/%d)%n", s, c[0] / (double) c[1], c[0], c[1]));
    long suspects = rows.stream().filter(r -> !r.attack() && r.suspect()).count();
    long suspectsFlagged = rows.stream().filter(r -> !r.attack() && r.suspect() && r.flagged()).count();
    if (suspects > 0) {
      out.printf(Locale.ROOT, "suspect benign rows (not in FPR): %d flagged of %d%n", suspectsFlagged, suspects);
    }
    double[] pos = rows.stream().filter(Row::attack).mapToDouble(Row::score).toArray();
    double[] neg = rows.stream().filter(r -> !r.attack() && !r.suspect()).mapToDouble(Row::score).toArray();
    if (pos.length > 0 && neg.length > 0) {
      out.printf(Locale.ROOT, "ROC AUC %.4f%n", auc(pos, neg));
      double[] at = tprAtFpr(pos, neg, 0.01);
      out.printf(Locale.ROOT, "TPR at FPR<=1%% %.4f (threshold %.4f, FPR %.4f)%n", at[0], at[1], at[2]);
    }
  }

  /** Mann-Whitney AUC with ties counted half. */
  static double auc(double[] pos, double[] neg) {
    double[] n = neg.clone();
    Arrays.sort(n);
    double sum = 0;
    for (double p : pos) {
      int below = lowerBound(n, p);
      int upTo = upperBound(n, p);
      sum += below + 0.5 * (upTo - below);
    }
    return sum / ((double) pos.length * neg.length);
  }

  /** {TPR, threshold, FPR} at the lowest threshold whose FPR is at most {@code maxFpr}. */
  static double[] tprAtFpr(double[] pos, double[] neg, double maxFpr) {
    double[] n = neg.clone();
    Arrays.sort(n);
    int allowed = (int) Math.floor(maxFpr * n.length);
    // Flag score > t: choose t as the (allowed+1)-th highest negative score.
    double t = n[Math.max(0, n.length - 1 - allowed)];
    long tp = Arrays.stream(pos).filter(p -> p > t).count();
    long fp = Arrays.stream(n).filter(x -> x > t).count();
    return new double[] {tp / (double) pos.length, t, fp / (double) n.length};
  }

  private static int lowerBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  public static void main(String[] args) {
    boolean embeddings = true;
    Path dump = null;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--no-embeddings" -> embeddings = false;
        case "--dump" -> dump = Path.of(args[++i]);
        default -> files.add(Path.of(args[i]));
      }
    }
    if (files.isEmpty()) {
      System.err.println("usage: InjectionEvaluation [--no-embeddings] [--dump OUT.tsv] FILE.jsonl [FILE.jsonl...]");
      System.exit(2);
    }
    System.exit(run(files, System.out, InjectionDetector.builder().embeddings(embeddings).build(), dump));
  }
}
