package dev.palisade.policy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Runs a policy's own test cases inside a project's test suite (JUnit, TestNG, anything that
 * treats {@link AssertionError} as a failure):
 *
 * <pre>{@code
 * @Test
 * void productionPolicyPassesItsTests() {
 *   PolicyAssertions.assertPolicyTestsPass(Path.of("src/main/resources/policy.yaml"));
 * }
 * }</pre>
 */
public final class PolicyAssertions {

  private PolicyAssertions() {}

  /**
   * Loads {@code file} and runs its test cases.
   *
   * @return the report, if every case passed
   * @throws AssertionError with the problems of an invalid file, or the report of failed cases
   */
  public static PolicyTestReport assertPolicyTestsPass(Path file) {
    return assertPolicyTestsPass(file, Policies.loader());
  }

  /** Like {@link #assertPolicyTestsPass(Path)}, loading with {@code loader} (e.g. with custom detectors). */
  public static PolicyTestReport assertPolicyTestsPass(Path file, Policies.Loader loader) {
    Objects.requireNonNull(file, "file");
    Policy policy;
    try {
      policy = loader.load(file);
    } catch (PolicyException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    PolicyTestReport report = policy.runTests();
    if (report.results().isEmpty()) {
      throw new AssertionError(file + " has no test cases");
    }
    if (!report.allPassed()) {
      throw new AssertionError(file + ": " + report.failed() + " test case(s) failed\n" + report.format());
    }
    return report;
  }
}
