package dev.palisade;

import java.util.Objects;
import java.util.Optional;

/**
 * What the app sees when a rule blocks a call: a {@link PolicyViolationException} (the default), or
 * a normal answer whose text is a refusal message.
 *
 * <p>A block in the middle of a stream always ends the stream with {@code onError}, because part of
 * the answer has already been delivered.
 */
public final class BlockBehavior {

  private static final BlockBehavior THROW = new BlockBehavior(null);

  private final String refusal;

  private BlockBehavior(String refusal) {
    this.refusal = refusal;
  }

  /** Throw {@link PolicyViolationException}, which LangChain4j does not retry. */
  public static BlockBehavior throwException() {
    return THROW;
  }

  /** Answer with {@code message} instead of the model's answer. */
  public static BlockBehavior refuse(String message) {
    Objects.requireNonNull(message, "message");
    if (message.isBlank()) {
      throw new IllegalArgumentException("refusal message must not be blank");
    }
    return new BlockBehavior(message);
  }

  /** The refusal message, if this behavior refuses instead of throwing. */
  public Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public String toString() {
    return refusal == null ? "throw" : "refuse";
  }
}
