package dev.palisade.cli.audit;

import dev.palisade.audit.AuditKeys;
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

/** {@code palisade audit rotate-key [DIR]}: a new primary key-encryption key. */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
    description = "Add a new key-encryption key and make it primary; old keys stay to read old"
        + " segments. With DIR, a KEY_ROTATION record is written and a new segment started.")
final class RotateKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
      description = "The audit log directory to record the rotation in")
  Path dir;

  @Option(names = "--actor", required = true, description = "Who rotates (recorded)")
  String actor;

  @Mixin KeyOptions keys;

  @Override
  public Integer call() throws Exception {
    if (dir != null && !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
    }
    return AuditCli.run(spec, () -> {
      AuditKeys k = keys.load(spec);
      int id;
      if (dir == null) {
        id = k.rotateKek();
      } else {
        try (AuditLog log = AuditLog.open(dir, k)) {
          id = log.rotateKey(actor);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("key-encryption key " + id + " is now primary");
      out.flush();
      return 0;
    });
  }
}
