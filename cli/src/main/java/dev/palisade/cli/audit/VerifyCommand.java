package dev.palisade.cli.audit;

import dev.palisade.audit.AuditVerifier;
import dev.palisade.audit.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code palisade audit verify DIR}: exit 0 intact; 1 tampered, with where and how; 2 usage. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check every line, link, checkpoint signature and segment of an audit log.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:intact", "1:tampered with (first bad seq and kind printed)", "2:bad usage"})
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit log directory")
  Path dir;

  @Option(names = "--public-key", paramLabel = "FILE",
      description = "The writer's Ed25519 public key (PEM, e.g. keys/public.pem). Without it,"
          + " signatures are checked against the key the log names itself.")
  Path publicKey;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
    }
    if (publicKey != null && !Files.isReadable(publicKey)) {
      throw new ParameterException(spec.commandLine(), "cannot read public key file " + publicKey);
    }
    return AuditCli.run(spec, () -> {
      VerificationResult r = publicKey == null
          ? AuditVerifier.verify(dir) : AuditVerifier.verify(dir, publicKey);
      PrintWriter out = spec.commandLine().getOut();
      if (r.signerFromLog()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("warning: no --public-key given; signatures were checked against the key the"
            + " log names itself, which proves consistency, not who wrote it");
        err.flush();
      }
      if (r.problem().isPresent()) {
        VerificationResult.Problem p = r.problem().get();
        out.println("TAMPERED: " + p.kind() + " at seq " + p.seq() + " in " + p.segment() + ": "
            + p.detail());
        out.println("verified before it: " + r.lines() + " lines (" + r.records() + " records, "
            + r.checkpoints() + " checkpoints)");
        out.flush();
        return 1;
      }
      out.println("OK: " + r.segments() + " segments, " + r.lines() + " lines (" + r.records()
          + " records, " + r.checkpoints() + " signed checkpoints, " + r.recoveries()
          + " crash recoveries)");
      r.lastCheckpoint().ifPresent(c -> out.println("last checkpoint: size " + c.size() + " root "
          + c.root() + " time " + c.time() + " (" + c.flag() + ")"));
      out.flush();
      return 0;
    });
  }
}
