package dev.palisade.detectors.pii;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What a regular expression can possibly match, read from its source: the characters a match
 * may consist of, its shortest and longest length, how few and how many ASCII digits it holds,
 * and the characters its leading negative lookbehind and trailing negative lookahead forbid.
 *
 * <p>These are necessary conditions, so a candidate position that fails one is skipped without
 * running the expression and no match is lost. Only the subset of java.util.regex the structured
 * rules use is understood (literals, escapes, classes, groups, {@code (?i:)}, lookarounds,
 * alternation, bounded and unbounded quantifiers, back-references); anything else makes
 * {@link #of} throw, and the caller then runs that expression without a prefilter.
 *
 * <p>Lookarounds inside the expression consume nothing and are ignored (they can only reject
 * more). Case-insensitive parts add both ASCII cases, which is what {@code (?i)} means without
 * {@code UNICODE_CASE}. Index 128 of a character set stands for every non-ASCII character.
 */
final class RegexBounds {

  /** Beyond any window: stands for "unbounded" and keeps sums from overflowing. */
  static final int INF = 1 << 24;
  static final int NON_ASCII = 128;

  final int minLen;
  final int maxLen;
  final int minDigits;
  final int maxDigits;
  /** Characters a match may contain (128 = any non-ASCII character). */
  final BitSet alphabet;
  /** Characters that may not precede a match, or null. */
  final BitSet notBefore;
  /** Characters that may not follow a match, or null. */
  final BitSet notAfter;
  /** How a match can begin with a run of ASCII digits ({@link #DIGIT}) or letters ({@link #LETTER}). */
  final Run[] runs;
  /** The lengths a match can have, as a set (bit 63: every length from 63 up). */
  final long lengths;

  static final int DIGIT = 0;
  static final int LETTER = 1;
  /** Run lengths are sets of 0..63 in a long; bit 63 stands for every length from 63 up. */
  static final int SATURATED = 63;

  /**
   * The leading run of one character class (digits or letters) in a match: its possible lengths
   * when the match holds more after it ({@code lead}, with the character that ends the run in
   * {@code follow}) and when the match is nothing but the run ({@code all}).
   */
  static final class Run {
    final long all;
    final long lead;
    /** The follow set as three words: characters 0-63, 64-127 and (bit 0) non-ASCII. */
    private final long follow0;
    private final long follow1;
    private final long follow2;

    private Run(long all, long lead, long follow0, long follow1, long follow2) {
      this.all = all;
      this.lead = lead;
      this.follow0 = follow0;
      this.follow1 = follow1;
      this.follow2 = follow2;
    }

    static Run of(long all, long lead, BitSet follow) {
      long[] w = java.util.Arrays.copyOf(follow.toLongArray(), 3);
      return new Run(all, lead, w[0], w[1], w[2]);
    }

    static Run of(long all, long lead) {
      return new Run(all, lead, 0, 0, 0);
    }

    /** The characters that can end the run inside a match (index 128: non-ASCII). */
    BitSet follow() {
      return BitSet.valueOf(new long[] {follow0, follow1, follow2});
    }

    Run then(Run b) {
      return all == 0 ? new Run(0, lead, follow0, follow1, follow2)
          : new Run(plus(all, b.all), lead | plus(all, b.lead), follow0 | b.follow0, follow1 | b.follow1,
              follow2 | b.follow2);
    }

    Run or(Run b) {
      return new Run(all | b.all, lead | b.lead, follow0 | b.follow0, follow1 | b.follow1, follow2 | b.follow2);
    }

    boolean sameAs(Run b) {
      return all == b.all && lead == b.lead && follow0 == b.follow0 && follow1 == b.follow1 && follow2 == b.follow2;
    }

    /** Whether a match can begin with a run of exactly {@code length} (saturated) class characters. */
    static boolean has(long lengths, int length) {
      return (lengths >>> Math.min(length, SATURATED) & 1) != 0;
    }
  }

  /** The sums of the lengths in {@code a} and in {@code b}, those from 63 up kept as 63. */
  static long plus(long a, long b) {
    long out = 0;
    for (long bits = a; bits != 0; bits &= bits - 1) {
      int i = Long.numberOfTrailingZeros(bits);
      long shifted = b << i;
      if (i > 0 && b >>> (64 - i) != 0 || (shifted & (1L << SATURATED)) != 0) {
        shifted |= 1L << SATURATED;
      }
      out |= shifted;
    }
    return out;
  }

  private RegexBounds(Node n, BitSet notBefore, BitSet notAfter) {
    this.minLen = n.minLen;
    this.maxLen = n.maxLen;
    this.minDigits = n.minDigits;
    this.maxDigits = n.maxDigits;
    this.alphabet = n.alphabet;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.runs = n.runs;
    this.lengths = n.lengths;
  }

  /**
   * Whether a match must end exactly where the run of alphabet characters starting at its first
   * character ends: every character the match may hold is also forbidden after it.
   */
  boolean endsWithRun() {
    if (notAfter == null) {
      return false;
    }
    BitSet rest = (BitSet) alphabet.clone();
    rest.andNot(notAfter);
    return rest.isEmpty();
  }

  /**
   * Reads the bounds of {@code regex}.
   *
   * @throws IllegalArgumentException if it uses syntax this reader does not understand
   */
  static RegexBounds of(String regex) {
    Parser p = new Parser(regex);
    List<Node> top = p.alternatives(false);
    if (p.pos != regex.length()) {
      throw new IllegalArgumentException("unbalanced ')' at " + p.pos);
    }
    Node all = Node.alt(top);
    BitSet before = null;
    BitSet after = null;
    if (top.size() == 1 && top.get(0).seq != null && !top.get(0).seq.isEmpty()) {
      List<Node> seq = top.get(0).seq;
      Node first = seq.get(0);
      Node last = seq.get(seq.size() - 1);
      if (first.look == Look.NOT_BEHIND && first.single != null) {
        before = first.single;
      }
      if (last.look == Look.NOT_AHEAD && last.single != null) {
        after = last.single;
      }
    }
    return new RegexBounds(all, before, after);
  }

  private enum Look { NONE, NOT_BEHIND, BEHIND, NOT_AHEAD, AHEAD }

  /** Bounds of one part of the expression. */
  private static final class Node {
    int minLen;
    int maxLen;
    int minDigits;
    int maxDigits;
    BitSet alphabet = new BitSet(129);
    /** For a sequence: its parts, so the top level can find its lookarounds. */
    List<Node> seq;
    Look look = Look.NONE;
    /** For a lookaround whose body is one character: the characters it tests. */
    BitSet single;
    /** For a single character class: its characters. */
    BitSet chars;
    /** The possible lengths, saturated like the runs' (the empty match: {0}). */
    long lengths = 1;
    /** The leading runs, indexed by {@link #DIGIT} and {@link #LETTER}. */
    Run[] runs = {Run.of(1, 0), Run.of(1, 0)};

    static Node chars(BitSet set) {
      Node n = new Node();
      n.minLen = 1;
      n.maxLen = 1;
      boolean anyDigit = set.nextSetBit('0') >= 0 && set.nextSetBit('0') <= '9';
      BitSet other = (BitSet) set.clone();
      other.clear('0', '9' + 1);
      n.minDigits = other.isEmpty() ? 1 : 0;
      n.maxDigits = anyDigit ? 1 : 0;
      n.alphabet = (BitSet) set.clone();
      n.chars = set;
      n.lengths = 2;
      for (int k = 0; k < 2; k++) {
        BitSet in = (BitSet) set.clone();
        in.and(CLASSES[k]);
        BitSet out = (BitSet) set.clone();
        out.andNot(CLASSES[k]);
        n.runs[k] = Run.of(in.isEmpty() ? 0 : 2, out.isEmpty() ? 0 : 1, out);
      }
      return n;
    }

    static Node empty() {
      return new Node();
    }

    static Node sequence(List<Node> parts) {
      Node n = new Node();
      for (Node p : parts) {
        n.minLen = add(n.minLen, p.minLen);
        n.maxLen = add(n.maxLen, p.maxLen);
        n.minDigits = add(n.minDigits, p.minDigits);
        n.maxDigits = add(n.maxDigits, p.maxDigits);
        n.alphabet.or(p.alphabet);
        n.lengths = plus(n.lengths, p.lengths);
        for (int k = 0; k < 2; k++) {
          n.runs[k] = n.runs[k].then(p.runs[k]);
        }
      }
      n.seq = parts;
      return n;
    }

    static Node alt(List<Node> branches) {
      if (branches.size() == 1) {
        return branches.get(0);
      }
      Node n = new Node();
      n.minLen = INF;
      n.minDigits = INF;
      n.runs = new Run[] {Run.of(0, 0), Run.of(0, 0)};
      n.lengths = 0;
      for (Node b : branches) {
        n.lengths |= b.lengths;
        for (int k = 0; k < 2; k++) {
          n.runs[k] = n.runs[k].or(b.runs[k]);
        }
        n.minLen = Math.min(n.minLen, b.minLen);
        n.maxLen = Math.max(n.maxLen, b.maxLen);
        n.minDigits = Math.min(n.minDigits, b.minDigits);
        n.maxDigits = Math.max(n.maxDigits, b.maxDigits);
        n.alphabet.or(b.alphabet);
      }
      return n;
    }

    static Node repeat(Node body, int min, int max) {
      Node n = new Node();
      n.minLen = mul(body.minLen, min);
      n.maxLen = mul(body.maxLen, max);
      n.minDigits = mul(body.minDigits, min);
      n.maxDigits = mul(body.maxDigits, max);
      if (max > 0) {
        n.alphabet = (BitSet) body.alphabet.clone();
      }
      // unrolled: past min + 64 copies no new length below the saturation point appears
      long copiesLength = 1;
      long outLength = min == 0 ? 1 : 0;
      for (int i = 1; i <= (int) Math.min(max, min + 64L); i++) {
        long next = plus(copiesLength, body.lengths);
        if (next == copiesLength && i > min) {
          break; // a fixed point: more copies add nothing
        }
        copiesLength = next;
        if (i >= min) {
          outLength |= copiesLength;
        }
      }
      n.lengths = outLength;
      for (int k = 0; k < 2; k++) {
        Run copies = Run.of(1, 0);
        Run out = min == 0 ? copies : Run.of(0, 0);
        int last = (int) Math.min(max, min + 64L);
        for (int i = 1; i <= last; i++) {
          Run next = copies.then(body.runs[k]);
          if (i > min && next.sameAs(copies)) {
            break; // a fixed point: more copies add nothing
          }
          copies = next;
          if (i >= min) {
            out = out.or(copies);
          }
        }
        n.runs[k] = out;
      }
      return n;
    }

    /** A copy of a group's bounds for a back-reference to it (it matches the same text again). */
    Node copy(boolean caseInsensitive) {
      Node n = new Node();
      n.minLen = minLen;
      n.maxLen = maxLen;
      n.minDigits = minDigits;
      n.maxDigits = maxDigits;
      n.alphabet = caseInsensitive ? bothCases(alphabet) : (BitSet) alphabet.clone();
      n.lengths = lengths;
      for (int k = 0; k < 2; k++) {
        Run r = runs[k];
        n.runs[k] = Run.of(r.all, r.lead, caseInsensitive ? bothCases(r.follow()) : r.follow());
      }
      return n;
    }
  }

  private static final BitSet[] CLASSES = {new BitSet(129), new BitSet(129)};

  static {
    CLASSES[DIGIT].set('0', '9' + 1);
    CLASSES[LETTER].set('A', 'Z' + 1);
    CLASSES[LETTER].set('a', 'z' + 1);
  }

  static int add(int a, int b) {
    return Math.min(INF, a + b);
  }

  static int mul(int a, int b) {
    return (int) Math.min(INF, (long) a * b);
  }

  static BitSet bothCases(BitSet s) {
    BitSet out = (BitSet) s.clone();
    for (int c = 'a'; c <= 'z'; c++) {
      if (s.get(c) || s.get(c - 32)) {
        out.set(c);
        out.set(c - 32);
      }
    }
    return out;
  }

  /** A recursive-descent reader of the supported subset. */
  private static final class Parser {
    final String s;
    int pos;
    boolean ci;
    final List<Node> groups = new ArrayList<>();

    Parser(String s) {
      this.s = s;
      groups.add(null); // group 0 is the whole match
    }

    IllegalArgumentException unsupported() {
      return new IllegalArgumentException("unsupported regex syntax at " + pos);
    }

    List<Node> alternatives(boolean inGroup) {
      List<Node> branches = new ArrayList<>();
      List<Node> seq = new ArrayList<>();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '|') {
          pos++;
          branches.add(Node.sequence(seq));
          seq = new ArrayList<>();
        } else if (c == ')') {
          if (!inGroup) {
            throw unsupported();
          }
          break;
        } else {
          seq.add(quantified(atom()));
        }
      }
      branches.add(Node.sequence(seq));
      return branches;
    }

    Node quantified(Node atom) {
      if (pos >= s.length()) {
        return atom;
      }
      char c = s.charAt(pos);
      int min;
      int max;
      if (c == '?') {
        min = 0;
        max = 1;
        pos++;
      } else if (c == '*') {
        min = 0;
        max = INF;
        pos++;
      } else if (c == '+') {
        min = 1;
        max = INF;
        pos++;
      } else if (c == '{') {
        int close = s.indexOf('}', pos);
        if (close < 0) {
          throw unsupported();
        }
        String body = s.substring(pos + 1, close);
        int comma = body.indexOf(',');
        try {
          if (comma < 0) {
            min = Integer.parseInt(body);
            max = min;
          } else {
            min = Integer.parseInt(body.substring(0, comma));
            max = comma == body.length() - 1 ? INF : Integer.parseInt(body.substring(comma + 1));
          }
        } catch (NumberFormatException e) {
          throw unsupported();
        }
        pos = close + 1;
      } else {
        return atom;
      }
      if (atom.look != Look.NONE) {
        throw unsupported(); // a quantified lookaround: legal, but nothing the rules need
      }
      if (pos < s.length() && (s.charAt(pos) == '?' || s.charAt(pos) == '+')) {
        pos++; // lazy or possessive: same bounds
      }
      if (pos < s.length() && "?*+{".indexOf(s.charAt(pos)) >= 0) {
        throw unsupported();
      }
      return Node.repeat(atom, min, max);
    }

    Node atom() {
      char c = s.charAt(pos);
      switch (c) {
        case '(':
          return group();
        case '[':
          return Node.chars(charClass());
        case '\\':
          return escape();
        case '.':
          pos++;
          BitSet any = new BitSet(129);
          any.set(0, 129);
          any.clear('\n');
          any.clear('\r');
          return Node.chars(any);
        case '^': case '$': case '*': case '+': case '?': case '{': case '}': case ']':
          throw unsupported();
        default:
          pos++;
          return Node.chars(literal(c));
      }
    }

    BitSet literal(char c) {
      BitSet set = new BitSet(129);
      set.set(c < 128 ? c : NON_ASCII);
      return ci ? bothCases(set) : set;
    }

    Node group() {
      pos++; // '('
      Look look = Look.NONE;
      boolean capturing = false;
      boolean saved = ci;
      if (s.startsWith("?:", pos)) {
        pos += 2;
      } else if (s.startsWith("?i:", pos)) {
        pos += 3;
        ci = true;
      } else if (s.startsWith("?<!", pos)) {
        pos += 3;
        look = Look.NOT_BEHIND;
      } else if (s.startsWith("?<=", pos)) {
        pos += 3;
        look = Look.BEHIND;
      } else if (s.startsWith("?!", pos)) {
        pos += 2;
        look = Look.NOT_AHEAD;
      } else if (s.startsWith("?=", pos)) {
        pos += 2;
        look = Look.AHEAD;
      } else if (pos < s.length() && s.charAt(pos) == '?') {
        throw unsupported();
      } else {
        capturing = true;
      }
      int index = -1;
      if (capturing) {
        index = groups.size();
        groups.add(null);
      }
      List<Node> branches = alternatives(true);
      if (pos >= s.length() || s.charAt(pos) != ')') {
        throw unsupported();
      }
      pos++;
      ci = saved;
      Node body = Node.alt(branches);
      if (capturing) {
        groups.set(index, body);
      }
      if (look == Look.NONE) {
        return body;
      }
      Node n = Node.empty();
      n.look = look;
      if (branches.size() == 1 && body.seq != null && body.seq.size() == 1 && body.seq.get(0).chars != null) {
        n.single = body.seq.get(0).chars;
      }
      return n;
    }

    Node escape() {
      pos++; // '\'
      if (pos >= s.length()) {
        throw unsupported();
      }
      char c = s.charAt(pos);
      if (c >= '1' && c <= '9') {
        pos++;
        int k = c - '0';
        if (k >= groups.size() || groups.get(k) == null) {
          throw unsupported(); // forward or nested reference
        }
        return groups.get(k).copy(ci);
      }
      BitSet set = escapeSet();
      return Node.chars(ci ? bothCases(set) : set);
    }

    /** The characters of the escape at {@code pos} (just after the backslash); advances past it. */
    BitSet escapeSet() {
      char c = s.charAt(pos++);
      BitSet set = new BitSet(129);
      switch (c) {
        case 'd' -> set.set('0', '9' + 1);
        case 's' -> {
          for (char w : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
            set.set(w);
          }
        }
        case 't' -> set.set('\t');
        case 'n' -> set.set('\n');
        case 'r' -> set.set('\r');
        case 'f' -> set.set('\f');
        default -> {
          if (Character.isLetterOrDigit(c)) {
            throw unsupported(); // word classes, boundaries, properties, hex escapes: not needed by the rules
          }
          set.set(c < 128 ? c : NON_ASCII);
        }
      }
      return set;
    }

    BitSet charClass() {
      pos++; // '['
      boolean negate = false;
      if (pos < s.length() && s.charAt(pos) == '^') {
        negate = true;
        pos++;
      }
      BitSet set = new BitSet(129);
      boolean firstItem = true;
      while (true) {
        if (pos >= s.length()) {
          throw unsupported();
        }
        char c = s.charAt(pos);
        if (c == ']' && !firstItem) {
          pos++;
          break;
        }
        if (c == '[' || c == '&') {
          throw unsupported(); // unions and intersections
        }
        firstItem = false;
        int lo;
        if (c == '\\') {
          pos++;
          BitSet e = escapeSet();
          if (e.cardinality() != 1 || pos >= s.length() || s.charAt(pos) != '-'
              || pos + 1 < s.length() && s.charAt(pos + 1) == ']') {
            set.or(e);
            continue;
          }
          lo = e.nextSetBit(0);
          if (lo == NON_ASCII) {
            throw unsupported();
          }
        } else {
          pos++;
          lo = c;
        }
        if (pos + 1 < s.length() && s.charAt(pos) == '-' && s.charAt(pos + 1) != ']') {
          pos++;
          char h = s.charAt(pos);
          if (h == '\\' || h == '[') {
            throw unsupported();
          }
          pos++;
          addRange(set, lo, h);
        } else {
          addRange(set, lo, lo);
        }
      }
      if (ci) {
        set = bothCases(set);
      }
      if (negate) {
        BitSet all = new BitSet(129);
        all.set(0, 129);
        all.andNot(set);
        all.set(NON_ASCII); // a negated class always admits some non-ASCII character
        set = all;
      }
      return set;
    }

    static void addRange(BitSet set, int lo, int hi) {
      if (hi < lo) {
        throw new IllegalArgumentException("bad range");
      }
      for (int c = lo; c <= hi; c++) {
        set.set(c < 128 ? c : NON_ASCII);
      }
    }
  }
}
