package dev.palisade;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The state of one call through a guard, shared by its interceptors: who it is for, what each
 * rule did, how long each stage took.
 *
 * <p>Holds no content. Thread safety: a streaming call's callbacks may arrive on other threads, so
 * every method is safe to call concurrently.
 */
public final class GuardedCall {

  private final Guard guard;
  private final CallContext context;
  private final boolean streaming;
  private final Instant started;
  private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Long> stageNanos = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<Object, Object> attributes = new ConcurrentHashMap<>();
  private final Set<String> replacements = ConcurrentHashMap.newKeySet();
  private final List<String> canaries = new java.util.concurrent.CopyOnWriteArrayList<>();

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
  public void record(Outcome outcome) {
    outcomes.add(Objects.requireNonNull(outcome, "outcome"));
  }

  /** Everything recorded so far, in order. */
  public List<Outcome> outcomes() {
    synchronized (outcomes) {
      return List.copyOf(outcomes);
    }
  }

  /** The most severe decision recorded so far (ALLOW if none). */
  public Decision decision() {
    Decision d = Decision.ALLOW;
    for (Outcome o : outcomes()) {
      d = d.max(o.decision());
    }
    return d;
  }

  /** Adds {@code nanos} to the time spent in {@code stage}. */
  public void addStageTime(String stage, long nanos) {
    stageNanos.merge(stage, nanos, Long::sum);
  }

  /** Time spent per stage, in nanoseconds, in the order stages first reported. */
  public Map<String, Long> stageNanos() {
    synchronized (stageNanos) {
      return Map.copyOf(stageNanos);
    }
  }

  /**
   * Remembers a value the guard itself put into the request (an anonymization token or surrogate),
   * so that output rules do not treat it as data the model made up.
   */
  public void addReplacement(String value) {
    replacements.add(value);
  }

  public boolean isReplacement(String value) {
    return replacements.contains(value);
  }

  /** Registers a canary placed in this call's system prompt. */
  public void addCanary(String canary) {
    canaries.add(canary);
  }

  /** The canaries placed in this call's system prompt. */
  public List<String> canaries() {
    return List.copyOf(canaries);
  }

  /** Per-call state an interceptor keeps for itself or shares with another, by key. */
  @SuppressWarnings("unchecked")
  public <T> T attribute(Object key, Supplier<T> ifAbsent) {
    return (T) attributes.computeIfAbsent(key, k -> ifAbsent.get());
  }

  @SuppressWarnings("unchecked")
  public <T> T attribute(Object key) {
    return (T) attributes.get(key);
  }

  public void attribute(Object key, Object value) {
    attributes.put(key, value);
  }

  @Override
  public String toString() {
    return "GuardedCall{decision=" + decision() + ", outcomes=" + outcomes().size() + "}";
  }
}
