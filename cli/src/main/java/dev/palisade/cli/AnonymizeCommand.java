package dev.palisade.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.AnonymizedText;
import dev.palisade.Guard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code palisade anonymize}: the scan output plus the anonymized text, for each JSONL line. */
@Command(name = "anonymize", mixinStandardHelpOptions = true,
    description = {
        "Same input as scan; each output line adds \"text\": the line's text as the guard would send it,",
        "with every finding the policy anonymizes or redacts replaced (numbering starts afresh on each line)."})
final class AnonymizeCommand implements Callable<Integer> {

  @Mixin
  PolicyOption policy;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Guard guard = policy.guard();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
    return Jsonl.process(in, Main.stdout(), spec.commandLine().getErr(), line -> {
      AnonymizedText result = guard.anonymizeAndScan(line.text(), line.channel());
      ObjectNode out = ScanCommand.toJson(line.id(), result.scan());
      out.put("text", result.text());
      return out;
    });
  }
}
