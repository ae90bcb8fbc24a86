package dev.palisade.cli;

import dev.palisade.detectors.injection.InjectionEvaluation;
import dev.palisade.detectors.pii.PiiEvaluation;
import dev.palisade.detectors.secrets.SecretsEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code palisade eval}: accuracy of the detectors on a labelled file. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measures a detector family on a labelled data set and prints per-type / per-subset numbers.",
    subcommands = {EvalCommand.Pii.class, EvalCommand.Injection.class, EvalCommand.Secrets.class})
final class EvalCommand {

  /** The file argument every evaluation takes. */
  abstract static class Eval implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Spec
    CommandSpec spec;

    Path file() {
      return check(file);
    }

    Path check(Path p) {
      if (!Files.isRegularFile(p)) {
        throw new ParameterException(spec.commandLine(), "file not found: " + p);
      }
      return p;
    }
  }

  @Command(name = "pii", mixinStandardHelpOptions = true,
      description = "Precision, recall, F1 per entity type and overall F2 on a presidio-research style JSON file "
          + "(or the recognizer-fixtures format).")
  static final class Pii extends Eval {
    @Override
    public Integer call() {
      return PiiEvaluation.run(file(), Main.stdout());
    }
  }

  @Command(name = "injection", mixinStandardHelpOptions = true,
      description = "TPR per attack source, FPR per benign source, ROC AUC and TPR at FPR <= 1%% on JSONL "
          + "with text, label (attack|benign) and source (or kind and lang); several files are scored as one set.")
  static final class Injection extends Eval {
    @Parameters(index = "1..*", paramLabel = "MORE", description = "further files, scored together with FILE")
    List<Path> more = List.of();

    @Option(names = "--no-embeddings", description = "leave out the embedding layer (as a policy can)")
    boolean noEmbeddings;

    @Override
    public Integer call() {
      List<Path> files = new ArrayList<>(List.of(file()));
      for (Path p : more) {
        files.add(check(p));
      }
      return InjectionEvaluation.run(files, Main.stdout(), !noEmbeddings);
    }
  }

  @Command(name = "secrets", mixinStandardHelpOptions = true,
      description = "Precision and recall per rule, overall recall and false-positive rate on a JSONL secrets corpus.")
  static final class Secrets extends Eval {
    @Override
    public Integer call() {
      return SecretsEvaluation.run(file(), Main.stdout());
    }
  }
}
