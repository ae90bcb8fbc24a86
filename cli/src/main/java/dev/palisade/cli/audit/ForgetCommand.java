package dev.palisade.cli.audit;

import dev.palisade.audit.AuditLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade audit forget DIR --subject ID}: crypto-shreds one subject's payloads. */
@Command(name = "forget", mixinStandardHelpOptions = true,
    description = "Destroy a subject's key (GDPR Art. 17): its payloads become unreadable, the log"
        + " still verifies, and an ERASURE record is written.")
final class ForgetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit log directory")
  Path dir;

  @Option(names = "--subject", required = true, paramLabel = "ID",
      description = "The raw subject id (usually the tenant id) as the application passed it")
  String subject;

  @Option(names = "--actor", required = true, description = "Who requests the erasure (recorded)")
  String actor;

  @Option(names = "--reason", defaultValue = "erasure request",
      description = "Why, e.g. a ticket id (recorded; default: ${DEFAULT-VALUE})")
  String reason;

  @Mixin KeyOptions keys;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
    }
    return AuditCli.run(spec, () -> {
      try (AuditLog log = AuditLog.open(dir, keys.load(spec))) {
        boolean destroyed = log.forget(subject, actor, reason);
        PrintWriter out = spec.commandLine().getOut();
        out.println(destroyed ? "subject key destroyed; its payloads are now unreadable"
            : "no key existed for this subject; erasure recorded");
        out.flush();
      }
      return 0;
    });
  }
}
