package dev.palisade.audit;

/**
 * Takes {@link AuditRecord}s: the guard's audit interceptor hands every decision to one.
 *
 * <p>{@link AuditLog} is the durable, tamper-evident implementation; {@link #noop()} discards
 * records (for tests and deployments that audit elsewhere).
 *
 * <h2>Contract</h2>
 * {@link #append} either accepts the record or throws {@link AuditException}; it never drops a
 * record silently. A sink that cannot keep up either blocks the caller or throws, as configured.
 *
 * <h2>Thread safety</h2>
 * Implementations are safe for concurrent use.
 */
public interface AuditSink extends AutoCloseable {

  /** Accepts {@code record} or throws {@link AuditException}. */
  void append(AuditRecord record);

  /** Blocks until every record appended so far is durable. */
  default void flush() {}

  /** Flushes and releases resources; later appends throw. */
  @Override
  default void close() {}

  /** A sink that accepts and discards every record. */
  static AuditSink noop() {
    return NoopAuditSink.INSTANCE;
  }
}

/** The sink behind {@link AuditSink#noop()}. */
final class NoopAuditSink implements AuditSink {
  static final NoopAuditSink INSTANCE = new NoopAuditSink();

  private NoopAuditSink() {}

  @Override
  public void append(AuditRecord record) {
    java.util.Objects.requireNonNull(record, "record");
  }

  @Override
  public String toString() {
    return "AuditSink.noop()";
  }
}
