package dev.palisade.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditQuery;
import dev.palisade.audit.AuditReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade audit export DIR --format csv|jsonl}: every record, redacted. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write every record, redacted, as CSV (one row per record) or JSONL.")
final class ExportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> CSV_COLUMNS = List.of("seq", "time", "kind", "decision", "policy_id",
      "policy_version", "policy_sha256", "tenant", "conversation", "subject", "finding_count",
      "finding_types", "rule_actions", "latency_total_ns", "provider", "model", "input_tokens",
      "output_tokens", "payload", "details", "monitored_actions");

  enum Format { csv, jsonl }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The audit log directory")
  Path dir;

  @Option(names = "--format", required = true, description = "csv or jsonl")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here, not stdout")
  Path output;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
    }
    return AuditCli.run(spec, () -> {
      PrintWriter out = output == null ? spec.commandLine().getOut()
          : new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8));
      try {
        if (format == Format.csv) {
          out.println(String.join(",", CSV_COLUMNS));
        }
        for (AuditEntry e : AuditReader.open(dir).query(AuditQuery.all())) {
          out.println(format == Format.csv ? csvRow(e.redacted())
              : JSON.writeValueAsString(e.redacted()));
        }
      } finally {
        out.flush();
        if (output != null) {
          out.close();
        }
      }
      return 0;
    });
  }

  static String csvRow(JsonNode r) {
    List<String> cells = new ArrayList<>();
    cells.add(r.path("seq").asText());
    cells.add(r.path("time").asText(""));
    cells.add(r.path("kind").asText(""));
    cells.add(r.path("decision").asText(""));
    cells.add(r.path("policy").path("id").asText(""));
    cells.add(r.path("policy").path("version").asText(""));
    cells.add(r.path("policy").path("sha256").asText(""));
    cells.add(r.path("tenant").asText(""));
    cells.add(r.path("conversation").asText(""));
    cells.add(r.path("subject").asText(""));
    cells.add(Integer.toString(r.path("findings").size()));
    List<String> types = new ArrayList<>();
    r.path("findings").forEach(f -> types.add(f.path("type").asText()));
    cells.add(String.join(";", types));
    cells.add(join(r.path("actions")));
    long total = 0;
    for (JsonNode v : r.path("latencyNanos")) {
      total += v.asLong();
    }
    cells.add(r.has("latencyNanos") ? Long.toString(total) : "");
    cells.add(r.path("provider").asText(""));
    cells.add(r.path("model").asText(""));
    cells.add(r.path("tokens").path("input").asText(""));
    cells.add(r.path("tokens").path("output").asText(""));
    cells.add(r.has("payload") ? "encrypted" : "");
    cells.add(join(r.path("details")));
    cells.add(join(r.path("monitored")));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(csv(cells.get(i)));
    }
    return sb.toString();
  }

  private static String join(JsonNode object) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      parts.add(e.getKey() + "=" + e.getValue().asText());
    }
    return String.join(";", parts);
  }

  /** RFC 4180 quoting; a leading formula character is neutralised for spreadsheet safety. */
  static String csv(String s) {
    String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?")
        ? "'" + s : s;
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
