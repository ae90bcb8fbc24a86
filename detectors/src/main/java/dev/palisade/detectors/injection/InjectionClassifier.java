package dev.palisade.detectors.injection;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A logistic regression over character n-grams and words of the normalized text: how much a text
 * reads like an injection or a jailbreak, as log-odds.
 *
 * <p>The rules know devices; this model knows wording. Features come in two blocks: the 2- to
 * 5-grams of every word (padded with a space on each side, so word starts and ends count), hashed
 * into {@value #CHAR_BUCKETS} buckets, and the words (runs of letters and digits; single letters
 * in Chinese, Japanese and Thai, see {@link #unspaced}) and pairs of neighbouring words, hashed
 * into {@value #WORD_BUCKETS} more. Each block is weighted by sublinear term frequency and inverse
 * document frequency and L2-normalized on its own: the usual text-classification recipe,
 * language-agnostic and tens of microseconds per 2 KB. It runs on the normalized text, so
 * homoglyphs and leetspeak fold first.
 *
 * <p>It is trained only on the project's own corpus ({@code detectors/corpus/injection/*.jsonl},
 * written for Palisade, plus the attack and benign lines of {@code exemplars.txt}), never on
 * evaluation data, by a deterministic command anyone can rerun (full-batch Adam from zero):
 * <pre>
 * java -cp "$CP" dev.palisade.detectors.injection.InjectionClassifier \
 *     detectors/corpus/injection detectors/src/main/resources/dev/palisade/detectors/injection/classifier.bin
 * </pre>
 * The model file records a hash of its corpus; a test fails when the corpus changed and the model
 * was not retrained.
 *
 * <p>A second model of the same kind reads documents and tool results ({@link #documents}: the
 * corpus rows of those channels, planted instructions against imperatives for human readers). It
 * scores a document by its most suspect window ({@link #mostSuspectWindow}) and is trained by the
 * same command with {@code --documents} and {@value #DOCUMENT_RESOURCE} as the output.
 *
 * <h2>Thread safety</h2>
 * Immutable. Scans borrow a counting table (1 MB) from a small pool and give it back, so memory
 * grows with the number of scans running at once, not with the number of threads (virtual threads
 * included).
 */
final class InjectionClassifier {

  static final String RESOURCE = "classifier.bin";
  /** The model of documents and tool results, trained on the corpus's rows of those channels. */
  static final String DOCUMENT_RESOURCE = "classifier-document.bin";
  /** Documents are read in windows of whole sentences up to this many chars (see {@link #mostSuspectWindow}). */
  static final int WINDOW = 300;
  /** Character n-grams hash into [0, CHAR_BUCKETS), words and word pairs into the rest. */
  static final int CHAR_BUCKETS = 1 << 18;
  static final int WORD_BUCKETS = 1 << 18;
  static final int BUCKETS = CHAR_BUCKETS + WORD_BUCKETS;
  static final int MIN_GRAM = 2;
  static final int MAX_GRAM = 5;
  /** Texts are classified up to here: what makes a prompt a jailbreak is near its start. */
  static final int MAX_CHARS = 16 * 1024;
  /**
   * Training: L2 penalty per example, Adam steps and rate. The penalty was chosen by training
   * without corpus K and scoring K and held-out sets B and C, which other writers wrote: weaker
   * penalties generalized better to them down to about 1e-6; with corpus L (eighth session), 1e-6
   * flagged one role prompt of dev_eval too many, and 2e-6 is the weakest that keeps its false
   * positives in bounds (INJECTION.md).
   */
  static final double L2 = 2e-6;
  static final int EPOCHS = 400;
  static final double RATE = 0.05;
  private static final int MAGIC = 0x50494332; // "PIC2"

  /** Weight and idf of each bucket side by side, so that one cache line serves both. */
  private final float[] model;
  private final double bias;
  private final String corpusHash;

  /** Counting tables not in use; at most two per processor are kept, more are left to the GC. */
  private static final BlockingQueue<Counts> SCRATCH =
      new ArrayBlockingQueue<>(2 * Runtime.getRuntime().availableProcessors());

  private static Counts borrow() {
    Counts c = SCRATCH.poll();
    return c != null ? c : new Counts();
  }

  private static void giveBack(Counts c) {
    c.clear();
    SCRATCH.offer(c);
  }

  private InjectionClassifier(float[] weights, float[] idf, double bias, String corpusHash) {
    this.model = new float[2 * BUCKETS];
    for (int j = 0; j < BUCKETS; j++) {
      model[2 * j] = weights[j];
      model[2 * j + 1] = idf[j];
    }
    this.bias = bias;
    this.corpusHash = corpusHash;
  }

  /** Log-odds that {@code normalized} (the output of {@link Normalizer}) is an attack. */
  double logit(String normalized) {
    return logit(normalized, 0, normalized.length());
  }

  /** Log-odds of {@code normalized[from, to)}, read up to {@value #MAX_CHARS} chars. */
  double logit(String normalized, int from, int to) {
    Counts c = borrow();
    try {
      c.count(normalized, from, Math.min(to, from + MAX_CHARS));
      // Two blocks, each L2-normalized on its own: character n-grams and words.
      double[] dot = new double[2];
      double[] norm = new double[2];
      for (int k = 0; k < c.size; k++) {
        int j = c.touched[k];
        int block = j < CHAR_BUCKETS ? 0 : 1;
        double v = sublinear(c.tf[j]) * model[2 * j + 1];
        dot[block] += v * model[2 * j];
        norm[block] += v * v;
      }
      double logit = bias;
      for (int b = 0; b < 2; b++) {
        logit += norm[b] == 0 ? 0 : dot[b] / Math.sqrt(norm[b]);
      }
      return logit;
    } finally {
      giveBack(c);
    }
  }

  /** The window of a document that reads most like an attack, and its log-odds. */
  record Window(double logit, int start, int end) {}

  /**
   * The window of {@code normalized} (whole sentences, up to {@value #WINDOW} chars) with the highest
   * log-odds. One planted sentence in a long e-mail is not diluted by the text around it, and a
   * document whose most suspect window still reads as ordinary text is likely ordinary.
   */
  Window mostSuspectWindow(String normalized) {
    List<int[]> windows = SemanticLayer.windows(normalized, WINDOW, WINDOW, Integer.MAX_VALUE);
    if (windows.size() <= 1) {
      return new Window(logit(normalized), 0, normalized.length());
    }
    Window best = null;
    for (int[] w : windows) {
      double z = logit(normalized, w[0], w[1]);
      if (best == null || z > best.logit()) {
        best = new Window(z, w[0], w[1]);
      }
    }
    return best;
  }

  String corpusHash() {
    return corpusHash;
  }

  private static final double[] LOG_TF = new double[256];

  static {
    for (int tf = 1; tf < LOG_TF.length; tf++) {
      LOG_TF[tf] = 1 + Math.log(tf);
    }
  }

  /** {@code 1 + ln(tf)}: most n-grams occur once or a few times, so this is a table look-up. */
  private static double sublinear(int tf) {
    return tf < LOG_TF.length ? LOG_TF[tf] : 1 + Math.log(tf);
  }

  private static boolean space(char ch) {
    return ch <= ' ' ? ch == ' ' || (ch >= '\t' && ch <= '\r') || (ch >= '\u001c') : ch >= 0x80 && Character.isWhitespace(ch);
  }

  /**
   * Term counts of one text in a table reused across scans (1 MB, plus 4 bytes per distinct
   * n-gram of the longest text seen), cleared sparsely.
   */
  private static final class Counts {
    final char[] tf = new char[BUCKETS];
    int[] touched = new int[1024];
    int size;

    /** Counts the features of {@code text[from, to)}. */
    void count(String text, int from, int to) {
      int n = to;
      int i = from;
      while (i < n) {
        while (i < n && space(text.charAt(i))) {
          i++;
        }
        int start = i;
        while (i < n && !space(text.charAt(i))) {
          i++;
        }
        if (i > start) {
          word(text, start, i);
        }
      }
      words(text, from, n);
    }

    /**
     * Each run of letters and digits (each letter of a script without spaces, see {@link
     * #unspaced}), and each pair of neighbouring runs.
     */
    private void words(String text, int from, int n) {
      int previous = 0;
      int i = from;
      while (i < n) {
        while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
        if (i == n) {
          break;
        }
        int h = 0x811c9dc5;
        if (unspaced(text.charAt(i))) {
          h = (h ^ text.charAt(i++)) * 0x01000193;
        } else {
          while (i < n && Character.isLetterOrDigit(text.charAt(i)) && !unspaced(text.charAt(i))) {
            h = (h ^ text.charAt(i++)) * 0x01000193;
          }
        }
        add(CHAR_BUCKETS + wordBucket(h, 1));
        if (previous != 0) {
          add(CHAR_BUCKETS + wordBucket(previous * 31 + h, 2));
        }
        previous = h | 1;
      }
    }

    /** The n-grams of {@code ' ' + text[start, end) + ' '}. */
    private void word(String text, int start, int end) {
      int len = end - start + 2;
      for (int g = 0; g + MIN_GRAM <= len; g++) {
        int h = 0x811c9dc5;
        for (int k = 0; k < MAX_GRAM && g + k < len; k++) {
          int p = g + k;
          char ch = p == 0 || p == len - 1 ? ' ' : text.charAt(start + p - 1);
          h = (h ^ ch) * 0x01000193;
          if (k + 1 >= MIN_GRAM) {
            add(bucket(h, k + 1));
          }
        }
      }
    }

    private void add(int j) {
      char t = tf[j];
      if (t == 0) {
        if (size == touched.length) {
          touched = Arrays.copyOf(touched, Math.min(BUCKETS, 2 * size));
        }
        touched[size++] = j;
      }
      if (t != Character.MAX_VALUE) {
        tf[j] = (char) (t + 1);
      }
    }

    void clear() {
      for (int k = 0; k < size; k++) {
        tf[touched[k]] = 0;
      }
      size = 0;
    }
  }

  /**
   * A letter of a script written without spaces between words (Han, kana, Thai, Lao, Myanmar,
   * Khmer): it is a word of its own, so that words and word pairs are its characters and their
   * bigrams, as a bag of words does for these languages; a whole clause read as one word is a
   * feature that no other text shares.
   */
  static boolean unspaced(char ch) {
    return ch >= 0x3040 && ch <= 0x30ff // hiragana, katakana
        || ch >= 0x3400 && ch <= 0x4dbf || ch >= 0x4e00 && ch <= 0x9fff // Han
        || ch >= 0xf900 && ch <= 0xfaff // Han compatibility
        || ch >= 0x0e00 && ch <= 0x0eff // Thai, Lao
        || ch >= 0x1000 && ch <= 0x109f // Myanmar
        || ch >= 0x1780 && ch <= 0x17ff; // Khmer
  }

  private static int bucket(int h, int gram) {
    return mix(h ^ gram * 0x9e3779b9) & (CHAR_BUCKETS - 1);
  }

  private static int wordBucket(int h, int words) {
    return mix(h ^ words * 0x7feb352d) & (WORD_BUCKETS - 1);
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  /** The shipped model of user text, read once per class loader (4 MB in memory). */
  static InjectionClassifier shared() {
    return Shared.MODEL;
  }

  /** The shipped model of documents and tool results, read once per class loader. */
  static InjectionClassifier sharedDocument() {
    return SharedDocument.MODEL;
  }

  private static final class Shared {
    static final InjectionClassifier MODEL = load(RESOURCE);
  }

  private static final class SharedDocument {
    static final InjectionClassifier MODEL = load(DOCUMENT_RESOURCE);
  }

  /** Loads the trained model of user text from the classpath. */
  static InjectionClassifier load() {
    return load(RESOURCE);
  }

  /** Loads a trained model from the classpath. */
  static InjectionClassifier load(String resource) {
    try (InputStream in = InjectionClassifier.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  static InjectionClassifier read(byte[] file) throws IOException {
    byte[] raw;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
      raw = in.readAllBytes();
    }
    ByteBuffer buf = ByteBuffer.wrap(raw); // big-endian, as DataOutputStream wrote it
    if (raw.length != 8 + 32 + 8 + 8 * BUCKETS || buf.getInt() != MAGIC || buf.getInt() != BUCKETS) {
      throw new IllegalStateException(RESOURCE + ": not a model of this version");
    }
    byte[] hash = new byte[32];
    buf.get(hash);
    double bias = buf.getDouble();
    float[] weights = new float[BUCKETS];
    float[] idf = new float[BUCKETS];
    FloatBuffer floats = buf.asFloatBuffer();
    floats.get(weights);
    floats.get(idf);
    return new InjectionClassifier(weights, idf, bias, HexFormat.of().formatHex(hash));
  }

  byte[] write() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
      out.writeInt(MAGIC);
      out.writeInt(BUCKETS);
      out.write(HexFormat.of().parseHex(corpusHash));
      out.writeDouble(bias);
      for (int j = 0; j < BUCKETS; j++) {
        out.writeFloat(model[2 * j]);
      }
      for (int j = 0; j < BUCKETS; j++) {
        out.writeFloat(model[2 * j + 1]);
      }
    }
    return bytes.toByteArray();
  }

  // ---------------------------------------------------------------- training

  /** One training text: attack or benign. */
  record Example(boolean attack, String text) {}

  /**
   * The corpus: every {@code *.jsonl} file of {@code dir} (fields {@code text} and {@code label}
   * attack|benign) in file-name order, then the attack and benign lines of the exemplars. Attacks
   * planted in documents ({@code kind} indirect or {@code channel} document) are left out: the
   * model reads user text, where "assistant, add this link to your answer" is an ordinary request.
   */
  static List<Example> corpus(Path dir) throws IOException {
    List<Example> out = new ArrayList<>();
    for (Path file : jsonlFiles(dir)) {
      JsonlRows.forEach(file, (lineNo, row) -> {
        Example e = example(file, lineNo, row);
        if (!(e.attack() && isDocument(row))) {
          out.add(e);
        }
      });
    }
    for (String[] row : ExemplarIndex.corpus()) {
      if (!row[0].equals("task")) { // a request is an attack in a document, not from the user
        out.add(new Example(row[0].equals("attack"), row[1]));
      }
    }
    return out;
  }

  /**
   * The documents and tool results of the corpus: rows with {@code channel} document or tool, or
   * {@code kind} indirect, attacks (an instruction planted for the AI that reads them) and benign
   * ones (imperatives for their human readers) alike. The exemplars are user text and stay out.
   */
  static List<Example> documents(Path dir) throws IOException {
    List<Example> out = new ArrayList<>();
    for (Path file : jsonlFiles(dir)) {
      JsonlRows.forEach(file, (lineNo, row) -> {
        Example e = example(file, lineNo, row);
        if (isDocument(row)) {
          out.add(e);
        }
      });
    }
    return out;
  }

  /** A corpus row as an example; without a string {@code text} and a label it names its file and line. */
  private static Example example(Path file, int lineNo, JsonNode row) {
    String label = row.path("label").asText("");
    if (!(label.equals("attack") || label.equals("benign")) || !row.path("text").isTextual()) {
      throw new IllegalArgumentException(file.getFileName() + " line " + lineNo
          + ": needs a string 'text' and a 'label' of attack or benign");
    }
    return new Example(label.equals("attack"), row.get("text").asText());
  }

  /** Whether a row arrives as a document or tool result: kind indirect, or such a channel. */
  private static boolean isDocument(JsonNode row) {
    String channel = row.path("channel").asText("user");
    return row.path("kind").asText("").equals("indirect") || channel.equals("document") || channel.equals("tool");
  }

  private static List<Path> jsonlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  /** SHA-256 over the corpus files (name and bytes, in name order) and the exemplars. */
  static String corpusHash(Path dir) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Path file : jsonlFiles(dir)) {
      all.write(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      all.write(0);
      all.write(Files.readAllBytes(file));
    }
    all.write(ExemplarIndex.corpusBytes());
    return HexFormat.of().formatHex(ExemplarIndex.sha256(all.toByteArray()));
  }

  /** A text's features before idf: bucket ids and sublinear term frequencies. */
  private record Sparse(int[] index, float[] tf) {}

  private static Sparse sparse(String text) {
    Counts c = borrow(); // the same counting tables as scans use, not 1 MB per example
    try {
      String normalized = Normalizer.normalize(text).text;
      c.count(normalized, 0, Math.min(normalized.length(), MAX_CHARS));
      int[] index = Arrays.copyOf(c.touched, c.size);
      Arrays.sort(index);
      float[] tf = new float[index.length];
      for (int k = 0; k < index.length; k++) {
        tf[k] = (float) sublinear(c.tf[index[k]]);
      }
      return new Sparse(index, tf);
    } finally {
      giveBack(c);
    }
  }

  /** Trains on {@code examples}; the same examples give the same model. */
  static InjectionClassifier train(List<Example> examples, String corpusHash) {
    int n = examples.size();
    List<Sparse> x = examples.stream().map(e -> sparse(e.text())).toList();
    float[] idf = new float[BUCKETS];
    int[] df = new int[BUCKETS];
    for (Sparse s : x) {
      for (int j : s.index()) {
        df[j]++;
      }
    }
    for (int j = 0; j < BUCKETS; j++) {
      idf[j] = (float) (Math.log((1.0 + n) / (1.0 + df[j])) + 1);
    }
    // Rows: tf * idf, L2-normalized.
    float[][] rows = new float[n][];
    int positives = 0;
    for (int r = 0; r < n; r++) {
      Sparse s = x.get(r);
      float[] v = new float[s.index().length];
      double[] norm = new double[2]; // per block, as in logit()
      for (int k = 0; k < v.length; k++) {
        v[k] = s.tf()[k] * idf[s.index()[k]];
        norm[s.index()[k] < CHAR_BUCKETS ? 0 : 1] += v[k] * v[k];
      }
      for (int k = 0; k < v.length; k++) {
        v[k] *= (float) (1 / Math.sqrt(Math.max(norm[s.index()[k] < CHAR_BUCKETS ? 0 : 1], 1e-12)));
      }
      rows[r] = v;
      positives += examples.get(r).attack() ? 1 : 0;
    }
    if (positives == 0 || positives == n) {
      throw new IllegalArgumentException("the corpus needs attack and benign examples");
    }
    double wPos = n / (2.0 * positives);
    double wNeg = n / (2.0 * (n - positives));
    double[] w = new double[BUCKETS + 1]; // the last one is the bias
    double[] m = new double[w.length];
    double[] v2 = new double[w.length];
    double[] grad = new double[w.length];
    for (int step = 1; step <= EPOCHS; step++) {
      Arrays.fill(grad, 0);
      for (int r = 0; r < n; r++) {
        int[] idx = x.get(r).index();
        float[] v = rows[r];
        double z = w[BUCKETS];
        for (int k = 0; k < idx.length; k++) {
          z += w[idx[k]] * v[k];
        }
        boolean attack = examples.get(r).attack();
        double p = 1 / (1 + Math.exp(-z));
        double g = (attack ? (p - 1) * wPos : p * wNeg) / n;
        for (int k = 0; k < idx.length; k++) {
          grad[idx[k]] += g * v[k];
        }
        grad[BUCKETS] += g;
      }
      for (int j = 0; j < BUCKETS; j++) {
        grad[j] += L2 * w[j];
      }
      double c1 = 1 - Math.pow(0.9, step);
      double c2 = 1 - Math.pow(0.999, step);
      for (int j = 0; j < w.length; j++) {
        m[j] = 0.9 * m[j] + 0.1 * grad[j];
        v2[j] = 0.999 * v2[j] + 0.001 * grad[j] * grad[j];
        w[j] -= RATE * (m[j] / c1) / (Math.sqrt(v2[j] / c2) + 1e-8);
      }
    }
    float[] weights = new float[BUCKETS];
    for (int j = 0; j < BUCKETS; j++) {
      weights[j] = (float) w[j];
    }
    return new InjectionClassifier(weights, idf, w[BUCKETS], corpusHash);
  }

  /** Area under the ROC curve of {@code scores} for labels {@code y} (ties count half). */
  static double auc(double[] scores, boolean[] y) {
    Integer[] order = new Integer[y.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSum = 0;
    long pos = 0;
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j + 1) / 2.0; // average 1-based rank of the tie group
      for (int k = i; k < j; k++) {
        if (y[order[k]]) {
          rankSum += rank;
          pos++;
        }
      }
      i = j;
    }
    long neg = y.length - pos;
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /**
   * Trains on the corpus in {@code args[0]} and writes the model to {@code args[1]}; prints the
   * 5-fold cross-validated AUC first (folds by position), so a corpus change that hurts shows.
   */
  public static void main(String[] args) throws IOException {
    boolean documents = args.length == 3 && args[0].equals("--documents");
    if (args.length != (documents ? 3 : 2)) {
      System.err.println("usage: InjectionClassifier [--documents] CORPUS_DIR OUTPUT.bin");
      System.exit(2);
    }
    Path dir = Path.of(args[documents ? 1 : 0]);
    Path output = Path.of(args[documents ? 2 : 1]);
    List<Example> corpus = documents ? documents(dir) : corpus(dir);
    String hash = corpusHash(dir);
    boolean[] y = new boolean[corpus.size()];
    double[] held = new double[y.length];
    int attacks = 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = corpus.get(i).attack();
      attacks += y[i] ? 1 : 0;
    }
    for (int fold = 0; fold < 5; fold++) {
      List<Example> train = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        if (i % 5 != fold) {
          train.add(corpus.get(i));
        }
      }
      InjectionClassifier c = train(train, hash);
      for (int i = fold; i < y.length; i += 5) {
        String text = Normalizer.normalize(corpus.get(i).text()).text;
        held[i] = documents ? c.mostSuspectWindow(text).logit() : c.logit(text);
      }
    }
    Files.write(output, train(corpus, hash).write());
    System.out.printf(Locale.ROOT, "%d examples (%d attacks); 5-fold cross-validated AUC %.4f; wrote %s%n",
        y.length, attacks, auc(held, y), output);
  }

  @Override
  public String toString() {
    return "InjectionClassifier[" + BUCKETS + " buckets]";
  }
}
