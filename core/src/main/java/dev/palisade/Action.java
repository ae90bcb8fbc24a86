package dev.palisade;

/** What a {@link Rule} does with a finding. */
public enum Action {
  /** Ignore the finding. */
  ALLOW,
  /** Record the finding; change nothing. */
  MONITOR,
  /** Replace the value reversibly (or by the configured operator); restored in the answer. */
  ANONYMIZE,
  /** Replace the value with a typed marker such as {@code [REDACTED:SECRET]}; never restored. */
  REDACT,
  /** Stop the call. */
  BLOCK;

  /** The decision this action amounts to. */
  public Decision decision() {
    return switch (this) {
      case ALLOW -> Decision.ALLOW;
      case MONITOR -> Decision.MONITOR;
      case ANONYMIZE, REDACT -> Decision.TRANSFORM;
      case BLOCK -> Decision.BLOCK;
    };
  }
}
