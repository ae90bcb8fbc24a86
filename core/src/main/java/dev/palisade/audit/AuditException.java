package dev.palisade.audit;

import dev.langchain4j.exception.NonRetriableException;

/**
 * Thrown when the audit log cannot accept, store or read a record: a full queue under the
 * fail-closed policy, an I/O failure, a log that fails verification, a missing key.
 *
 * <p>Not retriable: a call whose audit record cannot be written fails closed. Messages name files,
 * sequence numbers and settings, never record contents or key material.
 */
public class AuditException extends NonRetriableException {

  public AuditException(String message) {
    super(message);
  }

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
