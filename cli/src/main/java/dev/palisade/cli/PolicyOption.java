package dev.palisade.cli;

import dev.palisade.Guard;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code --policy FILE} option: the bundled default policy when absent. */
final class PolicyOption {

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML or JSON); default: the bundled default policy.")
  Path file;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  Guard guard() {
    if (file == null) {
      return Guards.bundledDefault();
    }
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "policy file not found: " + file);
    }
    return Guard.fromPolicy(file);
  }
}
