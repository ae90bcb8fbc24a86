package dev.palisade.detectors.injection;

/**
 * Two layouts that hide words from the rules without encoding them: letters interleaved with a
 * filler symbol ("n🔥o r🔥e🔥s🔥t🔥r🔥i🔥c🔥t🔥i🔥o🔥n🔥s", "u-j-a-w-n-i-j", "h⭐o⭐w") and words
 * broken over lines (one word per line, or "dis-\nregard"). Each gives the text as it reads without
 * the trick, or null when the text does not use it; the scanner matches the rules on that text
 * again. (Letters spaced or dotted are folded by the {@link Normalizer} already.) A third helper
 * reads each word backwards, for texts that ask for that (rule family {@code reverse}).
 *
 * <h2>Thread safety</h2>
 * Stateless.
 */
final class TextLayout {

  /** Single letters a filler must separate before it counts as one. */
  static final int MIN_FILLED = 6;
  /** Lines of one word each before a text counts as written in a column. */
  static final int MIN_COLUMN_LINES = 4;

  private TextLayout() {}

  /** Each run of letters and digits read backwards, in place: "ekam a nopaew" is "make a weapon". */
  static String reverseWords(String t) {
    char[] c = t.toCharArray();
    for (int i = 0; i < c.length; ) {
      if (!Character.isLetterOrDigit(c[i])) {
        i++;
        continue;
      }
      int end = i;
      while (end < c.length && Character.isLetterOrDigit(c[end])) {
        end++;
      }
      for (int a = i, b = end - 1; a < b; a++, b--) {
        char x = c[a];
        c[a] = c[b];
        c[b] = x;
      }
      i = end;
    }
    return new String(c);
  }

  /**
   * The text without its filler: the symbol (not a letter, digit or space) that most often stands
   * between two single letters, if it does so {@value #MIN_FILLED} times or more; else null. A
   * hyphen in "well-known" or "x-ray" stands between words, not single letters; "A/B" is one pair.
   */
  static String withoutFiller(String t) {
    int n = t.length();
    int best = -1;
    int bestCount = 0;
    java.util.Map<Integer, Integer> counts = null;
    for (int i = 0; i < n; ) {
      char ch = t.charAt(i);
      if (ch == ' ' || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
        i++; // the bulk of folded text, and never a filler
        continue;
      }
      int c = t.codePointAt(i);
      int width = Character.charCount(c);
      if (!Character.isLetterOrDigit(c) && !Character.isWhitespace(c) && i > 0 && i + width < n
          && singleLetterBefore(t, i, c) && singleLetterAfter(t, i + width, c)) {
        if (counts == null) {
          counts = new java.util.HashMap<>();
        }
        int k = counts.merge(c, 1, Integer::sum);
        if (k > bestCount) {
          bestCount = k;
          best = c;
        }
      }
      i += width;
    }
    if (bestCount < MIN_FILLED) {
      return null;
    }
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; ) {
      int c = t.codePointAt(i);
      if (c != best) {
        out.appendCodePoint(c);
      }
      i += Character.charCount(c);
    }
    return out.toString();
  }

  /** Whether a letter starts at {@code i} and stands alone: after it, the text ends, a non-letter, or the filler. */
  private static boolean singleLetterAfter(String t, int i, int filler) {
    int next = t.codePointAt(i);
    if (!Character.isLetter(next)) {
      return false;
    }
    int j = i + Character.charCount(next);
    if (j >= t.length()) {
      return true;
    }
    int after = t.codePointAt(j);
    return after == filler || !Character.isLetter(after);
  }

  /** Whether the letter before {@code i} stands alone: before it, the text starts, a non-letter, or the filler. */
  private static boolean singleLetterBefore(String t, int i, int filler) {
    int prev = t.codePointBefore(i);
    if (!Character.isLetter(prev)) {
      return false;
    }
    int j = i - Character.charCount(prev);
    if (j == 0) {
      return true;
    }
    int before = t.codePointBefore(j);
    return before == filler || !Character.isLetter(before);
  }

  /** Whether [from, to) holds one word: something that is no space, with spaces only around it. */
  private static boolean oneWord(String t, int from, int to) {
    while (from < to && Character.isWhitespace(t.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(t.charAt(to - 1))) {
      to--;
    }
    for (int k = from; k < to; k++) {
      if (Character.isWhitespace(t.charAt(k))) {
        return false;
      }
    }
    return to > from;
  }

  /**
   * The text with its line breaks read through: a word hyphenated over a line break joined
   * ("dis-\nregard"), and, when {@value #MIN_COLUMN_LINES} or more lines hold one word each, those
   * line breaks read as spaces. Null when the text has neither.
   */
  static String joinLines(String t) {
    if (t.indexOf('\n') < 0) {
      return null; // one line: the common case, found by a vectorised search
    }
    int n = t.length();
    int hyphenated = 0;
    int oneWord = 0;
    int start = 0;
    for (int i = 0; i <= n; i++) {
      if (i < n && t.charAt(i) != '\n') {
        continue;
      }
      if (i < n && i >= 2 && t.charAt(i - 1) == '-' && Character.isLetter(t.charAt(i - 2))
          && i + 1 < n && Character.isLetter(t.charAt(i + 1))) {
        hyphenated++;
      }
      if (oneWord(t, start, i)) {
        oneWord++;
      }
      start = i + 1;
    }
    boolean column = oneWord >= MIN_COLUMN_LINES;
    if (hyphenated < 2 && !column) {
      return null;
    }
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (c == '-' && i + 1 < n && t.charAt(i + 1) == '\n' && i > 0 && Character.isLetter(t.charAt(i - 1))
          && i + 2 < n && Character.isLetter(t.charAt(i + 2))) {
        i++; // the hyphen and the line break
      } else if (c == '\n' && column) {
        out.append(' ');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
