package dev.palisade.policy;

import dev.palisade.Action;
import dev.palisade.detect.Channel;
import dev.palisade.testing.PatternDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Shared fixtures: a registry with simple test detectors, and test resource paths. */
final class TestPolicies {

  static final DetectorRegistry REGISTRY = DetectorRegistry.standard().toBuilder()
      .add("email", EnumSet.allOf(Channel.class), Action.ANONYMIZE, Set.of(), o -> PatternDetector.email())
      .add("test-injection", Set.of(Channel.USER, Channel.DOCUMENT, Channel.TOOL), Action.BLOCK, Set.of(),
          o -> PatternDetector.injection())
      .add("test-secret", Set.of(Channel.OUTPUT), Action.REDACT, Set.of(), o -> PatternDetector.secret())
      .add(DetectorType.missing("never-here", "a detector no build has", Set.of(Channel.OUTPUT), Action.BLOCK,
          "dev.palisade.NeverHere"))
      .build();

  static final Map<String, String> ENV = Map.of("KITCHEN_CANARY", "CANARY-from-the-environment");

  static final Policies.Loader LOADER = Policies.loader().registry(REGISTRY).env(ENV::get);

  private TestPolicies() {}

  static Path resource(String name) {
    try {
      return Path.of(TestPolicies.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path write(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
