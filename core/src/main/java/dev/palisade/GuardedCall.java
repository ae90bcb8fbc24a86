package dev.palisade;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The state of one call through a guard, shared by its interceptors: who it is for, what each
 * rule did, how long each stage took.
 *
 * <p>Holds no content in anything it prints or returns, except the replacement values and
 * per-call attributes interceptors put in it. Thread safety: a streaming call's callbacks may
 * arrive on other threads, so every method is synchronized. Collections are created on first use:
 * most calls need few of them.
 */
public final class GuardedCall {

  private final Guard guard;
  private final CallContext context;
  private final boolean streaming;
  private final Instant started;
  private List<Outcome> outcomes;
  private Map<String, Long> stageNanos;
  private Map<Object, Object> attributes;
  private Set<String> replacements;
  private List<String> canaries;

  GuardedCall(Guard guard, CallContext context, boolean streaming, Clock clock) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.context = Objects.requireNonNull(context, "context");
    this.streaming = streaming;
    this.started = clock.instant();
  }

  public Guard guard() {
    return guard;
  }

  public CallContext context() {
    return context;
  }

  public boolean streaming() {
    return streaming;
  }

  public Instant started() {
    return started;
  }

  /** Records what a rule did. */
  public synchronized void record(Outcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    if (outcomes == null) {
      outcomes = new ArrayList<>();
    }
    outcomes.add(outcome);
  }

  /** Everything recorded so far, in order. */
  public synchronized List<Outcome> outcomes() {
    return outcomes == null ? List.of() : List.copyOf(outcomes);
  }

  /** The most severe decision recorded so far (ALLOW if none). */
  public synchronized Decision decision() {
    Decision d = Decision.ALLOW;
    if (outcomes != null) {
      for (Outcome o : outcomes) {
        d = d.max(o.decision());
      }
    }
    return d;
  }

  /** Adds {@code nanos} to the time spent in {@code stage}. */
  public synchronized void addStageTime(String stage, long nanos) {
    if (stageNanos == null) {
      stageNanos = new LinkedHashMap<>();
    }
    stageNanos.merge(stage, nanos, Long::sum);
  }

  /** Time spent per stage, in nanoseconds. */
  public synchronized Map<String, Long> stageNanos() {
    return stageNanos == null ? Map.of() : Map.copyOf(stageNanos);
  }

  /**
   * Remembers a value the guard itself put into the request (an anonymization token or surrogate),
   * so that output rules do not treat it as data the model made up.
   */
  public synchronized void addReplacement(String value) {
    if (replacements == null) {
      replacements = new HashSet<>();
    }
    replacements.add(value);
  }

  public synchronized boolean isReplacement(String value) {
    return replacements != null && replacements.contains(value);
  }

  /** The values registered with {@link #addReplacement}. */
  public synchronized Set<String> replacements() {
    return replacements == null ? Set.of() : Set.copyOf(replacements);
  }

  /** Registers a canary placed in this call's system prompt. */
  public synchronized void addCanary(String canary) {
    if (canaries == null) {
      canaries = new ArrayList<>(1);
    }
    canaries.add(canary);
  }

  /** The canaries placed in this call's system prompt. */
  public synchronized List<String> canaries() {
    return canaries == null ? List.of() : List.copyOf(canaries);
  }

  /** Per-call state an interceptor keeps for itself or shares with another, by key. */
  @SuppressWarnings("unchecked")
  public synchronized <T> T attribute(Object key, Supplier<T> ifAbsent) {
    if (attributes == null) {
      attributes = new HashMap<>();
    }
    return (T) attributes.computeIfAbsent(key, k -> ifAbsent.get());
  }

  @SuppressWarnings("unchecked")
  public synchronized <T> T attribute(Object key) {
    return attributes == null ? null : (T) attributes.get(key);
  }

  public synchronized void attribute(Object key, Object value) {
    if (attributes == null) {
      attributes = new HashMap<>();
    }
    attributes.put(key, value);
  }

  @Override
  public String toString() {
    return "GuardedCall{decision=" + decision() + ", outcomes=" + outcomes().size() + "}";
  }
}
