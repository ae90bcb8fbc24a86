package dev.palisade.detectors.pii;

import dev.palisade.detectors.pii.RegexBounds.Run;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs structured rules the cheap way: only at token starts inside digit windows, only the rules
 * whose expression can begin with the character found there, and each distinct expression once
 * for all the types that share it (a bare nine-digit number is tried once, then scored as an
 * SSN, a passport, a SIN, a routing number …).
 *
 * <p>Anchored attempts ({@code lookingAt}) of bounded expressions make the cost linear in the
 * window: at most (token starts × rules) attempts, each bounded by the longest match.
 *
 * <h2>Prefilter</h2>
 * Almost every attempt fails, and a failed attempt of java.util.regex costs far more than a few
 * array reads. So before an attempt, each expression's {@link RegexBounds} (read from its source
 * once, at construction) are checked against the text at the start position: the character
 * before it (the leading lookbehind), the run of characters from the expression's alphabet that
 * starts there (at least as long as the shortest match), and the ASCII digits in that run (at
 * least as many as the match needs). When every character the expression may match is also one
 * its trailing lookahead forbids after the match, the match must be that whole run, so its length
 * and digit count must lie within the bounds too: a nine-digit token meets only the expressions
 * that can match nine digits. Each check is a necessary condition, so skipping an attempt that
 * fails one loses no match; {@code RuleSetPrefilterTest} compares the result with every
 * expression run at every position.
 */
final class RuleSet {

  /** One distinct expression and every rule using it. */
  private static final class Group {
    final Pattern pattern;
    final List<Rule> rules = new ArrayList<>();
    final boolean[] first = new boolean[128];
    int minDigits = Integer.MAX_VALUE;
    /** False when the expression's source was not understood: it is then tried without checks. */
    boolean filtered;
    int minLen;
    int maxLen;
    int minMatchDigits;
    int maxMatchDigits;
    /** The match is the whole run of alphabet characters at the start. */
    boolean exact;
    /** Characters (128: non-ASCII) that may not precede a match, or null. */
    boolean[] notBefore;
    /** Characters that may not follow a match, or null. */
    boolean[] notAfter;
    /** The lengths a match can have ({@link RegexBounds#lengths}). */
    long lengths;
    int alphabet;
    /** Per {@link RegexBounds#DIGIT} / {@link RegexBounds#LETTER}: see {@link RegexBounds.Run}. */
    final long[] runAll = new long[2];
    final long[] runLead = new long[2];
    final boolean[][] runFollow = new boolean[2][];
    /** The class is forbidden after a match: a match that is one run is the whole run. */
    final boolean[] runExact = new boolean[2];

    Group(Pattern pattern) {
      this.pattern = pattern;
      for (char c = 0; c < 128; c++) {
        Matcher m = pattern.matcher(String.valueOf(c));
        // fails before the end of a one-character input: cannot start with c
        first[c] = m.lookingAt() || m.hitEnd();
      }
    }
  }

  private final Group[] groups;
  /** The distinct alphabets of the groups (index 128: non-ASCII). */
  private final boolean[][] alphabets;
  /**
   * The checks that depend only on the start position, as sets of groups (bit g of word g / 64),
   * so one start meets only the groups that pass them all: which can begin with a character,
   * which reject a character before them, which admit a leading run of r digits (letters)
   * followed by a character, which may be that run alone (exactly, or any prefix of it), and
   * which reject a character after them. Index 128 of a character stands for non-ASCII.
   */
  private final int words;
  private final long[][] firstMask;
  private final long[][] notBeforeMask;
  private final long[][] notAfterMask;
  private final long[][][] leadMask;
  private final long[][][] followMask;
  private final long[][][] exactMask;
  private final long[][][] prefixMask;
  /** Groups without bounds: they pass every run check. */
  private final long[] unfiltered;

  RuleSet(List<Rule> rules) {
    Map<String, Group> byRegex = new LinkedHashMap<>();
    for (Rule r : rules) {
      Group g = byRegex.computeIfAbsent(r.pattern().pattern(), k -> new Group(r.pattern()));
      g.rules.add(r);
      g.minDigits = Math.min(g.minDigits, r.minDigits());
    }
    this.groups = byRegex.values().toArray(new Group[0]);
    List<BitSet> distinct = new ArrayList<>();
    for (Group g : groups) {
      RegexBounds b;
      try {
        b = RegexBounds.of(g.pattern.pattern());
      } catch (IllegalArgumentException e) {
        continue; // tried at every start, as without a prefilter
      }
      g.filtered = true;
      g.minLen = b.minLen;
      g.maxLen = b.maxLen;
      g.minMatchDigits = b.minDigits;
      g.maxMatchDigits = b.maxDigits;
      g.exact = b.endsWithRun();
      g.notBefore = b.notBefore == null ? null : table(b.notBefore);
      g.notAfter = b.notAfter == null ? null : table(b.notAfter);
      g.lengths = b.lengths;
      for (int k = 0; k < 2; k++) {
        g.runAll[k] = b.runs[k].all;
        g.runLead[k] = b.runs[k].lead;
        g.runFollow[k] = table(b.runs[k].follow());
        g.runExact[k] = b.notAfter != null && covers(b.notAfter, k);
      }
      int a = distinct.indexOf(b.alphabet);
      if (a < 0) {
        a = distinct.size();
        distinct.add(b.alphabet);
      }
      g.alphabet = a;
    }
    this.alphabets = new boolean[distinct.size()][];
    for (int a = 0; a < alphabets.length; a++) {
      alphabets[a] = table(distinct.get(a));
    }
    this.words = (groups.length + 63) / 64;
    int chars = RegexBounds.NON_ASCII + 1;
    int lengths = RegexBounds.SATURATED + 1;
    firstMask = new long[chars][words];
    notBeforeMask = new long[chars][words];
    notAfterMask = new long[chars][words];
    leadMask = new long[2][lengths][words];
    followMask = new long[2][chars][words];
    exactMask = new long[2][lengths][words];
    prefixMask = new long[2][lengths][words];
    unfiltered = new long[words];
    for (int g = 0; g < groups.length; g++) {
      Group group = groups[g];
      int word = g >>> 6;
      long bit = 1L << g;
      for (int c = 0; c < chars; c++) {
        // the first-character table covers ASCII; rules never start at other characters
        if (c < 128 && group.first[c]) {
          firstMask[c][word] |= bit;
        }
      }
      if (!group.filtered) {
        unfiltered[word] |= bit;
        continue;
      }
      for (int c = 0; c < chars; c++) {
        if (group.notBefore != null && group.notBefore[c]) {
          notBeforeMask[c][word] |= bit;
        }
        if (group.notAfter != null && group.notAfter[c]) {
          notAfterMask[c][word] |= bit;
        }
      }
      for (int k = 0; k < 2; k++) {
        for (int c = 0; c < chars; c++) {
          if (group.runFollow[k][c]) {
            followMask[k][c][word] |= bit;
          }
        }
        for (int r = 0; r < lengths; r++) {
          if (Run.has(group.runLead[k], r)) {
            leadMask[k][r][word] |= bit;
          }
          long upTo = r >= RegexBounds.SATURATED ? -1L : (2L << r) - 1;
          if (group.runExact[k] ? Run.has(group.runAll[k], r) : (group.runAll[k] & upTo) != 0) {
            (group.runExact[k] ? exactMask : prefixMask)[k][r][word] |= bit;
          }
        }
      }
    }
  }

  private static boolean[] table(BitSet set) {
    boolean[] t = new boolean[RegexBounds.NON_ASCII + 1];
    for (int c = set.nextSetBit(0); c >= 0; c = set.nextSetBit(c + 1)) {
      t[c] = true;
    }
    return t;
  }

  private static boolean covers(BitSet set, int runClass) {
    for (char c = 0; c < 128; c++) {
      if (runClass(c) == runClass && !set.get(c)) {
        return false;
      }
    }
    return true;
  }

  /** {@link RegexBounds#DIGIT}, {@link RegexBounds#LETTER} or -1. */
  private static int runClass(char c) {
    if (c >= '0' && c <= '9') {
      return RegexBounds.DIGIT;
    }
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? RegexBounds.LETTER : -1;
  }

  /**
   * Whether a match starting at {@code i} can end somewhere up to {@code last}: at a length the
   * expression can have, holding as many digits as it can, before a character its trailing
   * lookahead accepts.
   */
  private static boolean canEnd(Group group, String text, int i, int last, int n, int ws, int[] digitsBefore) {
    int before = digitsBefore[i - ws];
    for (int e = i + group.minLen; e <= last; e++) {
      int d = digitsBefore[e - ws] - before;
      if (Run.has(group.lengths, e - i) && d >= group.minMatchDigits && d <= group.maxMatchDigits
          && (e == n || !in(group.notAfter, text.charAt(e)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean in(boolean[] table, char c) {
    return table[c < RegexBounds.NON_ASCII ? c : RegexBounds.NON_ASCII];
  }

  void scan(String text, Windows w, Sink sink, Consumer<RuntimeException> onError) {
    int n = text.length();
    Matcher[] matchers = new Matcher[groups.length];
    int[] nextFree = new int[groups.length];
    // per alphabet: the end of the run found last; valid for every later start before it
    int[] runEnd = new int[alphabets.length];
    int[] digitsBefore = new int[64];
    long[] candidates = new long[words];
    for (int k = 0; k < w.size; k++) {
      int ws = w.starts[k];
      int we = Math.min(n, w.ends[k]);
      int digits = w.digitCounts[k];
      java.util.Arrays.fill(nextFree, 0);
      java.util.Arrays.fill(runEnd, 0);
      if (digitsBefore.length < we - ws + 1) {
        digitsBefore = new int[Math.max(we - ws + 1, digitsBefore.length * 2)];
      }
      // digitsBefore[j - ws]: ASCII digits in [ws, j)
      int count = 0;
      for (int j = ws; j < we; j++) {
        digitsBefore[j - ws] = count;
        char c = text.charAt(j);
        if (c >= '0' && c <= '9') {
          count++;
        }
      }
      digitsBefore[we - ws] = count;
      for (int i = ws; i < we; i++) {
        char c = text.charAt(i);
        if (c >= 128) {
          continue;
        }
        char p = 0;
        boolean start;
        if (i == 0) {
          start = true;
        } else {
          p = text.charAt(i - 1);
          boolean pAlnum = Scanners.isAlnum(p);
          // token starts, plus letter-to-digit steps ("code is030594W903B")
          start = !pAlnum || (c >= '0' && c <= '9' && !(p >= '0' && p <= '9'));
        }
        if (!start) {
          continue;
        }
        // the groups that pass every check of this start position
        int cls = runClass(c);
        int run = 0;
        if (cls >= 0) {
          while (i + run < we && runClass(text.charAt(i + run)) == cls) {
            run++;
          }
        }
        int after = i + run;
        int r = Math.min(run, RegexBounds.SATURATED);
        int x = after < n ? Math.min(text.charAt(after), RegexBounds.NON_ASCII) : -1;
        for (int word = 0; word < words; word++) {
          long m = firstMask[c][word];
          if (i > 0) {
            m &= ~notBeforeMask[Math.min(p, RegexBounds.NON_ASCII)][word];
          }
          if (cls >= 0) {
            // a match begins with this run: followed inside it by a character it allows there,
            // or the run alone (the whole run when the class may not follow a match)
            long fits = unfiltered[word] | prefixMask[cls][r][word];
            if (after < we) {
              fits |= leadMask[cls][r][word] & followMask[cls][x][word];
            }
            fits |= x < 0 ? exactMask[cls][r][word] : exactMask[cls][r][word] & ~notAfterMask[x][word];
            m &= fits;
          }
          candidates[word] = m;
        }
        for (int word = 0; word < words; word++) {
          for (long bits = candidates[word]; bits != 0; bits &= bits - 1) {
            int g = (word << 6) | Long.numberOfTrailingZeros(bits);
            attempt(g, text, i, ws, we, n, digits, digitsBefore, runEnd, nextFree, matchers, sink, onError);
          }
        }
      }
    }
  }

  /** The remaining checks of group {@code g} at {@code i}, then the expression itself. */
  private void attempt(int g, String text, int i, int ws, int we, int n, int digits, int[] digitsBefore,
      int[] runEnd, int[] nextFree, Matcher[] matchers, Sink sink, Consumer<RuntimeException> onError) {
    Group group = groups[g];
    if (digits < group.minDigits || i < nextFree[g]) {
      return;
    }
    if (group.filtered) {
      // digits within the longest match's reach: O(1), and rejects most words of prose
      if (digitsBefore[Math.min(we, i + group.maxLen) - ws] - digitsBefore[i - ws] < group.minMatchDigits) {
        return;
      }
      int a = group.alphabet;
      int f = runEnd[a];
      if (i >= f) {
        boolean[] alpha = alphabets[a];
        f = i;
        while (f < we && in(alpha, text.charAt(f))) {
          f++;
        }
        runEnd[a] = f;
      }
      int span = f - i;
      if (span < group.minLen) {
        return;
      }
      if (group.exact) {
        // the match ends where the run does; a run cut by the window end cannot match
        if (span > group.maxLen || !Run.has(group.lengths, span)
            || f == we && we < n && in(alphabets[a], text.charAt(we))) {
          return;
        }
        int d = digitsBefore[f - ws] - digitsBefore[i - ws];
        if (d < group.minMatchDigits || d > group.maxMatchDigits) {
          return;
        }
      } else {
        int reach = Math.min(span, group.maxLen);
        if (digitsBefore[reach + i - ws] - digitsBefore[i - ws] < group.minMatchDigits
            || group.notAfter != null && !canEnd(group, text, i, i + reach, n, ws, digitsBefore)) {
          return;
        }
      }
    }
    Matcher m = matchers[g];
    if (m == null) {
      m = group.pattern.matcher(text);
      m.useTransparentBounds(true).useAnchoringBounds(false);
      matchers[g] = m;
    }
    try {
      m.region(i, we);
      if (!m.lookingAt()) {
        return;
      }
      int s = m.start(1);
      int e = m.end(1);
      String value = m.group(1);
      nextFree[g] = m.end();
      for (Rule r : group.rules) {
        if (digits >= r.minDigits()) {
          sink.add(r.type(), s, e, r.scorer().score(value), r.id(), r.context());
        }
      }
    } catch (RuntimeException ex) {
      onError.accept(ex);
    }
  }
}
