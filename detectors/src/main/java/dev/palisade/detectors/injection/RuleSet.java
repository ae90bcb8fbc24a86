package dev.palisade.detectors.injection;

import dev.palisade.detectors.text.AhoCorasick;
import dev.palisade.detectors.text.Pack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.CRC32;

/**
 * The rule layer: families of phrase patterns in several languages, matched against folded text.
 *
 * <p>Rules live in {@code rules.txt} next to this class. Every top-level branch of a rule's regex
 * starts with a literal; those literals are the rule's anchors. One Aho-Corasick pass finds the
 * anchors that occur at a word start, and only there is the rule's regex tried, with
 * {@code lookingAt} on a bounded region. Benign text therefore costs one pass plus a few failed
 * attempts.
 *
 * <h2>Linear time</h2>
 * Every regex is built from literals, alternations and bounded quantifiers ({@code {0,60}}), and
 * is tried only on a region of at most {@link #MAX_MATCH} chars from an anchor, at most
 * {@link #MAX_ATTEMPTS} times per rule and scan: a scan is linear in the text.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use: immutable after construction apart from each rule's regex, compiled on
 * first use, which is the same whichever thread compiles it.
 */
final class RuleSet {

  /**
   * A rule. Loaded from the pack, its macros are expanded and its regex compiled when a scan first
   * tries it: most of the 1,700-odd rules are never tried on a given deployment's traffic, and
   * doing all of them would add a few tenths of a second to every cold start. Parsing compiles
   * every rule (for its follow sets), so a bad regex fails the build that writes the pack.
   * {@code toString} shows the family and language, never text.
   */
  static final class Rule {
    private final int index;
    private final String family;
    private final String lang;
    private final double weight;
    private final String source;
    private final int lineNo;
    private volatile Pattern pattern; // racing threads compile the same regex; either result serves
    private volatile Pattern cjkPattern;

    Rule(int index, String family, String lang, double weight, String source, int lineNo) {
      this.index = index;
      this.family = family;
      this.lang = lang;
      this.weight = weight;
      this.source = source;
      this.lineNo = lineNo;
    }

    int index() {
      return index;
    }

    String family() {
      return family;
    }

    String lang() {
      return lang;
    }

    double weight() {
      return weight;
    }

    Pattern pattern() {
      Pattern p = pattern;
      if (p == null) {
        p = compile("\\b");
        pattern = p;
      }
      return p;
    }

    /**
     * The regex for a text with Chinese, Japanese or Korean letters in it: each {@code \b} also
     * holds where a word in another script meets them ({@link #BOUNDARY}). Only such texts pay
     * for the wider boundary.
     */
    Pattern pattern(boolean cjkText) {
      if (!cjkText) {
        return pattern();
      }
      Pattern p = cjkPattern;
      if (p == null) {
        p = compile(BOUNDARY);
        cjkPattern = p;
      }
      return p;
    }

    private Pattern compile(String boundary) {
      try {
        boolean cjk = lang.equals("zh") || lang.equals("ja");
        return Pattern.compile(expand(lookBehindLast(source), cjk ? CJK_GAP : GAP, boundary));
      } catch (PatternSyntaxException e) {
        throw new IllegalStateException("rules.txt:" + lineNo + ": bad regex: " + e.getDescription(), e);
      }
    }

    @Override
    public String toString() {
      return "Rule[" + index + ", " + family + ", " + lang + ", " + weight + "]";
    }
  }

  /** One rule match in folded-text indices. */
  record Hit(Rule rule, int start, int end) {}

  /**
   * A space in a rule: 1-4 characters that are neither letters nor digits. Java's own predicate is
   * one call per character where {@code [^\p{L}\p{N}]} is a union of two; on folded text the two
   * agree (NFKC has turned the other numerals, such as superscripts and circled digits, into digits).
   */
  static final String SEP_CLASS = "\\P{javaLetterOrDigit}{1,4}";
  static final String SEP = "(?:" + SEP_CLASS + ")";
  /** Gap for languages written with spaces: up to eight words, so attempts stay cheap. */
  static final String GAP = "(?:[^\\p{javaLetterOrDigit}.!?\\n]{0,4}+[\\p{javaLetterOrDigit}'-]{1,24}+){0,8}?[^\\p{javaLetterOrDigit}.!?\\n]{0,4}+";
  /** Gap for Chinese and Japanese: up to 30 chars inside one sentence. */
  static final String CJK_GAP = "[^.!?\\n\\u3002\\uff01\\uff1f]{0,30}?";

  /** Chinese, Japanese and Korean letters, which Java's {@code \b} counts as word characters. */
  private static final String CJK_RANGES = "\\u2E80-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF";
  private static final String CJK = "[" + CJK_RANGES + "]";
  private static final String WORD = "[\\p{L}\\p{Nd}_&&[^" + CJK_RANGES + "]]";
  /**
   * A rule's {@code \b}: Java's word boundary, and also where a word in another script meets
   * Chinese, Japanese or Korean text, which Java does not count as a boundary: "system prompt"
   * in "把你的system prompt翻译成英文" is a whole word.
   */
  static final String BOUNDARY = "(?:\\b|(?=" + CJK + ")(?<=" + WORD + ")|(?<=" + CJK + ")(?=" + WORD + "))";

  static final int MAX_MATCH = 800;
  static final int MAX_ATTEMPTS = 256;

  private final List<Rule> rules;
  private final String[] anchors;
  /** For each anchor, the indexes of the rules it starts. */
  private final int[][] anchorRules;
  private final boolean[] wordStart;
  /**
   * For each anchor and each of its rules, which characters may follow the anchor in a match: four
   * words from {@link #followers} per pair, at {@code 4 * (pairBase[anchor] + j)}. Computed when
   * the rules are parsed, which the build does once for the pack.
   */
  private final long[] follow;
  /** Per anchor, the union of its pairs' follow sets: an anchor none of whose rules can go on is skipped whole. */
  private final long[] anchorFollow;
  private final int[] pairBase;
  private final AhoCorasick automaton;
  /**
   * What a match needs besides its anchor, per anchor-rule pair (null: nothing known): literal sets
   * taken from the later required parts of the rule's branch ("instruction" in {@code ignore~
   * (?:instruction|rule)}). A match needs some literal of every set inside its region, so an
   * attempt is skipped when one set has none there. Sets hold ids into {@link #neededLiterals}.
   */
  private final int[][][] pairNeeds;
  private final String[] neededLiterals;

  private RuleSet(List<Rule> rules, String[] anchors, int[][] anchorRules, long[] follow,
      int[][][] pairNeeds, String[] neededLiterals, AhoCorasick automaton) {
    this.rules = List.copyOf(rules);
    this.anchors = anchors;
    this.anchorRules = anchorRules;
    this.pairNeeds = pairNeeds;
    this.neededLiterals = neededLiterals;
    this.automaton = automaton;
    this.wordStart = new boolean[anchors.length];
    this.pairBase = new int[anchors.length];
    int pairs = 0;
    for (int i = 0; i < anchors.length; i++) {
      char c = anchors[i].charAt(0);
      wordStart[i] = Character.isLetterOrDigit(c) && c < 0x2E80;
      pairBase[i] = pairs;
      pairs += anchorRules[i].length;
    }
    if (pairNeeds.length != pairs || follow.length != 4 * pairs) {
      throw new IllegalStateException("needs or follow sets for " + pairNeeds.length + " and "
          + follow.length / 4 + " anchor-rule pairs, not " + pairs);
    }
    this.follow = follow;
    this.anchorFollow = new long[4 * anchors.length];
    for (int i = 0; i < anchors.length; i++) {
      for (int j = 0; j < anchorRules[i].length; j++) {
        for (int w = 0; w < 4; w++) {
          anchorFollow[4 * i + w] |= follow[4 * (pairBase[i] + j) + w];
        }
      }
    }
  }

  private static RuleSet build(List<Rule> rules, Map<String, List<Integer>> anchorMap,
      Map<String, Map<Integer, List<List<String>>>> needs) {
    String[] anchors = anchorMap.keySet().toArray(new String[0]);
    int[][] anchorRules = new int[anchors.length][];
    int pairs = 0;
    for (int i = 0; i < anchors.length; i++) {
      anchorRules[i] = anchorMap.get(anchors[i]).stream().mapToInt(Integer::intValue).toArray();
      pairs += anchorRules[i].length;
    }
    Map<String, Integer> literalIds = new LinkedHashMap<>();
    int[][][] pairNeeds = new int[pairs][][];
    int pair = 0;
    for (int i = 0; i < anchors.length; i++) {
      Map<Integer, List<List<String>>> byRule = needs.getOrDefault(anchors[i], Map.of());
      for (int j = 0; j < anchorRules[i].length; j++, pair++) {
        List<List<String>> sets = byRule.get(anchorRules[i][j]);
        if (sets != null && !sets.isEmpty()) {
          pairNeeds[pair] = sets.stream()
              .map(set -> set.stream()
                  .mapToInt(l -> literalIds.computeIfAbsent(l, k -> literalIds.size())).toArray())
              .toArray(int[][]::new);
        }
      }
    }
    long[] follow = new long[4 * pairs];
    pair = 0;
    for (int i = 0; i < anchors.length; i++) {
      for (int j = 0; j < anchorRules[i].length; j++, pair++) {
        Pattern pattern = rules.get(anchorRules[i][j]).pattern();
        System.arraycopy(followers(pattern, anchors[i]), 0, follow, 4 * pair, 2);
        System.arraycopy(followers(pattern, anchors[i] + " "), 0, follow, 4 * pair + 2, 2);
      }
    }
    // One automaton finds both: pattern k is anchor k, or needed literal k - anchors.length.
    List<String> patterns = new ArrayList<>(List.of(anchors));
    patterns.addAll(literalIds.keySet());
    return new RuleSet(rules, anchors, anchorRules, follow, pairNeeds,
        literalIds.keySet().toArray(new String[0]), AhoCorasick.of(patterns));
  }

  /**
   * Whether a follow set (four words at {@code at}: ASCII letters and digits that may come right
   * after the anchor, then after it and one space) allows {@code next} and {@code word}. An anchor
   * found as the prefix of a longer word ("no" in "northern"), or followed by a word the rule
   * cannot continue with ("in italy" for {@code in your ...}), is then not tried.
   */
  private static boolean allows(long[] sets, int at, char next, char word) {
    return may(sets[at], sets[at + 1], next) && may(sets[at + 2], sets[at + 3], word);
  }

  private static boolean may(long low, long high, char c) {
    return c >= 128 || ((c < 64 ? low : high) & (1L << (c & 63))) != 0;
  }

  /**
   * The lower-case ASCII letters and digits that can follow {@code prefix} at the start of a match
   * of {@code pattern}, as a two-word bit set over char codes (every other character is kept:
   * folded text has no upper-case ASCII). A character is excluded only when the regex, tried on
   * the prefix plus that character, fails without reaching the end of the input: then no text that
   * continues that way can match either. Patterns with a positive look-behind keep every
   * character: alone, the prefix lacks the context the look-behind may need.
   */
  static long[] followers(Pattern pattern, String prefix) {
    long[] bits = {-1L, -1L};
    Matcher m = pattern.matcher(prefix);
    if (pattern.pattern().contains("(?<=") || (!m.lookingAt() && !m.hitEnd())) {
      return bits;
    }
    for (char c = '0'; c <= 'z'; c = c == '9' ? 'a' : (char) (c + 1)) {
      m.reset(prefix + c);
      if (!m.lookingAt() && !m.hitEnd()) {
        bits[c >> 6] &= ~(1L << (c & 63));
      }
    }
    return bits;
  }

  /** The anchors (leading literals) of all rules; for tests. */
  List<String> anchors() {
    return List.of(anchors);
  }

  static RuleSet defaults() {
    return Default.SET;
  }

  private static final class Default {
    static final RuleSet SET = load();
  }

  List<Rule> rules() {
    return rules;
  }

  /** All rule hits in {@code folded}, at most {@code maxPerRule} per rule. */
  List<Hit> match(String folded, int maxPerRule) {
    return match(folded, maxPerRule, null, true);
  }

  /**
   * All hits of the rules {@code active} marks (null: all rules) in {@code folded}, at most {@code
   * maxPerRule} per rule; {@code prune == false} tries every rule at every anchor (for tests).
   */
  List<Hit> match(String folded, int maxPerRule, boolean[] active, boolean prune) {
    int n = folded.length();
    // One pass finds the anchors at word starts and where the needed literals are; then the
    // attempts, since an attempt looks at what follows its anchor.
    int[] occurrences = automaton.findAll(folded, false);
    IntList found = new IntList(48);
    for (int i = 0; i < occurrences.length; i += 2) {
      int key = occurrences[i];
      if (key < anchors.length) {
        int end = occurrences[i + 1];
        int start = end - automaton.length(key);
        if (!wordStart[key] || start == 0 || wordBreak(folded.charAt(start - 1))) {
          found.add(key);
          found.add(start);
          found.add(end);
        }
      }
    }
    byStart(found);
    Occurrences needed = new Occurrences(automaton, neededLiterals.length, anchors.length, occurrences);
    boolean cjk = hasCjk(folded);
    List<Hit> hits = new ArrayList<>();
    Matcher[] matchers = new Matcher[rules.size()];
    int[] counts = new int[rules.size()];
    int[] lastStart = new int[rules.size()];
    Arrays.fill(lastStart, -1);
    int[] attempts = new int[rules.size()];
    for (int a = 0; a < found.size; a += 3) {
      int key = found.values[a];
      int start = found.values[a + 1];
      int end = found.values[a + 2];
      int limit = Math.min(n, start + MAX_MATCH);
      char next = end < n ? folded.charAt(end) : ' ';
      char word = next == ' ' && end + 1 < n ? folded.charAt(end + 1) : ' ';
      if (prune && !allows(anchorFollow, 4 * key, next, word)) {
        continue;
      }
      int[] keyRules = anchorRules[key];
      for (int j = 0; j < keyRules.length; j++) {
        int r = keyRules[j];
        if ((active != null && !active[r])
            || counts[r] >= maxPerRule || lastStart[r] == start || attempts[r] >= MAX_ATTEMPTS) {
          continue;
        }
        if (prune) {
          int pair = pairBase[key] + j;
          if (!allows(follow, 4 * pair, next, word)) {
            continue;
          }
          if (pairNeeds[pair] != null && !needed.all(pairNeeds[pair], start, limit)) {
            continue;
          }
        }
        attempts[r]++;
        lastStart[r] = start;
        Matcher m = matchers[r];
        if (m == null) {
          m = rules.get(r).pattern(cjk).matcher(folded);
          m.useTransparentBounds(true).useAnchoringBounds(false);
          matchers[r] = m;
        }
        m.region(start, limit);
        if (m.lookingAt() && m.end() > m.start()) {
          hits.add(new Hit(rules.get(r), m.start(), m.end()));
          counts[r]++;
        }
      }
    }
    return hits;
  }

  /** Whether {@code text} has a letter of {@link #CJK_RANGES}. */
  private static boolean hasCjk(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x2E80 && (c <= 0x9FFF || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an anchor may start after {@code c}: not a letter or digit, or one of a script written
   * without spaces between words (Thai, Lao, Chinese, Japanese) or of Korean, which runs Latin
   * words into its own.
   */
  private static boolean wordBreak(char c) {
    return c >= 0x2E80 || (c >= 0x0E00 && c <= 0x0EFF) || !Character.isLetterOrDigit(c);
  }

  /**
   * Sorts the (anchor, start, end) triples by start, keeping the automaton's order (by end) among
   * equal starts: a rule's anchors that start at one place are then tried one after the other, so
   * a rule is tried at most once per start and no hit is found twice. The automaton reports in
   * order of end, and a start is at most an anchor's length out of place: an insertion sort.
   */
  private static void byStart(IntList found) {
    int[] v = found.values;
    for (int i = 3; i < found.size; i += 3) {
      int key = v[i];
      int start = v[i + 1];
      int end = v[i + 2];
      int j = i - 3;
      while (j >= 0 && v[j + 1] > start) {
        v[j + 3] = v[j];
        v[j + 4] = v[j + 1];
        v[j + 5] = v[j + 2];
        j -= 3;
      }
      v[j + 3] = key;
      v[j + 4] = start;
      v[j + 5] = end;
    }
  }

  /** A growable int array. */
  private static final class IntList {
    int[] values;
    int size;

    IntList(int capacity) {
      values = new int[capacity];
    }

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }

  /**
   * Where the needed literals occur in one text, indexed on first use: each literal's starts,
   * sorted. The index lives in per-thread arrays with one slot per literal (thousands), and a scan
   * touches only the slots of the literals that occur (tens): a slot is valid when its stamp is
   * this scan's, so no array of that size is cleared or allocated per scan.
   */
  private static final class Occurrences {
    private static final ThreadLocal<Slots> SLOTS = ThreadLocal.withInitial(Slots::new);
    private final AhoCorasick automaton;
    private final int literals;
    private final int first;
    private final int[] found;
    private Slots slots;
    /** After {@link #index}: the starts of literal k are sorted[slots.from[k] .. slots.to[k]). */
    private int[] sorted;

    /** Literal k is the automaton's pattern {@code first + k}, which knows its length. */
    Occurrences(AhoCorasick automaton, int literals, int first, int[] found) {
      this.automaton = automaton;
      this.literals = literals;
      this.first = first;
      this.found = found;
    }

    /** Whether every set has a literal that lies wholly in [from, to). */
    boolean all(int[][] sets, int from, int to) {
      if (slots == null) {
        index();
      }
      for (int[] set : sets) {
        if (!any(set, from, to)) {
          return false;
        }
      }
      return true;
    }

    private void index() {
      Slots s = SLOTS.get().next(literals);
      int distinct = 0;
      int total = 0;
      for (int i = 0; i < found.length; i += 2) {
        int id = found[i] - first;
        if (id >= 0) {
          if (s.stamps[id] != s.stamp) {
            s.stamps[id] = s.stamp;
            s.to[id] = 0;
            s.ids[distinct++] = id;
          }
          s.to[id]++; // first the counts,
          total++;
        }
      }
      for (int k = 0, sum = 0; k < distinct; k++) {
        int id = s.ids[k];
        int count = s.to[id];
        s.from[id] = sum; // then where each literal's starts begin,
        s.to[id] = sum;
        sum += count;
      }
      sorted = new int[total];
      for (int i = 0; i < found.length; i += 2) {
        int id = found[i] - first;
        if (id >= 0) {
          // and where they end, once filled; in order of end, so of start too
          sorted[s.to[id]++] = found[i + 1] - automaton.length(found[i]);
        }
      }
      slots = s;
    }

    private boolean any(int[] set, int from, int to) {
      Slots s = slots;
      for (int id : set) {
        if (s.stamps[id] != s.stamp) {
          continue; // does not occur
        }
        int i = Arrays.binarySearch(sorted, s.from[id], s.to[id], from);
        i = i < 0 ? -i - 1 : i;
        if (i < s.to[id] && sorted[i] + automaton.length(first + id) <= to) {
          return true;
        }
      }
      return false;
    }

    /** One thread's slots; {@link #next} starts a new scan's stamp. */
    private static final class Slots {
      int stamp;
      int[] stamps = new int[0];
      int[] from = new int[0];
      int[] to = new int[0];
      int[] ids = new int[0];

      Slots next(int size) {
        if (stamps.length < size) {
          stamps = new int[size];
          from = new int[size];
          to = new int[size];
          ids = new int[size];
          stamp = 0;
        }
        if (++stamp == 0) { // wrapped: an old stamp could come back
          Arrays.fill(stamps, 0);
          stamp = 1;
        }
        return this;
      }
    }
  }

  /**
   * The shipped rules: from {@code rules.pack}, which the build writes next to {@code rules.txt},
   * when the pack was made from this very {@code rules.txt}; else parsed from the text (an IDE
   * run without the build, or a damaged pack). The pack holds the anchors, needs and automaton, so
   * a cold start skips their analysis.
   */
  private static RuleSet load() {
    byte[] text = resource("rules.txt");
    if (text == null) {
      throw new IllegalStateException("rules.txt is missing from the classpath");
    }
    byte[] pack = resource(PACK);
    if (pack != null) {
      try {
        RuleSet packed = unpack(pack, text);
        if (packed != null) {
          return packed;
        }
      } catch (RuntimeException damaged) {
        // fall through: the text is the source of truth
      }
    }
    return parse(lines(text));
  }

  static final String PACK = "rules.pack";
  private static final int PACK_MAGIC = 0x504C5202; // "PLR" and a format version

  private static byte[] resource(String name) {
    try (InputStream in = RuleSet.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static List<String> lines(byte[] text) {
    return new String(text, StandardCharsets.UTF_8).lines().toList();
  }

  private static int crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  /** The pack of a rules file: its checksum, then the parsed rule set. */
  static byte[] pack(byte[] rulesText) {
    Pack.Writer w = new Pack.Writer()
        .putInt(PACK_MAGIC).putInt(crc(rulesText)).putInt(rulesText.length);
    parse(lines(rulesText)).write(w);
    return w.toByteArray();
  }

  /** The rule set in {@code pack}; null when it was made from other rules or in another format. */
  static RuleSet unpack(byte[] pack, byte[] rulesText) {
    Pack.Reader r = new Pack.Reader(pack);
    if (r.getInt() != PACK_MAGIC || r.getInt() != crc(rulesText)
        || r.getInt() != rulesText.length) {
      return null;
    }
    return read(r);
  }

  private void write(Pack.Writer w) {
    int n = rules.size();
    String[] families = new String[n];
    String[] langs = new String[n];
    double[] weights = new double[n];
    String[] sources = new String[n];
    int[] lineNos = new int[n];
    for (Rule rule : rules) {
      families[rule.index] = rule.family;
      langs[rule.index] = rule.lang;
      weights[rule.index] = rule.weight;
      sources[rule.index] = rule.source;
      lineNos[rule.index] = rule.lineNo;
    }
    w.putStrings(families).putStrings(langs).putDoubles(weights).putStrings(sources)
        .putInts(lineNos);
    w.putStrings(anchors).putIntArrays(anchorRules).putLongs(follow).putStrings(neededLiterals);
    // The needs: per pair its number of literal sets (-1: none known), then all sets in order.
    int[] setCounts = new int[pairNeeds.length];
    List<int[]> sets = new ArrayList<>();
    for (int p = 0; p < pairNeeds.length; p++) {
      setCounts[p] = pairNeeds[p] == null ? -1 : pairNeeds[p].length;
      if (pairNeeds[p] != null) {
        sets.addAll(List.of(pairNeeds[p]));
      }
    }
    w.putInts(setCounts).putIntArrays(sets.toArray(new int[0][]));
    automaton.write(w);
  }

  private static RuleSet read(Pack.Reader r) {
    String[] families = r.getStrings();
    String[] langs = r.getStrings();
    double[] weights = r.getDoubles();
    String[] sources = r.getStrings();
    int[] lineNos = r.getInts();
    List<Rule> rules = new ArrayList<>(families.length);
    for (int i = 0; i < families.length; i++) {
      rules.add(new Rule(i, families[i], langs[i], weights[i], sources[i], lineNos[i]));
    }
    String[] anchors = r.getStrings();
    int[][] anchorRules = r.getIntArrays();
    long[] follow = r.getLongs();
    String[] neededLiterals = r.getStrings();
    int[] setCounts = r.getInts();
    int[][] sets = r.getIntArrays();
    int[][][] pairNeeds = new int[setCounts.length][][];
    int at = 0;
    for (int p = 0; p < setCounts.length; p++) {
      if (setCounts[p] >= 0) {
        pairNeeds[p] = Arrays.copyOfRange(sets, at, at + setCounts[p]);
        at += setCounts[p];
      }
    }
    AhoCorasick automaton = AhoCorasick.read(r);
    if (!r.atEnd()) {
      throw new IllegalStateException("corrupt rule pack: bytes after the automaton");
    }
    return new RuleSet(rules, anchors, anchorRules, follow, pairNeeds, neededLiterals, automaton);
  }

  static RuleSet parse(List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    Map<String, List<Integer>> anchorMap = new LinkedHashMap<>();
    Map<String, Map<Integer, List<List<String>>>> needs = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : lines) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" \\| ", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("rules.txt:" + lineNo + ": expected 'family lang weight | regex'");
      }
      String[] head = parts[0].trim().split(" ");
      if (head.length != 3) {
        throw new IllegalArgumentException("rules.txt:" + lineNo + ": expected 'family lang weight'");
      }
      String source = Normalizer.foldPatternLiteral(parts[1].trim());
      int index = rules.size();
      rules.add(new Rule(index, head[0], head[1], Double.parseDouble(head[2]), source, lineNo));
      try {
        for (String branch : splitTopLevel(source)) {
          List<List<String>> branchNeeds = laterNeeds(branch);
          for (String anchor : branchLiterals(branch, true)) {
            List<Integer> anchorOf = anchorMap.computeIfAbsent(anchor, k -> new ArrayList<>());
            if (!anchorOf.contains(index)) {
              anchorOf.add(index);
            }
            Map<Integer, List<List<String>>> byRule = needs.get(anchor);
            if (byRule == null) {
              needs.put(anchor, byRule = new LinkedHashMap<>());
            }
            byRule.merge(index, branchNeeds, RuleSet::eitherNeeds);
          }
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rules.txt:" + lineNo + ": " + e.getMessage(), e);
      }
    }
    return build(rules, anchorMap, needs);
  }

  /**
   * What a match needs when it may be of either of two branches with one anchor: a literal of
   * either branch's k-th set, for each k both have (a match of the first branch has one of its
   * k-th set, a match of the second one of its own).
   */
  static List<List<String>> eitherNeeds(List<List<String>> a, List<List<String>> b) {
    List<List<String>> either = new ArrayList<>();
    for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
      List<String> set = new ArrayList<>(a.get(k));
      for (String literal : b.get(k)) {
        if (!set.contains(literal)) {
          set.add(literal);
        }
      }
      either.add(set);
    }
    return either;
  }

  /**
   * The literal sets that the required parts of a branch after its first one start with: a group
   * without a quantifier that makes it optional, or a run of three or more literal characters.
   * Each literal is cut at its first space (a space is a separator, which matches more than a
   * space). Parts that are optional, inside look-arounds, or do not start with literals add
   * nothing; so a branch may need less than it does, never more.
   */
  static List<List<String>> laterNeeds(String b) {
    List<List<String>> sets = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    boolean first = true;
    int i = 0;
    while (i < b.length()) {
      char c = b.charAt(i);
      boolean escape = c == '\\' && i + 1 < b.length();
      boolean literalChar = escape ? !Character.isLetterOrDigit(b.charAt(i + 1)) : "()[ ~.^$|".indexOf(c) < 0;
      int after = escape ? i + 2 : i + 1; // after this part, before any quantifier
      if (literalChar) {
        int end = skipQuantifier(b, after);
        if (optional(b, after)) {
          first = addRun(sets, run, first);
        } else {
          run.append(b.charAt(after - 1));
          if (end > after) { // "+" or "{2}": the run ends after this character
            first = addRun(sets, run, first);
          }
        }
        i = end;
        continue;
      }
      first = addRun(sets, run, first);
      if (c == '(') {
        after = closingParen(b, i) + 1;
        boolean look = b.startsWith("(?=", i) || b.startsWith("(?!", i) || b.startsWith("(?<", i);
        if (!look && !first && !optional(b, after)) {
          addGroup(sets, b.substring(b.startsWith("(?:", i) ? i + 3 : i + 1, after - 1));
        }
        first &= look;
      } else if (c == '[') {
        after = classEnd(b, i) + 1;
      } else if (escape && (b.charAt(i + 1) == 'p' || b.charAt(i + 1) == 'P') && after < b.length() && b.charAt(after) == '{') {
        after = b.indexOf('}', after) + 1;
      }
      i = skipQuantifier(b, after);
    }
    addRun(sets, run, first);
    return sets;
  }

  /**
   * Quote marks: literals of one character, and so too common to be needed, except these, which a
   * fixed-output hijack ("... then say 'I have been PWNED'") needs and most prose lacks.
   */
  private static final String QUOTES = "\"'“”‘’«»„`";

  /** Adds the literals a required group starts with (the longest word of each), if it has any. */
  private static void addGroup(List<List<String>> sets, String inner) {
    List<String> literals = leadingLiterals(inner, false);
    if (literals == null) {
      return; // starts with something other than a literal: needs nothing we know
    }
    List<String> cut = new ArrayList<>();
    for (String l : literals) {
      String word = longestWord(l);
      if (word.length() < 2 && (word.isEmpty() || QUOTES.indexOf(word.charAt(0)) < 0)) {
        return;
      }
      if (!cut.contains(word)) {
        cut.add(word);
      }
    }
    sets.add(cut);
  }

  /** The longest word of a literal: a space in it is a separator, so each word is needed alone. */
  private static String longestWord(String literal) {
    String longest = "";
    for (String word : literal.split(" ")) {
      if (word.length() > longest.length()) {
        longest = word;
      }
    }
    return longest;
  }

  /** Ends a run of literal characters; returns whether the first part is still to come. */
  private static boolean addRun(List<List<String>> sets, StringBuilder run, boolean first) {
    if (run.length() == 0) {
      return first;
    }
    if (!first && run.length() >= 3) {
      sets.add(List.of(run.toString()));
    }
    run.setLength(0);
    return false;
  }

  private static boolean optional(String b, int at) {
    return at < b.length() && (b.charAt(at) == '?' || b.charAt(at) == '*' || b.startsWith("{0", at));
  }

  private static int skipQuantifier(String b, int at) {
    if (at < b.length() && b.charAt(at) == '{') {
      at = b.indexOf('}', at) + 1;
    } else if (at < b.length() && "?*+".indexOf(b.charAt(at)) >= 0) {
      at++;
    } else {
      return at;
    }
    return at < b.length() && (b.charAt(at) == '?' || b.charAt(at) == '+') ? at + 1 : at;
  }

  private static int classEnd(String s, int open) {
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']' && i > open + 1) {
        return i;
      }
    }
    return s.length(); // compiling the rule reports the error
  }

  /** The literals every top-level branch of {@code regex} (macro source) starts with. */
  static List<String> leadingLiterals(String regex) {
    return leadingLiterals(regex, true);
  }

  /** {@link #leadingLiterals}; when {@code strict} is false, null instead of an exception. */
  private static List<String> leadingLiterals(String regex, boolean strict) {
    List<String> out = new ArrayList<>();
    for (String branch : splitTopLevel(regex)) {
      List<String> literals = branchLiterals(branch, strict);
      if (literals == null) {
        return null;
      }
      out.addAll(literals);
    }
    return out;
  }

  private static List<String> branchLiterals(String b, boolean strict) {
    int i = 0;
    while (true) {
      if (b.startsWith("\\b", i)) {
        i += 2;
      } else if (b.startsWith("(?<=", i) || b.startsWith("(?<!", i) || b.startsWith("(?=", i) || b.startsWith("(?!", i)) {
        i = closingParen(b, i) + 1;
      } else {
        break;
      }
    }
    if (i < b.length() && b.charAt(i) == '(') {
      int close = closingParen(b, i);
      if (close + 1 < b.length() && "?*{".indexOf(b.charAt(close + 1)) >= 0) {
        return fail(strict, "a branch starts with an optional group");
      }
      int innerStart = b.startsWith("(?:", i) ? i + 3 : i + 1;
      return leadingLiterals(b.substring(innerStart, close), strict);
    }
    StringBuilder lit = new StringBuilder();
    while (i < b.length()) {
      char c = b.charAt(i);
      int width = 1;
      char literal;
      if (c == '\\' && i + 1 < b.length()) {
        char e = b.charAt(i + 1);
        if (Character.isLetterOrDigit(e)) {
          break;
        }
        literal = e;
        width = 2;
      } else if (c == ' ' && lit.length() > 0 && lit.length() < 3 && i + 1 < b.length()
          && Character.isLetter(b.charAt(i + 1))) {
        // Short words like "a" or "du" would start an attempt almost everywhere: anchor on the
        // following word too, assuming the usual single space between them.
        literal = ' ';
      } else if (" ~()[].?*+{}|^$".indexOf(c) >= 0) {
        break;
      } else {
        literal = c;
      }
      if (i + width < b.length() && "?*{".indexOf(b.charAt(i + width)) >= 0) {
        break;
      }
      lit.append(literal);
      i += width;
    }
    if (lit.length() == 0) {
      return fail(strict, "a branch does not start with a literal");
    }
    return List.of(lit.toString());
  }

  private static List<String> fail(boolean strict, String message) {
    if (strict) {
      throw new IllegalArgumentException(message);
    }
    return null;
  }

  private static int closingParen(String s, int open) {
    int depth = 0;
    boolean inClass = false;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parenthesis");
  }

  private static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean inClass = false;
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        out.add(s.substring(from, i));
        from = i + 1;
      }
    }
    out.add(s.substring(from));
    return out;
  }

  /**
   * The same rule with each branch's leading look-behinds checked after the rest of the branch has
   * matched: {@code (?<=X)R} becomes {@code (?=R)(?<=X)R}, which matches exactly where the original
   * does. Java tries a look-behind of bounded variable length once per possible length (a space
   * alone stands for 1-4 characters), so a look-behind that is checked first costs microseconds at
   * every attempt, while the rest of a branch usually fails within a few characters of its anchor.
   */
  static String lookBehindLast(String source) {
    if (!source.contains("(?<")) {
      return source; // most rules: no look-behind to move
    }
    List<String> branches = splitTopLevel(source);
    StringBuilder sb = new StringBuilder(source.length() * 2);
    for (int b = 0; b < branches.size(); b++) {
      String branch = branches.get(b);
      int restAt = 0;
      while (branch.startsWith("(?<=", restAt) || branch.startsWith("(?<!", restAt)) {
        restAt = closingParen(branch, restAt) + 1;
      }
      if (b > 0) {
        sb.append('|');
      }
      if (restAt == 0 || restAt == branch.length()) {
        sb.append(branch);
      } else {
        String rest = branch.substring(restAt);
        sb.append("(?=").append(rest).append(')').append(branch, 0, restAt).append(rest);
      }
    }
    return sb.toString();
  }

  /** Expands the two macros: a space outside a character class is a separator, {@code ~} a gap. */
  static String expand(String regex, String gap) {
    return expand(regex, gap, "\\b");
  }

  /** As {@link #expand(String, String)}, with {@code boundary} for each {@code \b}. */
  static String expand(String regex, String gap, String boundary) {
    StringBuilder sb = new StringBuilder(regex.length() * 2);
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        char escaped = regex.charAt(++i);
        if (escaped == 'b' && !inClass) {
          sb.append(boundary);
        } else {
          sb.append(c).append(escaped);
        }
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        sb.append(c);
      } else if (c == '[') {
        inClass = true;
        sb.append(c);
      } else if (c == ' ') {
        // A group only where a quantifier follows: every group costs each attempt a slot that
        // the matcher clears when it is reset.
        boolean quantified = i + 1 < regex.length() && "?*+{".indexOf(regex.charAt(i + 1)) >= 0;
        sb.append(quantified ? SEP : SEP_CLASS);
      } else if (c == '~') {
        sb.append(gap);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
