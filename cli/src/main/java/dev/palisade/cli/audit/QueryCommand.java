package dev.palisade.cli.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditQuery;
import dev.palisade.audit.AuditReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade audit query DIR [filters]}: matching records, redacted by default. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Print the records that match every filter, as JSONL (default) or a table."
        + " Output is redacted: no hash-chain fields, payloads shown as \"encrypted\".")
final class QueryCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Format { jsonl, table }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit log directory")
  Path dir;

  @Option(names = "--since", paramLabel = "TIME", description = "At or after (ISO instant or date)")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Before (ISO instant or date)")
  String until;

  @Option(names = "--decision", description = "ALLOW, MONITOR, TRANSFORM or BLOCK")
  String decision;

  @Option(names = "--would", paramLabel = "ACTION",
      description = "Records where monitor mode kept a rule from this action: BLOCK, REDACT or ANONYMIZE")
  String would;

  @Option(names = "--type", description = "Records with a finding of this entity type")
  String type;

  @Option(names = "--policy", description = "Policy id")
  String policy;

  @Option(names = "--kind", description = "Record kind: CALL, REVEAL, ERASURE, RECOVERY, ...")
  String kind;

  @Option(names = "--conversation", paramLabel = "ID",
      description = "Raw conversation id; needs the keys to compute its pseudonym")
  String conversation;

  @Option(names = "--conversation-pseudonym", paramLabel = "P",
      description = "Conversation pseudonym as written in the log")
  String conversationPseudonym;

  @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or table")
  Format format;

  @Option(names = "--full", description = "Print lines unredacted (hash-chain fields included)")
  boolean full;

  @Mixin KeyOptions keys;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
    }
    AuditQuery.Builder q = AuditQuery.builder();
    if (since != null) {
      q.since(AuditCli.instant(spec, "--since", since));
    }
    if (until != null) {
      q.until(AuditCli.instant(spec, "--until", until));
    }
    if (decision != null) {
      q.decision(decision);
    }
    if (would != null) {
      if (!List.of("BLOCK", "REDACT", "ANONYMIZE").contains(would.toUpperCase(Locale.ROOT))) {
        throw new ParameterException(spec.commandLine(),
            "--would must be BLOCK, REDACT or ANONYMIZE, was \"" + would + "\"");
      }
      q.wouldBe(would);
    }
    if (type != null) {
      q.findingType(type);
    }
    if (policy != null) {
      q.policyId(policy);
    }
    if (kind != null) {
      q.kind(kind);
    }
    if (conversationPseudonym != null) {
      q.conversation(conversationPseudonym);
    }
    return AuditCli.run(spec, () -> {
      AuditReader reader;
      if (conversation != null) {
        reader = AuditReader.open(dir, keys.load(spec));
        q.conversation(reader.pseudonym("conversation", conversation));
      } else {
        reader = AuditReader.open(dir);
      }
      AuditQuery query;
      try {
        query = q.build();
      } catch (IllegalStateException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.table) {
        out.println(AuditCli.tableHeader());
      }
      for (AuditEntry e : reader.query(query)) {
        out.println(format == Format.table ? AuditCli.table(e)
            : JSON.writeValueAsString(full ? e.json() : e.redacted()));
      }
      out.flush();
      return 0;
    });
  }
}
