package dev.palisade.detectors.injection;

/**
 * Text after {@link Normalizer}: the folded string, where each of its chars came from, and how much
 * obfuscation was removed.
 *
 * <p>{@code toString} prints the counts only, never the text.
 */
final class NormalizedText {

  final String text;
  /** {@code origin[i]} is the index in the original of folded char i; {@code origin[length]} is its length. */
  private final int[] origin;
  private final int originalLength;
  final int invisible;
  final int bidi;
  final int tags;
  final int confusables;
  final int leet;
  final int spaced;

  NormalizedText(String text, int[] origin, int originalLength, int invisible, int bidi, int tags,
      int confusables, int leet, int spaced) {
    this.text = text;
    this.origin = origin;
    this.originalLength = originalLength;
    this.invisible = invisible;
    this.bidi = bidi;
    this.tags = tags;
    this.confusables = confusables;
    this.leet = leet;
    this.spaced = spaced;
  }

  /** Index in the original text where folded char {@code i} starts. */
  int originStart(int i) {
    if (i >= text.length()) {
      return originalLength;
    }
    return origin[Math.max(0, i)];
  }

  /** Exclusive end in the original text of a folded range ending (exclusive) at {@code end}. */
  int originEnd(int end) {
    if (end <= 0) {
      return 0;
    }
    if (end >= text.length()) {
      return originalLength;
    }
    int last = origin[end - 1];
    int next = origin[end];
    return Math.max(last + 1, Math.min(next, originalLength));
  }

  @Override
  public String toString() {
    return "NormalizedText[length=" + text.length() + ", invisible=" + invisible + ", bidi=" + bidi
        + ", tags=" + tags + ", confusables=" + confusables + ", leet=" + leet + ", spaced=" + spaced + "]";
  }
}
