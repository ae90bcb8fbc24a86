package dev.palisade.detectors.pii;

import java.util.Arrays;

/**
 * The parts of a text worth running structured rules on: runs of whitespace-separated tokens that
 * contain digits (or look like hex/colon identifiers), widened by one token each side.
 *
 * <p>Prose has few digits, so most of the text is skipped with one cheap linear pass; every
 * rule then runs only inside these windows.
 */
final class Windows {

  /** Tokens between two digit tokens that still keep them in one window ("GB29 NWBK 6016"). */
  private static final int MAX_GAP = 2;

  final int[] starts;
  final int[] ends;
  final int[] digitCounts;
  final int size;

  private Windows(int[] starts, int[] ends, int[] digitCounts, int size) {
    this.starts = starts;
    this.ends = ends;
    this.digitCounts = digitCounts;
    this.size = size;
  }

  private static final int OTHER = 0;
  private static final int SPACE = 1;
  private static final int DIGIT = 2;
  private static final int COLON = 3;
  private static final int DASH = 4;
  private static final int DOT = 5;
  /** What each ASCII character counts as; the spaces are those of {@link Tokens#isSpace}. */
  private static final byte[] KIND = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      KIND[c] = (byte) (Tokens.isSpace(c) ? SPACE : c >= '0' && c <= '9' ? DIGIT : c == ':' ? COLON
          : c == '-' ? DASH : c == '.' ? DOT : OTHER);
    }
  }

  private static boolean isSpace(char c) {
    return c < 128 ? KIND[c] == SPACE : Tokens.isSpace(c);
  }

  static Windows of(String text) {
    int n = text.length();
    int[] ws = new int[8];
    int[] we = new int[8];
    int[] wd = new int[8];
    int k = 0;
    int prevTokStart = -1;
    int prevTokEnd = -1;
    int open = -1; // start of the open window
    int openDigits = 0;
    int lastHotEnd = -1;
    int gap = 0;
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int ts = i;
      // one table look-up per ASCII character: this loop reads the whole text
      int digits = 0;
      int colons = 0;
      int dashes = 0;
      int dots = 0;
      while (i < n) {
        char c = text.charAt(i);
        int kind = c < 128 ? KIND[c] : Tokens.isSpace(c) ? SPACE : OTHER;
        if (kind != OTHER) {
          if (kind == SPACE) {
            break;
          } else if (kind == DIGIT) {
            digits++;
          } else if (kind == COLON) {
            colons++;
          } else if (kind == DASH) {
            dashes++;
          } else {
            dots++;
          }
        }
        i++;
      }
      int te = i;
      boolean hot = digits > 0 || colons >= 2 || dashes >= 5 || (dots == 2 && te - ts >= 14);
      if (hot) {
        if (open < 0) {
          open = prevTokStart >= 0 ? prevTokStart : ts;
          openDigits = 0;
        }
        openDigits += digits;
        lastHotEnd = te;
        gap = 0;
      } else if (open >= 0) {
        gap++;
        if (gap > MAX_GAP) {
          // close: the window ends after the first cold token following the last hot one
          int end = firstTokenEndAfter(text, lastHotEnd);
          if (k == ws.length) {
            ws = Arrays.copyOf(ws, k * 2);
            we = Arrays.copyOf(we, k * 2);
            wd = Arrays.copyOf(wd, k * 2);
          }
          ws[k] = open;
          we[k] = end;
          wd[k] = openDigits;
          k++;
          open = -1;
        }
      }
      prevTokStart = ts;
      prevTokEnd = te;
    }
    if (open >= 0) {
      if (k == ws.length) {
        ws = Arrays.copyOf(ws, k + 1);
        we = Arrays.copyOf(we, k + 1);
        wd = Arrays.copyOf(wd, k + 1);
      }
      ws[k] = open;
      we[k] = Math.min(n, firstTokenEndAfter(text, lastHotEnd));
      wd[k] = openDigits;
      k++;
    }
    return new Windows(ws, we, wd, k);
  }

  private static int firstTokenEndAfter(String text, int pos) {
    int n = text.length();
    int i = pos;
    while (i < n && isSpace(text.charAt(i))) {
      i++;
    }
    while (i < n && !isSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
