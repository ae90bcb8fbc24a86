package dev.palisade.cli.audit;

import dev.palisade.audit.AuditKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code palisade audit init-keys --keys DIR}: creates the keys of a new audit log. */
@Command(name = "init-keys", mixinStandardHelpOptions = true,
    description = "Create a key directory (master key from the environment or --master-key-file)"
        + " or a PKCS#12 keystore. Keep it outside the log directory. Prints nothing secret.")
final class InitKeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin KeyOptions keys;

  @Override
  public Integer call() throws Exception {
    return AuditCli.run(spec, () -> {
      AuditKeys k = keys.create(spec);
      PrintWriter out = spec.commandLine().getOut();
      out.println("created audit keys at " + k.location() + " (key-encryption key "
          + k.primaryKekId() + ")");
      java.nio.file.Path pem = keys.keystore == null ? k.location().resolve("public.pem")
          : k.location().resolveSibling(k.location().getFileName() + ".public.pem");
      if (keys.keystore != null) {
        k.writePublicKey(pem);
      }
      out.println("public key for verifiers: " + pem);
      out.flush();
      return 0;
    });
  }
}
