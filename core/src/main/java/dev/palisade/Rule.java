package dev.palisade;

import dev.palisade.detect.Channel;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One line of a policy: run this detector on these channels, and do this with what it finds.
 *
 * <p>Immutable. Findings scoring below {@link #minScore()} are ignored. The action for a finding is
 * {@link #action(EntityType)}: the per-type override if there is one, else the rule's action. In
 * monitor mode every action except {@link Action#ALLOW} becomes {@link Action#MONITOR}.
 */
public final class Rule {

  private final String id;
  private final Detector detector;
  private final Set<Channel> channels;
  private final double minScore;
  private final Action action;
  private final Map<EntityType, Action> typeActions;
  private final boolean monitor;
  private final boolean failOpen;
  private final Duration timeout;

  private Rule(Builder b) {
    this.id = b.id;
    this.detector = b.detector;
    this.channels = Set.copyOf(b.channels);
    this.minScore = b.minScore;
    this.action = b.action;
    this.typeActions = Map.copyOf(b.typeActions);
    this.monitor = b.monitor;
    this.failOpen = b.failOpen;
    this.timeout = b.timeout;
  }

  /** A rule with id {@code id} running {@code detector}. */
  public static Builder builder(String id, Detector detector) {
    return new Builder(id, detector);
  }

  public String id() {
    return id;
  }

  public Detector detector() {
    return detector;
  }

  public Set<Channel> channels() {
    return channels;
  }

  public boolean appliesTo(Channel channel) {
    return channels.contains(channel);
  }

  public double minScore() {
    return minScore;
  }

  /** The action for findings of {@code type}, monitor mode applied. */
  public Action action(EntityType type) {
    Action a = enforcedAction(type);
    return monitor && a != Action.ALLOW ? Action.MONITOR : a;
  }

  /**
   * The action for findings of {@code type} with monitor mode left out: what the rule would do if
   * it were enforced. In monitor mode this is what the audit log records as the would-be action.
   */
  public Action enforcedAction(EntityType type) {
    return typeActions.getOrDefault(type, action);
  }

  /** True if some finding of this rule may be anonymized or redacted (not in monitor mode). */
  public boolean transforms() {
    if (monitor) {
      return false;
    }
    if (action == Action.ANONYMIZE || action == Action.REDACT) {
      return true;
    }
    return typeActions.containsValue(Action.ANONYMIZE) || typeActions.containsValue(Action.REDACT);
  }

  public boolean monitor() {
    return monitor;
  }

  /** True if a failure or time-out of the detector lets the call go on; false (default) blocks it. */
  public boolean failOpen() {
    return failOpen;
  }

  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  public Builder toBuilder() {
    Builder b = new Builder(id, detector);
    b.channels = EnumSet.noneOf(Channel.class);
    b.channels.addAll(channels);
    b.minScore = minScore;
    b.action = action;
    b.typeActions.putAll(typeActions);
    b.monitor = monitor;
    b.failOpen = failOpen;
    b.timeout = timeout;
    return b;
  }

  @Override
  public String toString() {
    return "Rule{" + id + ", detector=" + detector.id() + ", channels=" + channels + ", action=" + action + "}";
  }

  /** Builds a {@link Rule}; every setter validates at once. */
  public static final class Builder {
    private final String id;
    private final Detector detector;
    private EnumSet<Channel> channels = EnumSet.of(Channel.USER, Channel.DOCUMENT, Channel.TOOL);
    private double minScore = 0.5;
    private Action action = Action.BLOCK;
    private final Map<EntityType, Action> typeActions = new LinkedHashMap<>();
    private boolean monitor;
    private boolean failOpen;
    private Duration timeout;

    private Builder(String id, Detector detector) {
      this.id = Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("rule id must not be blank");
      }
      this.detector = Objects.requireNonNull(detector, "detector");
    }

    /** The channels this rule inspects (default: user, document, tool). */
    public Builder channels(Channel first, Channel... rest) {
      this.channels = EnumSet.of(first, rest);
      return this;
    }

    public Builder channels(Set<Channel> channels) {
      if (channels.isEmpty()) {
        throw new IllegalArgumentException("rule " + id + " must inspect at least one channel");
      }
      this.channels = EnumSet.copyOf(channels);
      return this;
    }

    /** Findings scoring below this are ignored (default 0.5). */
    public Builder minScore(double minScore) {
      if (!(minScore >= 0.0 && minScore <= 1.0)) {
        throw new IllegalArgumentException("minScore must be in [0, 1], was " + minScore);
      }
      this.minScore = minScore;
      return this;
    }

    /** The action for findings of every type without an override (default BLOCK). */
    public Builder action(Action action) {
      this.action = Objects.requireNonNull(action, "action");
      return this;
    }

    /** The action for findings of {@code type}. */
    public Builder action(EntityType type, Action action) {
      typeActions.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(action, "action"));
      return this;
    }

    /** Monitor mode: record, never change or stop. */
    public Builder monitor(boolean monitor) {
      this.monitor = monitor;
      return this;
    }

    public Builder failOpen(boolean failOpen) {
      this.failOpen = failOpen;
      return this;
    }

    /** The longest the detector may take on one piece of content; none by default. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public Rule build() {
      return new Rule(this);
    }
  }
}
