package dev.palisade.anonymize;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Restores a streamed answer chunk by chunk: each {@link #push} returns the text that can be
 * released now, holding back at most one token's length where a token may be starting, so
 * {@code <PER} + {@code SON_1>} is restored like {@code <PERSON_1>}.
 *
 * <p>The concatenation of every {@code push} result and {@link #flush()} equals
 * {@link Anonymizer#restore} of the whole answer, however it was split. The tokens known are
 * those of the scope when the restorer was made.
 *
 * <h2>Thread safety</h2>
 * Not thread-safe: one restorer per response stream, fed in order.
 */
public final class StreamingRestorer {

  private final RestorePlan plan;
  private final Function<String, Optional<String>> lookup;
  private final StringBuilder buf = new StringBuilder();
  private int context; // buf[0, context) was already released; kept for word boundaries

  StreamingRestorer(RestorePlan plan, Function<String, Optional<String>> lookup) {
    this.plan = plan;
    this.lookup = lookup;
  }

  /** Adds the next chunk; returns the restored text that is final now (possibly empty). */
  public String push(CharSequence chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (plan.isEmpty()) {
      return chunk.toString();
    }
    buf.append(chunk);
    StringBuilder out = new StringBuilder(buf.length());
    int p = plan.release(buf, context, buf.length(), false, out, lookup);
    int keep = Math.max(0, p - 1);
    buf.delete(0, keep);
    context = p - keep;
    return out.toString();
  }

  /** Ends the stream: returns the rest, restored. The restorer can then be reused. */
  public String flush() {
    StringBuilder out = new StringBuilder();
    plan.release(buf, context, buf.length(), true, out, lookup);
    buf.setLength(0);
    context = 0;
    return out.toString();
  }

  /** How many characters are held back now. */
  public int heldBack() {
    return buf.length() - context;
  }

  /** The most characters this restorer ever holds back. */
  public int maxHoldBack() {
    return plan.window();
  }

  @Override
  public String toString() {
    return "StreamingRestorer{heldBack=" + heldBack() + "}";
  }
}
