package dev.palisade.detectors.injection;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Arrays;

/**
 * The normalization layer: folds text to a canonical lower-case form that the rules match, and
 * counts the obfuscation it removed.
 *
 * <p>Steps, in one pass per code point and one pass per word: NFKC case folding; removal of
 * default-ignorable, bidi-control and other format characters (counted); Unicode tag characters
 * (U+E0020..U+E007E, "ASCII smuggling") decoded to the ASCII they hide (counted); combining marks
 * dropped so that accents and zalgo text do not matter; letters of other scripts inside a Latin
 * word replaced by their TR39 confusable skeleton (counted); leetspeak digits inside words folded
 * ({@code 1gn0r3} becomes {@code ignore}); runs of spaced single letters joined
 * ({@code i g n o r e}).
 *
 * <p>Every output char remembers the index of the input char it came from, so rule matches map
 * back to spans of the original text.
 *
 * <h2>Thread safety</h2>
 * Stateless apart from a racy but benign cache of immutable per-code-point foldings.
 */
final class Normalizer {

  private static final Normalizer2 NFKC_CF = Normalizer2.getNFKCCasefoldInstance();
  private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
  /** Built on first need (a tenth of a second): most texts have no mixed-script word. */
  private static final class Spoof {
    static final SpoofChecker CHECKER = new SpoofChecker.Builder().build();
  }

  /** Lazily filled fold of each BMP code point; String is immutable so racy publication is safe. */
  private static final String[] BMP_FOLD = new String[0x10000];
  private static final String[] BMP_SKELETON = new String[0x10000];

  private Normalizer() {}

  /** Normalizes {@code text}; never throws, including on lone surrogates. */
  static NormalizedText normalize(String text) {
    int n = text.length();
    char[] out = new char[n + 16];
    int[] origin = new int[n + 17];
    int invisible = 0;
    int bidi = 0;
    int tags = 0;
    int len = 0;
    for (int i = 0; i < n; ) {
      char ch = text.charAt(i);
      if (ch < 0x80) { // the common case, one char in and out
        if (ch >= 'A' && ch <= 'Z') {
          ch += 32;
        } else if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
          ch = ' ';
        }
        if (len + 1 >= out.length) {
          out = Arrays.copyOf(out, out.length * 2 + 16);
          origin = Arrays.copyOf(origin, out.length + 1);
        }
        out[len] = ch;
        origin[len++] = i++;
        continue;
      }
      int cp = text.codePointAt(i);
      int cc = Character.charCount(cp);
      String folded;
      if (cp >= 0xE0000 && cp <= 0xE007F) {
        tags++;
        folded = cp >= 0xE0020 && cp <= 0xE007E ? String.valueOf((char) Character.toLowerCase(cp - 0xE0000)) : "";
      } else if (isBidiControl(cp)) {
        bidi++;
        folded = "";
      } else if (Character.isSurrogate((char) cp)) {
        invisible++;
        folded = " ";
      } else if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
          || Character.getType(cp) == Character.FORMAT) {
        invisible++;
        folded = "";
      } else {
        folded = fold(cp);
      }
      if (len + folded.length() >= out.length) {
        out = Arrays.copyOf(out, (len + folded.length()) * 2 + 16);
        origin = Arrays.copyOf(origin, out.length + 1);
      }
      for (int k = 0; k < folded.length(); k++) {
        out[len] = folded.charAt(k);
        origin[len++] = i;
      }
      i += cc;
    }
    origin[len] = n;
    Words words = new Words(out, origin, len);
    words.run();
    return new NormalizedText(
        words.text, words.origin, n, invisible, bidi, tags, words.confusables, words.leet, words.spaced);
  }

  /** Applies the per-code-point fold to a rule pattern's non-ASCII letters, so rules and text agree. */
  static String foldPatternLiteral(String pattern) {
    StringBuilder sb = new StringBuilder(pattern.length());
    pattern.codePoints().forEach(cp -> sb.append(cp < 0x80 ? String.valueOf((char) cp) : fold(cp)));
    return sb.toString();
  }

  private static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0x200E || cp == 0x200F || cp == 0x061C;
  }

  static String fold(int cp) {
    if (cp < 0x10000) {
      String f = BMP_FOLD[cp];
      if (f == null) {
        f = computeFold(cp);
        BMP_FOLD[cp] = f;
      }
      return f;
    }
    return computeFold(cp);
  }

  private static String computeFold(int cp) {
    String s = NFKC_CF.normalize(new String(Character.toChars(cp)));
    String d = NFD.normalize(s);
    StringBuilder sb = new StringBuilder(d.length());
    for (int k = 0; k < d.length(); ) {
      int c = d.codePointAt(k);
      k += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
        continue;
      }
      sb.appendCodePoint(c);
    }
    return sb.toString();
  }

  /** The TR39 skeleton of one letter if it is a single ASCII letter, else {@code null}. */
  static char skeletonLetter(char c) {
    String s = BMP_SKELETON[c];
    if (s == null) {
      s = Spoof.CHECKER.getSkeleton(String.valueOf(c));
      BMP_SKELETON[c] = s;
    }
    if (s.length() == 1) {
      char k = Character.toLowerCase(s.charAt(0));
      if (k >= 'a' && k <= 'z') {
        return k;
      }
    }
    return 0;
  }

  /** Word-level pass: confusables inside Latin words, leetspeak, spaced letters. */
  private static final class Words {
    /** The folded chars, changed in place by the word folds. */
    final char[] buf;
    final int[] inOrigin;
    final int inLen;
    String text;
    int[] origin;
    int confusables;
    int leet;
    int spaced;

    Words(char[] buf, int[] inOrigin, int inLen) {
      this.buf = buf;
      this.inOrigin = inOrigin;
      this.inLen = inLen;
    }

    void run() {
      foldWords(buf);
      joinSpacedLetters(buf);
    }

    private static boolean isWordChar(char c) {
      if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '@' || c == '$';
      }
      return Character.isLetterOrDigit(c);
    }

    private static char leetOf(char c) {
      return switch (c) {
        case '0' -> 'o';
        case '1' -> 'i';
        case '3' -> 'e';
        case '4', '@' -> 'a';
        case '5', '$' -> 's';
        case '7' -> 't';
        default -> 0;
      };
    }

    private void foldWords(char[] buf) {
      int i = 0;
      while (i < inLen) {
        if (!isWordChar(buf[i])) {
          i++;
          continue;
        }
        int start = i;
        int latin = 0;
        int other = 0;
        int digits = 0;
        int letters = 0;
        while (i < inLen && isWordChar(buf[i])) {
          char c = buf[i];
          if (c >= 'a' && c <= 'z') {
            latin++;
            letters++;
          } else if (Character.isLetter(c)) {
            letters++;
            if (!Character.isSurrogate(c) && UScript.getScript(c) != UScript.LATIN) {
              other++;
            }
          } else if (leetOf(c) != 0) {
            digits++;
          }
          i++;
        }
        int end = i;
        if (latin > 0 && other > 0) {
          for (int k = start; k < end; k++) {
            char c = buf[k];
            if (c >= 0x80 && Character.isLetter(c) && !Character.isSurrogate(c)) {
              char s = skeletonLetter(c);
              if (s != 0) {
                buf[k] = s;
                confusables++;
              }
            }
          }
        }
        // Leet only where digits sit among Latin letters; "2024" or "mp3" barely change.
        if (digits > 0 && latin >= 2 && latin >= digits && other == 0) {
          boolean changed = false;
          for (int k = start; k < end; k++) {
            char l = leetOf(buf[k]);
            if (l != 0) {
              buf[k] = l;
              changed = true;
            }
          }
          if (changed) {
            leet++;
          }
        }
      }
    }

    /**
     * Joins runs of four or more single letters separated by one space, dot, dash or underscore.
     * Text without such a run (almost all of it) is not copied.
     */
    private void joinSpacedLetters(char[] buf) {
      char[] joined = null;
      int[] joinedOrigin = null;
      int len = 0;
      int i = 0;
      while (i < inLen) {
        int runEnd = spacedRunEnd(buf, i);
        if (runEnd > 0) {
          if (joined == null) {
            joined = new char[inLen];
            joinedOrigin = new int[inLen + 1];
            System.arraycopy(buf, 0, joined, 0, i);
            System.arraycopy(inOrigin, 0, joinedOrigin, 0, i);
            len = i;
          }
          spaced++;
          for (int k = i; k < runEnd; k += 2) {
            joined[len] = buf[k];
            joinedOrigin[len++] = inOrigin[k];
          }
          i = runEnd;
          continue;
        }
        if (joined != null) {
          joined[len] = buf[i];
          joinedOrigin[len++] = inOrigin[i];
        }
        i++;
      }
      if (joined == null) {
        text = new String(buf, 0, inLen);
        origin = inOrigin;
      } else {
        joinedOrigin[len] = inOrigin[inLen];
        text = new String(joined, 0, len);
        origin = joinedOrigin;
      }
    }

    /** End (exclusive, at the last letter + 1) of a spaced-letter run starting at i, or -1. */
    private int spacedRunEnd(char[] buf, int i) {
      if (i + 2 >= inLen || !isSpacer(buf[i + 1])) {
        return -1; // cheap test first: most chars are not followed by a spacer
      }
      if (!Character.isLetter(buf[i]) || (i > 0 && Character.isLetterOrDigit(buf[i - 1]))) {
        return -1;
      }
      int count = 1;
      int k = i;
      while (k + 2 < inLen) {
        if (!isSpacer(buf[k + 1])) {
          break;
        }
        char next = buf[k + 2];
        if (!Character.isLetter(next) || (k + 3 < inLen && Character.isLetterOrDigit(buf[k + 3]))) {
          break;
        }
        k += 2;
        count++;
      }
      if (count < 4 || isCjk(buf[i])) {
        return -1;
      }
      return k + 1;
    }

    private static boolean isSpacer(char c) {
      return c == ' ' || c == '.' || c == '-' || c == '_';
    }

    private static boolean isCjk(char c) {
      return c >= 0x2E80;
    }
  }
}
