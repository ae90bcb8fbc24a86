package dev.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.Guard;
import dev.palisade.ScanResult;
import dev.palisade.detect.Finding;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code palisade scan}: findings and injection score for each JSONL line of stdin. */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = {
        "Reads JSONL {\"id\", \"text\", \"channel\"} from stdin and writes one JSONL line per input line:",
        "{\"id\", \"findings\": [{\"type\", \"start\", \"end\", \"score\", \"detector\"}], \"injection\": {\"score\", \"flagged\"}}.",
        "Offsets are Java String (UTF-16) indices, end exclusive. Exit 0 ok; 2 bad usage or a bad line."})
final class ScanCommand implements Callable<Integer> {

  @Mixin
  PolicyOption policy;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Guard guard = policy.guard();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
    PrintStream out = Main.stdout();
    return Jsonl.process(in, out, spec.commandLine().getErr(),
        line -> toJson(line.id(), guard.scan(line.text(), line.channel())));
  }

  /** The contract's output object for one line. */
  static ObjectNode toJson(JsonNode id, ScanResult scan) {
    ObjectNode result = Jsonl.MAPPER.createObjectNode();
    result.set("id", id);
    result.set("findings", findings(scan));
    ObjectNode injection = result.putObject("injection");
    injection.put("score", round(scan.injectionScore()));
    injection.put("flagged", scan.injectionFlagged());
    return result;
  }

  static ArrayNode findings(ScanResult scan) {
    ArrayNode findings = Jsonl.MAPPER.createArrayNode();
    for (Finding f : scan.findings()) {
      ObjectNode o = findings.addObject();
      o.put("type", f.type().name());
      o.put("start", f.start());
      o.put("end", f.end());
      o.put("score", round(f.score()));
      o.put("detector", f.detector());
    }
    return findings;
  }

  static double round(double score) {
    return Math.round(score * 10_000) / 10_000.0;
  }
}
