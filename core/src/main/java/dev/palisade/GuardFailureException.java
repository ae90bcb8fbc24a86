package dev.palisade;

/**
 * Thrown when the guard itself cannot decide: a detector failed or timed out (and its rule fails
 * closed), an interceptor threw, or the audit log refused a record.
 */
public class GuardFailureException extends PalisadeException {

  private static final long serialVersionUID = 1L;

  public GuardFailureException(String message) {
    super(message);
  }

  public GuardFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
