package dev.palisade;

import java.util.List;

/** Thrown when a rule blocks a call. {@link #outcomes()} says which rules and what they found. */
public class PolicyViolationException extends PalisadeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Outcome> outcomes;

  public PolicyViolationException(List<Outcome> outcomes) {
    super(describe(outcomes));
    this.outcomes = List.copyOf(outcomes);
  }

  /** The blocking outcomes. */
  public List<Outcome> outcomes() {
    return outcomes;
  }

  private static String describe(List<Outcome> outcomes) {
    StringBuilder sb = new StringBuilder("blocked by policy:");
    for (Outcome o : outcomes) {
      sb.append(' ').append(o.describe()).append(';');
    }
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }
}
