package dev.palisade.detect;

/**
 * A range of a Java {@code String}: UTF-16 indices, {@code start} inclusive, {@code end} exclusive.
 *
 * <p>A span holds offsets only, never the text it covers, so it is safe to log.
 */
public record Span(int start, int end) implements Comparable<Span> {

  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("span must satisfy 0 <= start <= end, was [" + start + ", " + end + ")");
    }
  }

  public static Span of(int start, int end) {
    return new Span(start, end);
  }

  public int length() {
    return end - start;
  }

  public boolean overlaps(Span other) {
    return start < other.end && other.start < end;
  }

  public boolean contains(Span other) {
    return start <= other.start && other.end <= end;
  }

  /** Characters shared by both spans. */
  public int intersection(Span other) {
    return Math.max(0, Math.min(end, other.end) - Math.max(start, other.start));
  }

  /** The text this span covers in {@code text}. */
  public String of(CharSequence text) {
    return text.subSequence(start, end).toString();
  }

  @Override
  public int compareTo(Span o) {
    return start != o.start ? Integer.compare(start, o.start) : Integer.compare(o.end, end);
  }
}
