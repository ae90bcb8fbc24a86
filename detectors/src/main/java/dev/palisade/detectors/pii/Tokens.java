package dev.palisade.detectors.pii;

import java.util.Arrays;

/**
 * A word tokenization of a text: the same rules at training time and at detection time, so the
 * name finder sees the tokens it was trained on.
 *
 * <p>A token is a run of letters, digits and combining marks (with inner apostrophes, hyphens and
 * dots between letters kept, as in {@code O'Neil}, {@code Jean-Luc}, but a final possessive
 * {@code 's} split off); any other non-space character is a token of its own, and a possessive
 * {@code 's} is one token. Offsets are UTF-16 indices into the text.
 */
final class Tokens {

  final String text;
  final int[] starts;
  final int[] ends;
  final int size;
  private int lowerCase; // 0 not computed, 1 yes, 2 no: one Tokens serves one scan on one thread

  private Tokens(String text, int[] starts, int[] ends, int size) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.size = size;
  }

  static Tokens of(String text) {
    int n = text.length();
    int[] s = new int[Math.min(16, n + 1)];
    int[] e = new int[s.length];
    int k = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (isWordChar(c)) {
        i++;
        while (i < n) {
          char d = text.charAt(i);
          if (isWordChar(d)) {
            i++;
          } else if ((d == '\'' || d == '\u2019' || d == '-') && i + 1 < n
              && Character.isLetter(text.charAt(i + 1)) && Character.isLetter(text.charAt(i - 1))
              && !possessive(text, i)) {
            i += 2;
          } else {
            break;
          }
        }
      } else if ((c == '\'' || c == '\u2019') && i > 0 && Character.isLetter(text.charAt(i - 1))
          && possessive(text, i)) {
        i += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        i += 2;
      } else {
        i++;
      }
      if (k == s.length) {
        s = Arrays.copyOf(s, k * 2);
        e = Arrays.copyOf(e, k * 2);
      }
      s[k] = start;
      e[k] = i;
      k++;
    }
    return new Tokens(text, s, e, k);
  }

  /** An apostrophe starting a final {@code 's}: "Mitchell's" is "Mitchell" and "'s". */
  private static boolean possessive(String text, int i) {
    char d = text.charAt(i);
    return d != '-' && i + 2 <= text.length() && (text.charAt(i + 1) == 's' || text.charAt(i + 1) == 'S')
        && (i + 2 == text.length() || !isWordChar(text.charAt(i + 2)));
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\u00a0' || c == '\f'
        || c == '\u000b' || (c > 0x2000 && Character.isWhitespace(c));
  }

  static boolean isWordChar(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
        || Character.getType(c) == Character.COMBINING_SPACING_MARK;
  }

  /** True when the text has (almost) no capitals, so case says nothing about names. */
  boolean lowerCaseText() {
    if (lowerCase == 0) {
      int upper = 0;
      int n = Math.min(text.length(), 2000);
      for (int i = 0; i < n && upper <= 1; i++) {
        if (Character.isUpperCase(text.charAt(i))) {
          upper++;
        }
      }
      lowerCase = upper <= 1 ? 1 : 2;
    }
    return lowerCase == 1;
  }

  /** The index of the token starting at {@code offset}, or -1. */
  int indexAt(int offset) {
    int i = Arrays.binarySearch(starts, 0, size, offset);
    return i >= 0 ? i : -1;
  }

  String token(int i) {
    return text.substring(starts[i], ends[i]);
  }

  String[] strings(int from, int to) {
    String[] out = new String[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = token(i);
    }
    return out;
  }
}
