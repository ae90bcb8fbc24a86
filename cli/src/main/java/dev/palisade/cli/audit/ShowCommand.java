package dev.palisade.cli.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade audit show DIR SEQ}: one line in full, and whether its payload is readable. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print one line of the log (record, header or checkpoint) in full, pretty-printed,"
        + " and the state of its payload. Never decrypts: use reveal.")
final class ShowCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit log directory")
  Path dir;

  @Parameters(index = "1", paramLabel = "SEQ", description = "Sequence number")
  long seq;

  @Mixin KeyOptions keys;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
    }
    return AuditCli.run(spec, () -> {
      AuditReader reader = keys.present() ? AuditReader.open(dir, keys.load(spec))
          : AuditReader.open(dir);
      Optional<AuditEntry> e = reader.entry(seq);
      if (e.isEmpty()) {
        spec.commandLine().getErr().println("palisade audit show: no line with seq " + seq);
        spec.commandLine().getErr().flush();
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(e.get().json()));
      out.println("segment: " + e.get().segment());
      if (e.get().type().equals("record")) {
        out.println("payload: " + reader.payloadStatus(seq).orElseThrow().name().toLowerCase());
      }
      out.flush();
      return 0;
    });
  }
}
