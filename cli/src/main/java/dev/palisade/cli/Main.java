package dev.palisade.cli;

import dev.palisade.PalisadeException;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.palisade.cli.audit.AuditCommand;
import dev.palisade.cli.policy.PolicyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code palisade} command. */
@Command(name = "palisade", mixinStandardHelpOptions = true, version = "palisade 0.1.0",
    description = "Compliance and safety middleware for LLM calls: scan, anonymize, audit, policies.",
    subcommands = {ScanCommand.class, AnonymizeCommand.class, DemoCommand.class, EvalCommand.class,
        AuditCommand.class, PolicyCommand.class})
public final class Main {

  private static final PrintStream STDOUT =
      new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // Palisade's messages never contain user data; other exceptions are reported by type only.
      String message = e instanceof PalisadeException ? e.getMessage() : e.getClass().getSimpleName();
      cmd.getErr().println("palisade: " + message);
      return e instanceof PalisadeException ? 2 : 1;
    });
    return cli.execute(args);
  }

  /** Standard output as UTF-8, whatever the platform's default. */
  static PrintStream stdout() {
    return STDOUT;
  }
}
