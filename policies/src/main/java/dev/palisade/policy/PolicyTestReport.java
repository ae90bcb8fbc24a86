package dev.palisade.policy;

import java.util.List;
import java.util.Objects;

/**
 * The results of running a policy's own test cases.
 *
 * @param policyId the policy
 * @param results one per case, in file order
 */
public record PolicyTestReport(String policyId, List<Result> results) {

  public PolicyTestReport {
    Objects.requireNonNull(policyId, "policyId");
    results = List.copyOf(results);
  }

  /**
   * What one case did.
   *
   * @param testCase the case
   * @param failures why it failed; empty if it passed. Messages may quote the case's own input
   *     and expected text (written by the policy's author), never anything else.
   */
  public record Result(PolicyTestCase testCase, List<String> failures) {
    public Result {
      Objects.requireNonNull(testCase, "testCase");
      failures = List.copyOf(failures);
    }

    public boolean passed() {
      return failures.isEmpty();
    }
  }

  public boolean allPassed() {
    return failed() == 0;
  }

  public long passed() {
    return results.stream().filter(Result::passed).count();
  }

  public long failed() {
    return results.size() - passed();
  }

  /** The names of the failed cases, without details (safe to log). */
  public List<String> failedNames() {
    return results.stream().filter(r -> !r.passed()).map(r -> r.testCase().name()).toList();
  }

  /** A human-readable report: one line per case, details under each failure, a summary line. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (Result r : results) {
      sb.append(r.passed() ? "  PASS " : "  FAIL ").append(r.testCase().name());
      if (!r.passed()) {
        sb.append("  (").append(r.testCase().where()).append(')');
        for (String f : r.failures()) {
          sb.append("\n         ").append(f);
        }
      }
      sb.append('\n');
    }
    sb.append(policyId).append(": ").append(passed()).append(" passed, ").append(failed()).append(" failed\n");
    return sb.toString();
  }
}
