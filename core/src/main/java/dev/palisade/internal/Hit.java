package dev.palisade.internal;

import dev.palisade.Action;
import dev.palisade.Rule;
import dev.palisade.detect.Finding;

/**
 * A finding together with the rule that produced it and the action that rule takes on it.
 *
 * @param active whether the finding reaches the rule's minimum score; inactive hits are kept only
 *     so that scores below the threshold can be reported (as {@code bin/palisade scan} does)
 */
public record Hit(Rule rule, Finding finding, Action action, boolean active) {

  /** True if this hit is active and its action is one of {@code actions}. */
  public boolean is(Action... actions) {
    if (!active) {
      return false;
    }
    for (Action a : actions) {
      if (a == action) {
        return true;
      }
    }
    return false;
  }
}
