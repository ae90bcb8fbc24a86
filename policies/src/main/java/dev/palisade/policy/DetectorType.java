package dev.palisade.policy;

import dev.palisade.Action;
import dev.palisade.detect.Channel;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A detector a policy can name: how to make it, which options it takes, and the channels and
 * action a rule gets when it does not say.
 *
 * @param name the name policies use, e.g. {@code pii}
 * @param description one line for the policy reference
 * @param channels the channels the detector serves, used when a rule names none
 * @param action the action used when a rule names none
 * @param options the option names the factory reads; any other name is an error
 * @param factory makes the detector, or empty if the detector is not in this build
 * @param missingClass for a detector not in this build, the class that would provide it
 */
public record DetectorType(String name, String description, Set<Channel> channels, Action action,
    Set<String> options, Optional<DetectorFactory> factory, String missingClass) {

  public DetectorType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    channels = Set.copyOf(channels);
    Objects.requireNonNull(action, "action");
    options = Set.copyOf(options);
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(missingClass, "missingClass");
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("detector " + name + " must serve at least one channel");
    }
  }

  /** A detector made by {@code factory}. */
  public static DetectorType of(String name, String description, Set<Channel> channels, Action action,
      Set<String> options, DetectorFactory factory) {
    return new DetectorType(name, description, channels, action, options,
        Optional.of(Objects.requireNonNull(factory, "factory")), "");
  }

  /** A detector policies may name but this build does not have (yet). */
  static DetectorType missing(String name, String description, Set<Channel> channels, Action action,
      String className) {
    return new DetectorType(name, description, channels, action, Set.of(), Optional.empty(), className);
  }

  public boolean available() {
    return factory.isPresent();
  }

  /** Why a policy naming this detector cannot be used, for a missing one. */
  String whyMissing() {
    boolean onClassPath;
    try {
      Class.forName(missingClass, false, DetectorType.class.getClassLoader());
      onClassPath = true;
    } catch (ClassNotFoundException | LinkageError e) {
      onClassPath = false;
    }
    return "detector \"" + name + "\" is not available in this build: " + missingClass
        + (onClassPath ? " is on the class path but not yet wired into DetectorRegistry"
            : " is not on the class path");
  }

  static Set<Channel> all() {
    return EnumSet.allOf(Channel.class);
  }
}
