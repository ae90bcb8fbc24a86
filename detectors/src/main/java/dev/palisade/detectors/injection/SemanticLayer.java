package dev.palisade.detectors.injection;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The semantic layer: embeds a few windows of the text with the in-process quantized MiniLM model
 * and compares them with the exemplar corpus.
 *
 * <p>One model call costs milliseconds, so the layer embeds few windows: the text is cut into
 * candidate windows (user text: sentences packed into about 128 word pieces; documents and tool
 * results: one sentence each, so that a planted sentence is not diluted), a cheap lexical
 * pre-filter ranks them by cue words of instructions aimed at an assistant, and only the best
 * {@link #MAX_USER_EMBEDS} (user) or {@link #MAX_DOCUMENT_EMBEDS} (documents) are embedded. A
 * window that already decides the verdict ends the scan early. Similarities are cached by a 64-bit
 * hash of the window (never its text), so the earlier turns of a conversation that is rescanned on
 * every call cost nothing.
 *
 * <p>For each window the layer takes the best cosine similarity to attack, task and benign
 * exemplars; the window with the highest attack margin wins.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use: the embedding model is shared and safe, the cache is concurrent.
 */
final class SemanticLayer {

  static final int MAX_WINDOWS = 12;
  /** Candidate windows looked at by the pre-filter; long inputs are sampled evenly. */
  static final int MAX_CANDIDATES = 256;
  /** About 50 word pieces of English text: the model's cost grows with the tokens it reads. */
  static final int USER_WINDOW_CHARS = 200;
  static final int SENTENCE_CHARS = 200;
  /**
   * Characters embedded per scan, at most (one window is always embedded). The quantized MiniLM
   * costs roughly 3 ms plus 0.15 ms per word piece on one core, so this keeps a scan near 10 ms.
   */
  static final int EMBED_CHARS = 240;
  static final int MAX_USER_EMBEDS = 1;
  static final int MAX_DOCUMENT_EMBEDS = 3;
  static final int CACHE_SIZE = 4096;
  /** Pre-filter rank added to a window that a rule matched in. */
  static final double HINT_BONUS = 3.0;

  /** Similarities of the best window; start/end are indices into the scanned text. */
  record Score(double attack, double task, double benign, int start, int end) {
    static final Score NONE = new Score(0, 0, 0, 0, 0);
  }

  private final EmbeddingModel model;
  private final ExemplarIndex index;
  private final Map<Long, double[]> cache = new ConcurrentHashMap<>();

  SemanticLayer(EmbeddingModel model, ExemplarIndex index) {
    this.model = model;
    this.index = index;
  }

  /** The shared instance, built by the first call (about a second, less after {@link #preload}). */
  static SemanticLayer shared() {
    SemanticLayer layer = instance;
    return layer != null ? layer : build();
  }

  /**
   * Starts what can load before the first scan on daemon threads, so that it loads while the
   * caller builds its other detectors; {@link #shared} then waits only for what is left.
   */
  static void preload() {
    preparation();
  }

  private static volatile SemanticLayer instance;
  /** Guarded by the class lock. */
  private static Preparation preparation;
  /** Guarded by the class lock: why the first build failed, thrown again without retrying. */
  private static IllegalStateException failure;

  private static synchronized Preparation preparation() {
    if (preparation == null) {
      preparation = new Preparation();
    }
    return preparation;
  }

  private static synchronized SemanticLayer build() {
    if (instance == null && failure == null) {
      try {
        instance = preparation().finish();
      } catch (RuntimeException e) {
        failure = new IllegalStateException("cannot load the embedding model or the exemplar corpus", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return instance;
  }

  /** Loads the model and the exemplar index on this thread (see {@link Preparation}). */
  static SemanticLayer load() {
    return new Preparation().finish();
  }

  /**
   * The load in two parts. On two daemon threads: the ONNX Runtime starts on one while the other
   * reads the model, loads the tokenizer's native library, then the exemplar vectors. Two threads,
   * not more: the caller's thread builds the rules meanwhile, and machines may have two cores.
   * Then {@link #finish}, on the thread that first needs the layer, creates the ONNX session (about
   * 0.1 s). The session is not created in the background because a process that exits while it is
   * being created crashes: the ONNX Runtime's own shutdown hook releases its environment under the
   * session (SIGSEGV, exit code 134 and an hs_err file instead of the caller's exit code), which a
   * command that exits early on bad input would hit about half the time.
   */
  private static final class Preparation {
    final MiniLmLoader loader = new MiniLmLoader();
    final CompletableFuture<ExemplarIndex> index = new CompletableFuture<>();

    Preparation() {
      daemon("palisade-embedding-runtime", loader::startRuntime);
      daemon("palisade-embedding-read", () -> {
        try {
          loader.prepare();
          index.complete(ExemplarIndex.load());
        } catch (Throwable e) {
          index.completeExceptionally(e); // never leave finish() waiting
        }
      });
    }

    SemanticLayer finish() {
      EmbeddingModel model = loader.load();
      try {
        return new SemanticLayer(model, index.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  /** What the model sees: whitespace collapsed, so layout does not change the embedding. */
  static String prepare(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  /** Scores {@code text} as user text ({@code document == false}) or as a document or tool result. */
  Score score(String text, boolean document) {
    return score(text, document, List.of(), s -> false);
  }

  /**
   * Scores {@code text}; embedding stops early once {@code decided} accepts the best score so far
   * (the caller knows whether that score already flags the text). Windows that overlap one of the
   * {@code hints} (spans where a rule matched) are embedded first.
   */
  Score score(String text, boolean document, List<int[]> hints, java.util.function.Predicate<Score> decided) {
    List<int[]> candidates = document
        ? windows(text, SENTENCE_CHARS, 24, MAX_CANDIDATES)
        : windows(text, USER_WINDOW_CHARS, USER_WINDOW_CHARS, MAX_CANDIDATES);
    int budget = document ? MAX_DOCUMENT_EMBEDS : MAX_USER_EMBEDS;
    Score best = Score.NONE;
    double bestMargin = Double.NEGATIVE_INFINITY;
    int chars = 0;
    for (int[] w : select(text, candidates, budget, document, hints)) {
      String piece = prepare(text.substring(w[0], w[1]));
      if (piece.length() < 8 || (chars > 0 && chars + piece.length() > EMBED_CHARS)) {
        continue;
      }
      chars += piece.length();
      double[] sims = similarities(piece);
      double margin = Math.max(sims[0], sims[1]) - sims[2];
      if (margin > bestMargin) {
        bestMargin = margin;
        best = new Score(sims[0], sims[1], sims[2], w[0], w[1]);
        if (decided.test(best)) {
          break;
        }
      }
    }
    return best;
  }

  /** Best similarity to attack, task and benign exemplars; cached by a hash of the piece. */
  double[] similarities(String piece) {
    long key = hash(piece);
    double[] cached = cache.get(key);
    if (cached != null) {
      return cached;
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
    double[] sims = {a, t, b};
    if (cache.size() >= CACHE_SIZE) {
      cache.clear(); // crude but bounded; a conversation refills it at once
    }
    cache.put(key, sims);
    return sims;
  }

  /** 64-bit FNV-1a over the chars: the cache keeps no text. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h ^ ((long) s.length() << 32);
  }

  /**
   * The windows worth embedding, best first: those with the most cue words of an instruction to
   * an assistant (per word for user text, where the first window also gets a bonus since that is
   * where a persona is set up; absolute for single sentences). Windows without any cue are never
   * embedded in documents: a plain sentence of an e-mail is not an injection.
   */
  static List<int[]> select(String text, List<int[]> candidates, int budget, boolean document, List<int[]> hints) {
    if (candidates.size() <= budget && !document) {
      return candidates;
    }
    double[] rank = new double[candidates.size()];
    Integer[] order = new Integer[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      int[] w = candidates.get(i);
      int[] cw = Cues.count(text, w[0], w[1]);
      double r = (document ? cw[0] : cw[0] / Math.sqrt(Math.max(1, cw[1]))) / 2.0;
      if (!document && i == 0) {
        r += 0.5;
      }
      for (int[] h : hints) {
        if (h[0] < w[1] && h[1] > w[0]) {
          r += HINT_BONUS;
          break;
        }
      }
      rank[i] = r;
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> rank[x] != rank[y] ? Double.compare(rank[y], rank[x]) : Integer.compare(x, y));
    List<int[]> out = new ArrayList<>(budget);
    for (int k = 0; k < order.length && out.size() < budget; k++) {
      if (document && rank[order[k]] < Cues.MIN_DOCUMENT_CUES) {
        break;
      }
      out.add(candidates.get(order[k]));
    }
    return out;
  }

  /** Windows of whole sentences up to {@code maxChars} (longer sentences are cut). */
  static List<int[]> windows(String text, int maxChars) {
    return windows(text, maxChars, maxChars, MAX_WINDOWS);
  }

  /** Whether {@code text[from, to)} is whitespace only; no copy (documents call this per sentence). */
  private static boolean blank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Windows of whole sentences; a window grows past {@code packChars} only while it is shorter. */
  static List<int[]> windows(String text, int maxChars, int packChars, int limit) {
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
      if (blank(text, s[0], s[1])) {
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
    if (windows.size() <= limit) {
      return windows;
    }
    List<int[]> spread = new ArrayList<>(limit);
    for (int k = 0; k < limit; k++) {
      spread.add(windows.get((int) ((long) k * (windows.size() - 1) / (limit - 1))));
    }
    return spread;
  }
}
