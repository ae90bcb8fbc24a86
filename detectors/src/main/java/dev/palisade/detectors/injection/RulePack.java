package dev.palisade.detectors.injection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build step, not API: writes {@code rules.pack}, the injection rules with their anchors, needs
 * and automaton computed, which {@link RuleSet} loads instead of analysing {@code rules.txt} at
 * every cold start. The detectors module's build runs it after compiling; public only so that the
 * build's exec plugin may call it.
 */
public final class RulePack {

  private RulePack() {}

  /** {@code RulePack RULES_TXT RULES_PACK}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: RulePack RULES_TXT RULES_PACK");
      System.exit(2);
    }
    Files.write(Path.of(args[1]), RuleSet.pack(Files.readAllBytes(Path.of(args[0]))));
  }
}
