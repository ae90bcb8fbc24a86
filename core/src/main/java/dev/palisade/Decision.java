package dev.palisade;

/**
 * What the guard did about a call or a piece of content, in increasing order of severity.
 *
 * <p>A call's decision is the most severe decision any rule took on it.
 */
public enum Decision {
  /** Nothing to do. */
  ALLOW,
  /** Something matched and was recorded; nothing was changed or stopped (monitor mode). */
  MONITOR,
  /** Content was changed: anonymized or redacted. */
  TRANSFORM,
  /** The call was stopped. */
  BLOCK;

  /** The more severe of the two. */
  public Decision max(Decision other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
