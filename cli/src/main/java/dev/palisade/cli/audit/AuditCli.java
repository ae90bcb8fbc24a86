package dev.palisade.cli.audit;

import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Helpers shared by the audit subcommands. */
final class AuditCli {
  private AuditCli() {}

  /** Runs {@code body}; an {@link AuditException} becomes a one-line error and exit code 1. */
  static int run(CommandSpec spec, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (AuditException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("palisade audit " + spec.name() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** Parses {@code 2026-11-27T10:00:00Z} or a UTC date {@code 2026-11-27}. */
  static Instant instant(CommandSpec spec, String option, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw new ParameterException(spec.commandLine(), option + " must be an ISO instant"
            + " (2026-11-27T10:00:00Z) or date (2026-11-27), was \"" + text + "\"");
      }
    }
  }

  static String table(AuditEntry e) {
    String findings = String.join(",", e.findingTypes());
    return String.format("%-8d %-24s %-13s %-9s %-14s %-28s %s",
        e.seq(),
        e.time().map(Instant::toString).orElse("-"),
        e.kind().orElse(e.type()),
        e.decision().orElse("-"),
        e.policyId().orElse("-"),
        findings.isEmpty() ? "-" : findings,
        e.json().path("model").asText("-"));
  }

  static String tableHeader() {
    return String.format("%-8s %-24s %-13s %-9s %-14s %-28s %s",
        "SEQ", "TIME", "KIND", "DECISION", "POLICY", "FINDINGS", "MODEL");
  }
}
