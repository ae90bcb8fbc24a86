package dev.palisade.cli.audit;

import dev.palisade.audit.AuditLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade audit prune DIR --before TIME}: retention for payloads. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Delete the encrypted payloads of segments that ended before TIME. Records and"
        + " hashes stay, so the log still verifies. An ERASURE record is written.")
final class PruneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit log directory")
  Path dir;

  @Option(names = "--before", required = true, paramLabel = "TIME",
      description = "ISO instant or date; e.g. today minus your retention period")
  String before;

  @Option(names = "--actor", required = true, description = "Who prunes (recorded)")
  String actor;

  @Mixin KeyOptions keys;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
    }
    java.time.Instant cutoff = AuditCli.instant(spec, "--before", before);
    return AuditCli.run(spec, () -> {
      try (AuditLog log = AuditLog.open(dir, keys.load(spec))) {
        List<Long> pruned = log.prunePayloads(cutoff, actor);
        PrintWriter out = spec.commandLine().getOut();
        out.println("payloads dropped from " + pruned.size() + " segment(s)" + (pruned.isEmpty()
            ? "" : ": " + pruned));
        out.flush();
      }
      return 0;
    });
  }
}
