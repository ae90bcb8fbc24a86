package dev.palisade.detectors.injection;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The semantic layer: embeds sentence windows of the text with the in-process quantized MiniLM
 * model and compares them with the exemplar corpus.
 *
 * <p>For each window it takes the best cosine similarity to attack, task and benign exemplars;
 * the window with the highest attack margin wins (long inputs: score = max over windows). At most
 * {@link #MAX_WINDOWS} windows are embedded, spread evenly over very long inputs, so the cost is
 * bounded.
 *
 * <h2>Thread safety</h2>
 * Immutable; the embedding model is shared and safe for concurrent use.
 */
final class SemanticLayer {

  static final int MAX_WINDOWS = 12;

  /** Similarities of the best window; start/end are indices into the scanned text. */
  record Score(double attack, double task, double benign, int start, int end) {
    static final Score NONE = new Score(0, 0, 0, 0, 0);
  }

  private final EmbeddingModel model;
  private final ExemplarIndex index;

  SemanticLayer(EmbeddingModel model, ExemplarIndex index) {
    this.model = model;
    this.index = index;
  }

  /** The shared instance, loaded once on first use (about a second). */
  static SemanticLayer shared() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final SemanticLayer INSTANCE =
        new SemanticLayer(new AllMiniLmL6V2QuantizedEmbeddingModel(), ExemplarIndex.load());
  }

  /** What the model sees: whitespace collapsed, so layout does not change the embedding. */
  static String prepare(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  /**
   * Scores {@code text}: sentences are packed into windows of at most {@code windowChars}; with
   * {@code sentences} each sentence is its own window, so that one planted sentence in a document
   * is not diluted by its neighbours.
   */
  Score score(String text, int windowChars, boolean sentences) {
    List<int[]> windows = sentences ? windows(text, windowChars, 24) : windows(text, windowChars);
    Score best = Score.NONE;
    double bestMargin = Double.NEGATIVE_INFINITY;
    for (int[] w : windows) {
      String piece = prepare(text.substring(w[0], w[1]));
      if (piece.length() < 8) {
        continue;
      }
      float[] v = model.embed(piece).content().vector();
      double a = 0;
      double t = 0;
      double b = 0;
      int dim = ExemplarIndex.DIM;
      for (int i = 0; i < index.size(); i++) {
        double dot = 0;
        int off = i * dim;
        for (int d = 0; d < dim; d++) {
          dot += v[d] * index.vectors[off + d];
        }
        switch (index.labels[i]) {
          case ATTACK -> a = Math.max(a, dot);
          case TASK -> t = Math.max(t, dot);
          case BENIGN -> b = Math.max(b, dot);
        }
      }
      double margin = Math.max(a, t) - b;
      if (margin > bestMargin) {
        bestMargin = margin;
        best = new Score(a, t, b, w[0], w[1]);
      }
    }
    return best;
  }

  /** Windows of whole sentences up to {@code maxChars} (longer sentences are cut). */
  static List<int[]> windows(String text, int maxChars) {
    return windows(text, maxChars, maxChars);
  }

  /** Windows of whole sentences; a window grows past {@code packChars} only while it is shorter. */
  static List<int[]> windows(String text, int maxChars, int packChars) {
    List<int[]> sentences = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean end = c == '\n' || c == '。' || c == '！' || c == '？'
          || ((c == '.' || c == '!' || c == '?' || c == ';') && (i + 1 == n || Character.isWhitespace(text.charAt(i + 1))));
      if (end || i - start >= maxChars) {
        if (i + 1 - start > 1) {
          sentences.add(new int[] {start, i + 1});
        }
        start = i + 1;
      }
    }
    if (start < n) {
      sentences.add(new int[] {start, n});
    }
    List<int[]> windows = new ArrayList<>();
    int ws = -1;
    int we = -1;
    for (int[] s : sentences) {
      if (text.substring(s[0], s[1]).isBlank()) {
        continue;
      }
      if (ws < 0) {
        ws = s[0];
        we = s[1];
      } else if (s[1] - ws <= maxChars && (we - ws < packChars || s[1] - s[0] < 24)) {
        we = s[1];
      } else {
        windows.add(new int[] {ws, we});
        ws = s[0];
        we = s[1];
      }
    }
    if (ws >= 0) {
      windows.add(new int[] {ws, we});
    }
    if (windows.size() <= MAX_WINDOWS) {
      return windows;
    }
    List<int[]> spread = new ArrayList<>(MAX_WINDOWS);
    for (int k = 0; k < MAX_WINDOWS; k++) {
      spread.add(windows.get((int) ((long) k * (windows.size() - 1) / (MAX_WINDOWS - 1))));
    }
    return spread;
  }
}
