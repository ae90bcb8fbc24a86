package dev.palisade.internal;

import dev.palisade.GuardFailureException;
import dev.palisade.Rule;
import dev.palisade.detect.Channel;
import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a guard's rules on one piece of text and says what each found and what it will do.
 *
 * <p>A detector that throws, returns a span outside the text, or exceeds its rule's time-out fails
 * closed (a {@link GuardFailureException}) unless its rule says {@code failOpen}. Thread-safe.
 */
public final class Inspector {

  private static final ExecutorService TIMED = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "palisade-detector");
    t.setDaemon(true);
    return t;
  });

  private final List<Rule> rules;
  private final boolean inspectsInput;

  public Inspector(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.inspectsInput = covers(Channel.SYSTEM) || covers(Channel.USER) || covers(Channel.DOCUMENT) || covers(Channel.TOOL);
  }

  /** True if any rule inspects a channel of the request (anything but the model's output). */
  public boolean inspectsInput() {
    return inspectsInput;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** True if any rule inspects {@code channel}. */
  public boolean covers(Channel channel) {
    for (Rule r : rules) {
      if (r.appliesTo(channel)) {
        return true;
      }
    }
    return false;
  }

  /**
   * All hits of the rules that inspect the context's channel on {@code text}, active or not.
   *
   * @param where names the piece in a failure message, e.g. "user message 2"
   */
  public List<Hit> inspect(String text, DetectionContext context, String where) {
    List<Hit> hits = new ArrayList<>();
    for (Rule rule : rules) {
      if (!rule.appliesTo(context.channel()) || text.isEmpty()) {
        continue;
      }
      List<Finding> findings = run(rule, text, context, where);
      for (Finding f : findings) {
        hits.add(new Hit(rule, f, rule.action(f.type()), f.score() >= rule.minScore()));
      }
    }
    return hits;
  }

  private static List<Finding> run(Rule rule, String text, DetectionContext context, String where) {
    List<Finding> findings;
    try {
      findings = rule.timeout().isPresent() ? timed(rule, text, context) : rule.detector().detect(text, context);
    } catch (RuntimeException | TimeoutException | ExecutionException e) {
      return failed(rule, where, e instanceof TimeoutException ? "timed out" : "failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(rule, where, "was interrupted", e);
    }
    for (Finding f : findings) {
      if (f.end() > text.length()) {
        return failed(rule, where, "returned a span outside the text", null);
      }
    }
    return findings;
  }

  private static List<Finding> timed(Rule rule, String text, DetectionContext context)
      throws InterruptedException, ExecutionException, TimeoutException {
    Future<List<Finding>> f = TIMED.submit(() -> rule.detector().detect(text, context));
    try {
      return f.get(rule.timeout().orElseThrow().toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      f.cancel(true);
    }
  }

  private static List<Finding> failed(Rule rule, String where, String what, Throwable cause) {
    if (rule.failOpen()) {
      return List.of();
    }
    String message = "detector '" + rule.detector().id() + "' of rule '" + rule.id() + "' " + what
        + " on " + where + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")")
        + "; failing closed";
    // The cause is not attached: its message may quote the text being scanned.
    throw new GuardFailureException(message);
  }
}
