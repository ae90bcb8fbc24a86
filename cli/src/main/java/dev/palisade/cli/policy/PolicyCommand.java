package dev.palisade.cli.policy;

import dev.palisade.policy.Policies;
import dev.palisade.policy.Policy;
import dev.palisade.policy.PolicyException;
import dev.palisade.policy.PolicyTestReport;
import dev.palisade.policy.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code palisade policy}: checks policy files, runs their test cases, and prints the effective
 * policy.
 *
 * <p>Exit codes: 0 ok; 1 a file is invalid or a test case failed; 2 bad usage.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Validate policy files, run their test cases, print the effective policy.",
    subcommands = {PolicyCommand.Validate.class, PolicyCommand.Test.class, PolicyCommand.Explain.class})
public final class PolicyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** The loader used by every subcommand (the standard detectors and environment). */
  static Policies.Loader loader = Policies.loader();

  static void printProblems(PrintWriter out, List<Problem> problems) {
    for (Problem p : problems) {
      out.println(p);
    }
  }

  /** {@code palisade policy validate FILE...}. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {"Checks each file (with the bases it extends) and prints every problem as",
          "FILE:LINE:COL: path: message. Exit 0 if all are valid, 1 otherwise."})
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Policy files (YAML or JSON).")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      int bad = 0;
      for (Path f : files) {
        List<Problem> problems = loader.validate(f);
        if (problems.isEmpty()) {
          out.println(f + ": ok");
        } else {
          bad++;
          printProblems(out, problems);
        }
      }
      out.flush();
      return bad == 0 ? 0 : 1;
    }
  }

  /** {@code palisade policy test FILE...}. */
  @Command(name = "test", mixinStandardHelpOptions = true,
      description = {"Runs the test cases in each file and prints a report.",
          "Exit 0 if every case of every file passes, 1 otherwise (an invalid file counts as failed)."})
  static final class Test implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Policy files (YAML or JSON).")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      boolean ok = true;
      long passed = 0;
      long failed = 0;
      for (Path f : files) {
        out.println(f + ":");
        try {
          Policy policy = loader.load(f);
          PolicyTestReport report = policy.runTests();
          if (report.results().isEmpty()) {
            out.println("  (no test cases)");
          }
          out.print(report.format());
          passed += report.passed();
          failed += report.failed();
          ok &= report.allPassed();
        } catch (PolicyException e) {
          printProblems(out, e.problems());
          ok = false;
        }
      }
      if (files.size() > 1) {
        out.println("total: " + passed + " passed, " + failed + " failed");
      }
      out.flush();
      return ok ? 0 : 1;
    }
  }

  /** {@code palisade policy explain FILE}. */
  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = {"Prints the effective policy (bases merged in) as YAML, with its id, version and SHA-256.",
          "Exit 0, or 1 (with the problems) if the file is invalid."})
  static final class Explain implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1", description = "A policy file (YAML or JSON).")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        Policy p = loader.load(file);
        out.println("# effective policy " + p.id() + " version " + p.version());
        out.println("# sha256 " + p.info().sha256());
        p.rules().forEach(r -> out.println("# rule " + r.id() + ": " + r.detector() + " on "
            + r.channels().stream().map(c -> c.id()).sorted().toList() + " -> " + r.action().name().toLowerCase()
            + (r.mode() == Policy.Mode.MONITOR ? " (monitor)" : "")));
        p.skippedRules().forEach(id -> out.println("# rule " + id + ": left out (optional; its detector is not in this build)"));
        out.print(p.explain());
        out.flush();
        return 0;
      } catch (PolicyException e) {
        printProblems(out, e.problems());
        out.flush();
        return 1;
      }
    }
  }

  /** Runs {@code palisade policy ARGS} (for tests and for embedding). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new PolicyCommand());
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }
}
