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
    StringBuilder sb = new StringBuilder(n);
    int[] st = new int[n + 8];
    int[] en = new int[n + 8];
    Builder b = new Builder(sb, st, en);
    int i = 0;
    while (i < n) {
      char c = original.charAt(i);
      // Fast path: an ASCII character followed by ASCII (or the end) is its own NFKC segment.
      if (c < 0x80 && (i + 1 == n || original.charAt(i + 1) < 0x80)) {
        b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c, i, i + 1);
        i++;
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
    return new NormalizedText(sb.toString(), Arrays.copyOf(b.starts, sb.length()),
        Arrays.copyOf(b.ends, sb.length()), n);
  }

  private static final class Builder {
    final StringBuilder sb;
    int[] starts;
    int[] ends;

    Builder(StringBuilder sb, int[] starts, int[] ends) {
      this.sb = sb;
      this.starts = starts;
      this.ends = ends;
    }

    void append(char c, int from, int to) {
      if (c > ' ' && c < 0x7F) { // printable ASCII: the common case
        put(c, from, to);
        return;
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        int last = sb.length() - 1;
        if (last >= 0 && sb.charAt(last) == ' ') {
          ends[last] = to;
          return;
        }
        c = ' ';
      }
      put(c, from, to);
    }

    void put(char c, int from, int to) {
      int at = sb.length();
      if (at == starts.length) {
        starts = Arrays.copyOf(starts, at * 2 + 8);
        ends = Arrays.copyOf(ends, at * 2 + 8);
      }
      sb.append(c);
      starts[at] = from;
      ends[at] = to;
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
    return index >= starts.length ? originalLength : starts[index];
  }

  /** The original offset (exclusive) where normalized character {@code index} ends. */
  public int originalEnd(int index) {
    return index < 0 ? 0 : ends[Math.min(index, ends.length - 1)];
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
