package dev.palisade.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link AuditSink} that keeps every record in memory, for tests of code that audits.
 *
 * <p>Thread-safe. After {@link #close()} appends throw, like a real sink.
 */
public final class RecordingAuditSink implements AuditSink {
  private final List<AuditRecord> records = new ArrayList<>();
  private boolean closed;

  @Override
  public synchronized void append(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    if (closed) {
      throw new AuditException("audit sink is closed");
    }
    records.add(record);
  }

  /** A snapshot of the records appended so far, in order. */
  public synchronized List<AuditRecord> records() {
    return List.copyOf(records);
  }

  /** The only record appended; fails if there is not exactly one. */
  public synchronized AuditRecord single() {
    if (records.size() != 1) {
      throw new AssertionError("expected exactly one audit record, got " + records.size());
    }
    return records.get(0);
  }

  public synchronized void clear() {
    records.clear();
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
