package dev.palisade.detectors.pii;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringTokenizer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import opennlp.tools.namefind.BioCodec;
import opennlp.tools.namefind.NameFinderSequenceValidator;
import opennlp.tools.util.Span;
import opennlp.tools.util.StringUtil;
import opennlp.tools.util.featuregen.FeatureGeneratorUtil;

/**
 * Palisade's trained name finder ({@code ner-en.bin}), evaluated directly: the same features,
 * the same maximum-entropy probabilities and the same greedy (beam 1) decisions under the same
 * BIO sequence constraints as OpenNLP's {@code NameFinderME} on that model file, to the last
 * bit of every probability.
 *
 * <p>{@code NameFinderME} builds about thirty feature strings for every token position (each
 * word's features again for every window it falls in) and looks each up in a hash map of
 * predicate strings. Here each distinct word of a document gets its predicate numbers once
 * ({@link Word}); a position then only adds the weights of a few dozen predicate numbers.
 *
 * <h2>Why the results are identical</h2>
 * <ul>
 *   <li>Features: the generators of {@code ner-features.xml} (token class and lower-cased token
 *       in a window of two, definition, previous-map, bigrams, sentence begin, prefixes and
 *       suffixes of up to three characters) plus the previous-outcome features of OpenNLP's
 *       {@code DefaultNameContextGenerator}, computed with OpenNLP's own token-class and
 *       lower-casing functions.
 *   <li>Probabilities: the uniform log prior, then each known predicate's weights added in the
 *       order OpenNLP lists the features (floating-point sums depend on it), then
 *       {@link StrictMath#exp} and one normalization, as {@code GISModel.eval} does.
 *   <li>Decisions: {@code BeamSearch} with a beam of one keeps the valid outcome of highest
 *       probability; on a tie in the sequence score ({@code score + StrictMath.log(p)}) the
 *       first outcome in model order; when no outcome of highest probability is valid, the best
 *       valid one. Validity comes from OpenNLP's {@link NameFinderSequenceValidator}, spans from
 *       {@link BioCodec}.
 *   <li>Adaptive data: as {@code PreviousMapFeatureGenerator}, each document remembers the last
 *       outcome of every token it decoded.
 * </ul>
 * {@code NameModelTest} compares spans and probabilities with {@code NameFinderME} on thousands
 * of generated sentences and documents.
 *
 * <h2>Thread safety</h2>
 * The model is immutable and shared; a {@link Document} holds one scan's state and serves one
 * thread.
 */
final class NameModel {

  /** What {@code FeatureGeneratorUtil.tokenFeature} returns (OpenNLP 2.5). */
  private static final String[] CLASSES = {"jah", "jak", "lc", "2d", "4d", "an", "dd", "ds", "dc", "dp",
      "num", "sc", "ac", "cp", "ic", "other"};

  /** Prefixes of the window features: the token itself, two before, two after. */
  private static final String[] WINDOW = {"", "p1", "p2", "n1", "n2"};
  private static final String[] WORD_PREFIX = {"w=", "p1w=", "p2w=", "n1w=", "n2w="};
  private static final String[] WORD_CLASS_PREFIX = {"w&c=", "p1w&c=", "p2w&c=", "n1w&c=", "n2w&c="};

  private static final int AFFIX_LENGTH = 3;
  private static final double MIN_SEQUENCE_SCORE = -100000;

  private final String[] outcomes;
  private final int other;
  private final boolean[] validFirst;
  private final boolean[][] validAfter;
  private final double logPrior;

  // the parameters: predicate p has weights[k] for outcome outcomeOf[k], offsets[p] <= k < offsets[p + 1]
  private final Predicates predicates;
  private final int[] offsets;
  private final byte[] outcomeOf;
  private final double[] weights;

  private final Map<String, Integer> classIndex = new HashMap<>();
  private final int[][] classIds;     // [window][class]: "wc="
  private final int[][] classPairs;   // [class][class]: "pwc,wc=" of the pair (before, after)
  private final int[][] classPairsNext; // [class][class]: "wc,nc="
  private final int[][] outcomeClass; // [outcome][class]: "powf="
  private final String[] withPreviousPrefix; // "pow=" outcome ","
  private final int[] previousOutcome; // "po="
  private final int[] secondOutcome;  // "ppo="
  private final int[] previousMap;    // "pd=" outcome
  private final int previousMapNone;  // "pd=null"
  private final int definition;
  private final int sentenceBegin;

  private NameModel(String[] outcomes, String[] predicateNames, int[] offsets, byte[] outcomeOf, double[] weights) {
    this.outcomes = outcomes;
    this.offsets = offsets;
    this.outcomeOf = outcomeOf;
    this.weights = weights;
    this.predicates = new Predicates(predicateNames);
    int n = outcomes.length;
    this.other = Arrays.asList(outcomes).indexOf(BioCodec.OTHER);
    if (other < 0) {
      throw new IllegalStateException("name finder model has no outcome " + BioCodec.OTHER);
    }
    this.logPrior = StrictMath.log(1.0 / n);
    NameFinderSequenceValidator validator = new NameFinderSequenceValidator();
    validFirst = new boolean[n];
    validAfter = new boolean[n][n];
    for (int o = 0; o < n; o++) {
      validFirst[o] = validator.validSequence(0, new String[1], new String[0], outcomes[o]);
      for (int p = 0; p < n; p++) {
        validAfter[p][o] = validator.validSequence(1, new String[2], new String[] {outcomes[p]}, outcomes[o]);
      }
    }
    int c = CLASSES.length;
    classIds = new int[WINDOW.length][c];
    classPairs = new int[c][c];
    classPairsNext = new int[c][c];
    outcomeClass = new int[n][c];
    for (int k = 0; k < c; k++) {
      classIndex.put(CLASSES[k], k);
      for (int v = 0; v < WINDOW.length; v++) {
        classIds[v][k] = id(WINDOW[v] + "wc=" + CLASSES[k]);
      }
      for (int j = 0; j < c; j++) {
        classPairs[k][j] = id("pwc,wc=" + CLASSES[k] + "," + CLASSES[j]);
        classPairsNext[k][j] = id("wc,nc=" + CLASSES[k] + "," + CLASSES[j]);
      }
      for (int o = 0; o < n; o++) {
        outcomeClass[o][k] = id("powf=" + outcomes[o] + "," + CLASSES[k]);
      }
    }
    withPreviousPrefix = new String[n];
    previousOutcome = new int[n];
    secondOutcome = new int[n];
    previousMap = new int[n];
    for (int o = 0; o < n; o++) {
      withPreviousPrefix[o] = "pow=" + outcomes[o] + ",";
      previousOutcome[o] = id("po=" + outcomes[o]);
      secondOutcome[o] = id("ppo=" + outcomes[o]);
      previousMap[o] = id("pd=" + outcomes[o]);
    }
    previousMapNone = id("pd=null");
    definition = id("def");
    sentenceBegin = id("S=begin");
  }

  /**
   * Reads an OpenNLP name finder model (the zip {@code NameFinderME} reads) whose features are
   * those of {@code ner-features.xml}, decoded with a beam of one and the BIO codec.
   */
  static NameModel read(InputStream in) throws IOException {
    ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in, 1 << 16));
    Properties manifest = null;
    NameModel model = null;
    ZipEntry e;
    while ((e = zip.getNextEntry()) != null) {
      if (e.getName().equals("manifest.properties")) {
        manifest = new Properties();
        manifest.load(new ByteArrayInputStream(zip.readAllBytes()));
      } else if (e.getName().equals("nameFinder.model")) {
        try {
          model = readGis(zip.readAllBytes());
        } catch (BufferUnderflowException truncated) {
          throw new IOException("truncated name finder model", truncated);
        }
      }
    }
    if (manifest == null || model == null) {
      throw new IOException("not an OpenNLP name finder model");
    }
    if (!"1".equals(manifest.getProperty("BeamSize"))
        || !BioCodec.class.getName().equals(manifest.getProperty("sequenceCodecImplName", BioCodec.class.getName()))) {
      throw new IOException("name finder model must decode with beam size 1 and the BIO codec");
    }
    return model;
  }

  /** OpenNLP's binary GIS format, as {@code GISModelReader} reads it (big-endian, modified UTF-8). */
  private static NameModel readGis(byte[] bytes) throws IOException {
    Reader in = new Reader(bytes);
    if (!in.utf().equals("GIS")) {
      throw new IOException("name finder model is not a GIS model");
    }
    in.buffer.getInt(); // correction constant and parameter: not used by OpenNLP 2 either
    in.buffer.getDouble();
    String[] outcomes = new String[in.count()];
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = in.utf();
    }
    if (outcomes.length > Byte.MAX_VALUE) {
      throw new IOException("too many outcomes in name finder model");
    }
    int[][] patterns = new int[in.count()][];
    for (int i = 0; i < patterns.length; i++) {
      StringTokenizer t = new StringTokenizer(in.utf(), " ");
      int[] p = new int[t.countTokens()];
      for (int k = 0; k < p.length; k++) {
        p[k] = Integer.parseInt(t.nextToken());
      }
      patterns[i] = p;
    }
    String[] names = new String[in.count()];
    for (int i = 0; i < names.length; i++) {
      names[i] = in.utf();
    }
    int[] offsets = new int[names.length + 1];
    int total = 0;
    int pid = 0;
    for (int[] p : patterns) {
      for (int j = 0; j < p[0]; j++) {
        if (pid == names.length) {
          throw new IOException("name finder model parameters do not match its predicates");
        }
        offsets[pid++] = total;
        total += p.length - 1;
      }
    }
    if (pid != names.length) {
      throw new IOException("name finder model parameters do not match its predicates");
    }
    offsets[pid] = total;
    byte[] outcomeOf = new byte[total];
    double[] weights = new double[total];
    int k = 0;
    for (int[] p : patterns) {
      for (int j = 0; j < p[0]; j++) {
        for (int o = 1; o < p.length; o++) {
          if (p[o] < 0 || p[o] >= outcomes.length) {
            throw new IOException("bad outcome in name finder model");
          }
          outcomeOf[k] = (byte) p[o];
          weights[k++] = in.buffer.getDouble();
        }
      }
    }
    return new NameModel(outcomes, names, offsets, outcomeOf, weights);
  }

  /** What {@link DataInputStream} reads, from a buffer: far quicker for a few hundred thousand strings. */
  private static final class Reader {
    final ByteBuffer buffer;

    Reader(byte[] bytes) {
      buffer = ByteBuffer.wrap(bytes);
    }

    int count() throws IOException {
      return checkedCount(buffer.getInt());
    }

    String utf() throws IOException {
      int length = buffer.getShort() & 0xffff;
      int at = buffer.position();
      if (length > buffer.remaining()) {
        throw new BufferUnderflowException();
      }
      byte[] b = buffer.array();
      for (int i = at; i < at + length; i++) {
        if (b[i] <= 0) { // beyond ASCII, or the two-byte NUL: decode as DataInputStream does
          String s = new DataInputStream(new ByteArrayInputStream(b, at - 2, length + 2)).readUTF();
          buffer.position(at + length);
          return s;
        }
      }
      buffer.position(at + length);
      return new String(b, at, length, StandardCharsets.ISO_8859_1);
    }
  }

  private static int checkedCount(int n) throws IOException {
    if (n < 0 || n > 10_000_000) {
      throw new IOException("bad count in name finder model");
    }
    return n;
  }

  /** The number of a predicate, or -1 when the model does not know it (it then adds nothing). */
  private int id(String predicate) {
    return predicates.get(predicate);
  }

  /** State for one document: its words' predicate numbers and the adaptive previous-outcome map. */
  Document document() {
    return new Document();
  }

  /**
   * Names the model finds in one sentence: token spans with their type, each span's mean
   * probability ({@code NameFinderME.probs(Span[])}), and the probability of each token's outcome.
   */
  record Names(Span[] spans, double[] probs, double[] tokenProbs) {}

  private static final Span[] NO_SPANS = new Span[0];
  private static final double[] NO_PROBS = new double[0];

  /** The predicate numbers of one word, in each role it can play around a position. */
  private final class Word {
    final int cls; // index into CLASSES, or -1
    final String clsName;
    final int[] classAt = new int[WINDOW.length];
    final int[] wordClassAt = new int[WINDOW.length];
    final int[] wordAt = new int[WINDOW.length];
    final int[] affixes; // prefixes, then suffixes: features in OpenNLP's order, unknown ones left out
    private final boolean known; // "w=" of the lower-cased word is a predicate
    private final String token;
    private final int[] withPrevious; // "pow=" by outcome, looked up when first needed
    private Map<Word, int[]> pairs; // "pw,w=" and "w,nw=" with each word that followed this one

    Word(String token) {
      this.token = token;
      clsName = FeatureGeneratorUtil.tokenFeature(token);
      Integer c = classIndex.get(clsName);
      cls = c == null ? -1 : c;
      String lower = lowerCase(token);
      wordAt[0] = predicates.get(WORD_PREFIX[0], lower, 0, lower.length());
      known = wordAt[0] >= 0;
      for (int v = 0; v < WINDOW.length; v++) {
        classAt[v] = cls >= 0 ? classIds[v][cls] : id(WINDOW[v] + "wc=" + clsName);
        // predicates with a word are kept from training only when seen often enough, and none
        // is more frequent than "w=" of its word (NameModelTest checks this of the model)
        wordClassAt[v] = known ? predicates.get(WORD_CLASS_PREFIX[v], lower, clsName) : -1;
        if (v > 0) {
          wordAt[v] = known ? predicates.get(WORD_PREFIX[v], lower, 0, lower.length()) : -1;
        }
      }
      int n = Math.min(AFFIX_LENGTH, token.length());
      int[] a = new int[2 * n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        int id = predicates.get("pre=", token, 0, i + 1);
        if (id >= 0) {
          a[k++] = id;
        }
      }
      for (int i = 0; i < n; i++) {
        int id = predicates.get("suf=", token, token.length() - i - 1, token.length());
        if (id >= 0) {
          a[k++] = id;
        }
      }
      affixes = Arrays.copyOf(a, k);
      withPrevious = new int[outcomes.length];
      Arrays.fill(withPrevious, UNKNOWN);
    }

    int withPrevious(int outcome) {
      int id = withPrevious[outcome];
      if (id == UNKNOWN) {
        if (!known) {
          return -1;
        }
        id = predicates.get(withPreviousPrefix[outcome], token, 0, token.length());
        withPrevious[outcome] = id;
      }
      return id;
    }

    /** The bigram predicates of this word followed by {@code next}: {"pw,w=", "w,nw="}. */
    int[] pair(Word next) {
      if (!known || !next.known) {
        return NO_PAIR;
      }
      if (pairs == null) {
        pairs = new HashMap<>();
      }
      int[] ids = pairs.get(next); // words are unique in a document: identity is enough
      if (ids == null) {
        ids = new int[] {predicates.get("pw,w=", token, next.token), predicates.get("w,nw=", token, next.token)};
        pairs.put(next, ids);
      }
      return ids;
    }
  }

  private static final int UNKNOWN = -2;
  private static final int[] NO_PAIR = {-1, -1};

  /** OpenNLP's {@link StringUtil#toLowerCase}, without its code-point stream for ASCII words. */
  private static String lowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return StringUtil.toLowerCase(s);
      }
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 'A' && ch <= 'Z') {
        char[] out = s.toCharArray();
        for (int j = i; j < out.length; j++) {
          if (out[j] >= 'A' && out[j] <= 'Z') {
            out[j] += 'a' - 'A';
          }
        }
        return new String(out);
      }
    }
    return s;
  }

  /**
   * One document's decoder: what {@code NameFinderME.find} and {@code probs(Span[])} compute for
   * each sentence, until the document ends (then a new one: {@code clearAdaptiveData}).
   */
  final class Document {
    private final Map<String, Word> words = new HashMap<>();
    private final Map<String, Integer> previous = new HashMap<>();
    private final double[] scores = new double[outcomes.length];

    private Word word(String token) {
      Word w = words.get(token);
      if (w == null) {
        w = new Word(token);
        words.put(token, w);
      }
      return w;
    }

    /** The names in one sentence, given as tokens. */
    Names find(String[] tokens) {
      int n = tokens.length;
      Word[] w = new Word[n];
      for (int i = 0; i < n; i++) {
        w[i] = word(tokens[i]);
      }
      int[] out = new int[n];
      double[] probs = new double[n];
      double sequenceScore = 0;
      boolean names = false;
      for (int i = 0; i < n; i++) {
        double[] s = scores;
        Arrays.fill(s, logPrior);
        Word cur = w[i];
        add(s, cur.classAt[0]);
        add(s, cur.wordClassAt[0]);
        if (i >= 1) {
          add(s, w[i - 1].classAt[1]);
          add(s, w[i - 1].wordClassAt[1]);
        }
        if (i >= 2) {
          add(s, w[i - 2].classAt[2]);
          add(s, w[i - 2].wordClassAt[2]);
        }
        if (i + 1 < n) {
          add(s, w[i + 1].classAt[3]);
          add(s, w[i + 1].wordClassAt[3]);
        }
        if (i + 2 < n) {
          add(s, w[i + 2].classAt[4]);
          add(s, w[i + 2].wordClassAt[4]);
        }
        add(s, cur.wordAt[0]);
        if (i >= 1) {
          add(s, w[i - 1].wordAt[1]);
        }
        if (i >= 2) {
          add(s, w[i - 2].wordAt[2]);
        }
        if (i + 1 < n) {
          add(s, w[i + 1].wordAt[3]);
        }
        if (i + 2 < n) {
          add(s, w[i + 2].wordAt[4]);
        }
        add(s, definition);
        Integer seen = previous.get(tokens[i]);
        add(s, seen == null ? previousMapNone : previousMap[seen]);
        if (i >= 1) {
          add(s, w[i - 1].pair(cur)[0]);
          add(s, classPair(w[i - 1], cur, classPairs, "pwc,wc="));
        }
        if (i + 1 < n) {
          add(s, cur.pair(w[i + 1])[1]);
          add(s, classPair(cur, w[i + 1], classPairsNext, "wc,nc="));
        }
        if (i == 0) {
          add(s, sentenceBegin);
        }
        for (int a : cur.affixes) {
          add(s, a);
        }
        int po = i >= 1 ? out[i - 1] : other;
        int ppo = i >= 2 ? out[i - 2] : other;
        add(s, previousOutcome[po]);
        add(s, cur.withPrevious(po));
        add(s, cur.cls >= 0 ? outcomeClass[po][cur.cls] : id("powf=" + outcomes[po] + "," + cur.clsName));
        add(s, secondOutcome[ppo]);
        normalize(s);

        boolean[] valid = i == 0 ? validFirst : validAfter[out[i - 1]];
        double max = max(s);
        int best = -1;
        double bestScore = 0;
        for (int round = 0; round < 2 && best < 0; round++) {
          for (int o = 0; o < s.length; o++) {
            // first the outcomes of highest probability, then (none of them valid) every outcome
            if ((round == 1 || s[o] >= max) && valid[o]) {
              double score = sequenceScore + StrictMath.log(s[o]);
              if (score > MIN_SEQUENCE_SCORE && (best < 0 || Double.compare(score, bestScore) > 0)) {
                best = o;
                bestScore = score;
              }
            }
          }
        }
        if (best < 0) {
          throw new IllegalStateException("name finder found no valid outcome");
        }
        out[i] = best;
        probs[i] = s[best];
        sequenceScore = bestScore;
        names |= best != other;
      }
      for (int i = 0; i < n; i++) {
        previous.put(tokens[i], out[i]);
      }
      if (!names) {
        return new Names(NO_SPANS, NO_PROBS, probs);
      }
      List<String> labels = new ArrayList<>(n);
      for (int o : out) {
        labels.add(outcomes[o]);
      }
      Span[] spans = new BioCodec().decode(labels);
      double[] spanProbs = new double[spans.length];
      for (int k = 0; k < spans.length; k++) {
        double p = 0;
        for (int i = spans[k].getStart(); i < spans[k].getEnd(); i++) {
          p += probs[i];
        }
        spanProbs[k] = p / spans[k].length();
      }
      return new Names(spans, spanProbs, probs);
    }

    private int classPair(Word a, Word b, int[][] table, String prefix) {
      return a.cls >= 0 && b.cls >= 0 ? table[a.cls][b.cls] : id(prefix + a.clsName + "," + b.clsName);
    }
  }

  private void add(double[] s, int predicate) {
    if (predicate >= 0) {
      for (int k = offsets[predicate], end = offsets[predicate + 1]; k < end; k++) {
        s[outcomeOf[k]] += weights[k];
      }
    }
  }

  /** {@code GISModel.eval} after the sums: exponentiate and normalize. */
  private static void normalize(double[] s) {
    double normal = 0;
    for (int o = 0; o < s.length; o++) {
      s[o] = StrictMath.exp(s[o]);
      normal += s[o];
    }
    for (int o = 0; o < s.length; o++) {
      s[o] /= normal;
    }
  }

  /** The largest value as {@code BeamSearch} finds it (the last after {@link Arrays#sort(double[])}, NaN above all). */
  private static double max(double[] s) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      if (Double.compare(v, max) > 0) {
        max = v;
      }
    }
    return max;
  }

  /**
   * A map from predicate name to number by open addressing. Each slot keeps the name's hash next
   * to its number, so a probe reads one array and compares a name only when the hashes agree.
   */
  private static final class Predicates {
    private final String[] keys;
    private final int[] slots; // [2i] hash, [2i + 1] number + 1 (0: free)
    private final int mask;

    Predicates(String[] names) {
      int capacity = Integer.highestOneBit(Math.max(4, names.length * 2 - 1)) << 1;
      keys = new String[capacity];
      slots = new int[2 * capacity];
      mask = capacity - 1;
      for (int i = 0; i < names.length; i++) {
        int h = names[i].hashCode();
        int slot = slot(names[i], h);
        keys[slot] = names[i]; // a repeated name keeps its last number, as a HashMap would
        slots[2 * slot] = h;
        slots[2 * slot + 1] = i + 1;
      }
    }

    private int slot(String key, int h) {
      int slot = (h ^ (h >>> 16)) & mask;
      while (slots[2 * slot + 1] != 0 && (slots[2 * slot] != h || !keys[slot].equals(key))) {
        slot = (slot + 1) & mask;
      }
      return slot;
    }

    int get(String key) {
      return slots[2 * slot(key, key.hashCode()) + 1] - 1;
    }

    /** {@code get(prefix + text.substring(from, to))}, without building that string. */
    int get(String prefix, String text, int from, int to) {
      int h = prefix.hashCode();
      for (int i = from; i < to; i++) {
        h = 31 * h + text.charAt(i);
      }
      int length = prefix.length() + to - from;
      for (int slot = (h ^ (h >>> 16)) & mask; slots[2 * slot + 1] != 0; slot = (slot + 1) & mask) {
        String k = keys[slot];
        if (slots[2 * slot] == h && k.length() == length && k.startsWith(prefix)
            && k.regionMatches(prefix.length(), text, from, to - from)) {
          return slots[2 * slot + 1] - 1;
        }
      }
      return -1;
    }

    /** {@code get(prefix + a + "," + b)}, without building that string. */
    int get(String prefix, String a, String b) {
      int h = prefix.hashCode();
      for (int i = 0; i < a.length(); i++) {
        h = 31 * h + a.charAt(i);
      }
      h = 31 * h + ',';
      for (int i = 0; i < b.length(); i++) {
        h = 31 * h + b.charAt(i);
      }
      int comma = prefix.length() + a.length();
      for (int slot = (h ^ (h >>> 16)) & mask; slots[2 * slot + 1] != 0; slot = (slot + 1) & mask) {
        String k = keys[slot];
        if (slots[2 * slot] == h && k.length() == comma + 1 + b.length() && k.startsWith(prefix)
            && k.regionMatches(prefix.length(), a, 0, a.length()) && k.charAt(comma) == ','
            && k.regionMatches(comma + 1, b, 0, b.length())) {
          return slots[2 * slot + 1] - 1;
        }
      }
      return -1;
    }
  }
}
