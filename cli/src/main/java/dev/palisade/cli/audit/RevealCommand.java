package dev.palisade.cli.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade audit reveal DIR SEQ --actor A --reason R}: decrypts one payload, audited. */
@Command(name = "reveal", mixinStandardHelpOptions = true,
    description = "Decrypt the payload of one record. A REVEAL record naming the actor and reason"
        + " is written to the log first. The application's writer must be stopped (one writer"
        + " per log).")
final class RevealCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit log directory")
  Path dir;

  @Parameters(index = "1", paramLabel = "SEQ", description = "Sequence number of the record")
  long seq;

  @Option(names = "--actor", required = true, description = "Who is revealing (recorded)")
  String actor;

  @Option(names = "--reason", required = true, description = "Why, e.g. a ticket id (recorded)")
  String reason;

  @Mixin KeyOptions keys;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
    }
    if (actor.isBlank() || reason.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--actor and --reason must not be blank");
    }
    return AuditCli.run(spec, () -> {
      try (AuditLog log = AuditLog.open(dir, keys.load(spec))) {
        Map<String, String> payload = log.reveal(seq, actor, reason);
        PrintWriter out = spec.commandLine().getOut();
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(payload));
        out.flush();
      }
      return 0;
    });
  }
}
