package dev.palisade.detectors.content;

import com.ibm.icu.text.Normalizer2;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Objects;

/**
 * A text put into matching form (Unicode NFKC with case folding, default-ignorable characters
 * such as zero-width spaces removed, runs of white space collapsed to one space) together with a
 * map from every normalized character back to the original text's UTF-16 offsets.
 *
 * <p>Shared machinery of the output detectors; not part of Palisade's supported API.
 *
 * <h2>Security</h2>
 * Holds the text; never log or print it. {@link #toString} prints only lengths. The per-thread
 * cache of the last result holds it weakly only.
 */
public final class NormalizedText {

  private static final Normalizer2 NFKC_CF = Normalizer2.getNFKCCasefoldInstance();

  private final String text;
  // Parallel to text (only the first text.length() entries are used): the original range of each
  // normalized character.
  private final int[] starts;
  private final int[] ends;
  private final int originalLength;

  private NormalizedText(String text, int[] starts, int[] ends, int originalLength) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.originalLength = originalLength;
  }

  // The output detectors each normalize the same answer in turn; remember the last one per thread.
  // Weakly: the cache must not keep an answer's text alive after the call is done with it.
  private static final ThreadLocal<WeakReference<NormalizedText>> LAST = new ThreadLocal<>();

  private WeakReference<String> source; // the instance this was made from, for the cache only

  /**
   * Normalizes {@code original} and records where each normalized character came from. Asking
   * again for the same {@code String} instance on the same thread returns the previous result.
   */
  public static NormalizedText of(String original) {
    Objects.requireNonNull(original, "original");
    WeakReference<NormalizedText> ref = LAST.get();
    NormalizedText last = ref == null ? null : ref.get();
    if (last != null && last.source.get() == original) {
      return last;
    }
    NormalizedText made = compute(original);
    made.source = new WeakReference<>(original);
    LAST.set(new WeakReference<>(made));
    return made;
  }

  private static NormalizedText compute(String original) {
    int n = original.length();
    char[] src = new char[n];
    original.getChars(0, n, src, 0);
    Builder b = new Builder(n + 8);
    int i = 0;
    while (i < n) {
      // Fast path: a run of ASCII characters (each followed by ASCII or the end is its own NFKC
      // segment, and NFKC with case folding only lowers its case).
      int asciiEnd = i;
      while (asciiEnd < n && src[asciiEnd] < 0x80) {
        asciiEnd++;
      }
      if (asciiEnd < n && asciiEnd > i) {
        asciiEnd--; // the last one belongs to the segment of the non-ASCII character after it
      }
      if (asciiEnd > i) {
        b.appendAscii(src, i, asciiEnd);
        i = asciiEnd;
        continue;
      }
      int segStart = i;
      i += Character.charCount(original.codePointAt(i));
      while (i < n) {
        int cp = original.codePointAt(i);
        if (NFKC_CF.hasBoundaryBefore(cp)) {
          break;
        }
        i += Character.charCount(cp);
      }
      String seg = original.substring(segStart, i);
      String norm;
      try {
        norm = NFKC_CF.normalize(seg);
      } catch (RuntimeException e) {
        norm = seg; // ill-formed input (lone surrogates): keep it as it is
      }
      for (int k = 0; k < norm.length(); k++) {
        b.append(norm.charAt(k), segStart, i);
      }
    }
    return new NormalizedText(new String(b.chars, 0, b.length), b.starts, b.ends, n);
  }

  // ASCII white space as Character.isWhitespace or isSpaceChar see it.
  private static final boolean[] ASCII_SPACE = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_SPACE[c] = Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
  }

  /** Appends normalized characters and their original ranges, collapsing white space. */
  private static final class Builder {
    char[] chars;
    int[] starts;
    int[] ends;
    int length;

    Builder(int capacity) {
      chars = new char[capacity];
      starts = new int[capacity];
      ends = new int[capacity];
    }

    /** Appends {@code src[from, to)}, all ASCII, lower-cased. */
    void appendAscii(char[] src, int from, int to) {
      if (length + (to - from) > chars.length) {
        grow(length + (to - from));
      }
      char[] out = chars;
      int[] st = starts;
      int[] en = ends;
      int len = length;
      for (int at = from; at < to; at++) {
        char c = src[at];
        if (ASCII_SPACE[c]) {
          if (len > 0 && out[len - 1] == ' ') {
            en[len - 1] = at + 1;
            continue;
          }
          c = ' ';
        } else if (c >= 'A' && c <= 'Z') {
          c = (char) (c + 32);
        }
        out[len] = c;
        st[len] = at;
        en[len] = at + 1;
        len++;
      }
      length = len;
    }

    private void grow(int atLeast) {
      int grown = Math.max(atLeast, length * 2 + 8);
      chars = Arrays.copyOf(chars, grown);
      starts = Arrays.copyOf(starts, grown);
      ends = Arrays.copyOf(ends, grown);
    }

    void append(char c, int from, int to) {
      if (c < 128 ? ASCII_SPACE[c] : Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        if (length > 0 && chars[length - 1] == ' ') {
          ends[length - 1] = to;
          return;
        }
        c = ' ';
      }
      put(c, from, to);
    }

    void put(char c, int from, int to) {
      if (length == chars.length) {
        grow(length + 1);
      }
      chars[length] = c;
      starts[length] = from;
      ends[length] = to;
      length++;
    }
  }

  /** The normalized text. */
  public String text() {
    return text;
  }

  public int length() {
    return text.length();
  }

  /** The original offset where normalized character {@code index} begins. */
  public int originalStart(int index) {
    return index >= text.length() ? originalLength : starts[index];
  }

  /** The original offset (exclusive) where normalized character {@code index} ends. */
  public int originalEnd(int index) {
    return index < 0 || text.isEmpty() ? 0 : ends[Math.min(index, text.length() - 1)];
  }

  /** Normalizes a term the same way, trimming surrounding white space. */
  public static String normalizeTerm(String term) {
    return compute(term).text.strip();
  }

  @Override
  public String toString() {
    return "NormalizedText[" + originalLength + " -> " + text.length() + " chars]";
  }
}
