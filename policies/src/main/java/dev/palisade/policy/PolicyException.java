package dev.palisade.policy;

import dev.palisade.PalisadeException;
import java.util.List;

/**
 * Thrown when a policy cannot be read or is not valid; carries every problem found, each with its
 * file, line and column.
 *
 * <p>The message lists the problems one per line as {@code FILE:LINE:COL: path: message}.
 */
public final class PolicyException extends PalisadeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  PolicyException(List<Problem> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  static PolicyException of(String file, String path, String message) {
    return new PolicyException(List.of(new Problem(file, 0, 0, path, message)));
  }

  /** Every problem found, sorted by file and position. */
  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    StringBuilder sb = new StringBuilder("invalid policy (")
        .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
    for (Problem p : problems) {
      sb.append('\n').append(p);
    }
    return sb.toString();
  }
}
