package dev.palisade.cli.audit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code palisade audit}: verify, query and review a Palisade audit log.
 *
 * <p>Exit codes: 0 success (for {@code verify}: intact); 1 failure (for {@code verify}: tampered,
 * with where and how); 2 bad usage.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Verify, query and review a tamper-evident Palisade audit log.",
    subcommands = {
      VerifyCommand.class,
      QueryCommand.class,
      ShowCommand.class,
      RevealCommand.class,
      ExportCommand.class,
      ForgetCommand.class,
      RotateKeyCommand.class,
      PruneCommand.class,
      InitKeysCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success; verify: log intact", "1:failure; verify: log tampered with",
        "2:bad usage"})
public final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }
}
