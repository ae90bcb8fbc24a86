package dev.palisade.policy;

import dev.palisade.Guard;
import dev.palisade.PolicyInfo;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a policy file and puts each new version in force once it has been validated, compiled
 * and has passed its own test cases; until then, and whenever a version is rejected, the previous
 * one keeps serving.
 *
 * <pre>{@code
 * PolicyWatcher watcher = PolicyWatcher.builder(Path.of("policy.yaml"))
 *     .listener(new PolicyWatcher.Listener() { ... })   // e.g. record reloads in the audit log
 *     .build();                                          // loads the first version (or throws)
 * ChatModel safe = watcher.guard().wrap(chatModel);
 * watcher.start(Duration.ofSeconds(5));                  // or call poll() from your own scheduler
 * }</pre>
 *
 * <p>A change is noticed by the file's content (its SHA-256), not its time stamp. Only the file
 * itself is watched: after changing a base it {@code extends}, touch the file (or call
 * {@link #reload()}).
 *
 * <h2>Thread safety</h2>
 * Thread-safe; {@link #poll()} and {@link #reload()} are serialized.
 *
 * <h2>Security</h2>
 * The log names the file and the number of problems or failed cases, never their text; details
 * go to the {@link Listener} only.
 */
public final class PolicyWatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PolicyWatcher.class.getName());

  /** Told about every version that is put in force or rejected. */
  public interface Listener {
    /** {@code next} is now in force instead of {@code previous}. */
    default void reloaded(PolicyInfo previous, PolicyInfo next) {}

    /**
     * A new version of the file was rejected; {@code serving} stays in force.
     *
     * @param problems what is wrong with the file (empty if it loaded but failed its tests)
     * @param failedTests the report of its test cases (null if it did not load)
     */
    default void rejected(PolicyInfo serving, List<Problem> problems, PolicyTestReport failedTests) {}

    /**
     * A listener that writes a {@code POLICY_CHANGE} record for every version put in force or
     * rejected (counts only: never the problems' text).
     */
    static Listener audit(AuditSink sink) {
      Objects.requireNonNull(sink, "sink");
      return new Listener() {
        @Override
        public void reloaded(PolicyInfo previous, PolicyInfo next) {
          sink.append(AuditRecord.builder().kind(AuditRecord.Kind.POLICY_CHANGE)
              .policy(next.id(), next.version(), next.sha256())
              .detail("outcome", "in-force")
              .detail("previousVersion", previous.version())
              .detail("previousSha256", previous.sha256())
              .build());
        }

        @Override
        public void rejected(PolicyInfo serving, List<Problem> problems, PolicyTestReport failedTests) {
          sink.append(AuditRecord.builder().kind(AuditRecord.Kind.POLICY_CHANGE)
              .policy(serving.id(), serving.version(), serving.sha256())
              .detail("outcome", "rejected")
              .detail("problems", Integer.toString(problems.size()))
              .detail("failedTests", String.valueOf(failedTests == null ? 0 : failedTests.failed()))
              .build());
        }
      };
    }
  }

  private final Path file;
  private final Policies.Loader loader;
  private final Listener listener;
  private final ReloadingGuard guard;
  private byte[] lastSeen;
  private ScheduledExecutorService ownExecutor;
  private ScheduledFuture<?> task;

  private PolicyWatcher(Builder b) {
    this.file = b.file;
    this.loader = b.loader;
    this.listener = b.listener;
    this.lastSeen = digest(read());
    Policy first = loader.load(file);
    PolicyTestReport report = first.runTests();
    if (!report.allPassed()) {
      throw PolicyException.of(file.toString(), "tests", report.failed() + " of the policy's test cases failed: "
          + String.join(", ", report.failedNames()));
    }
    this.guard = ReloadingGuard.of(first, b.customizer);
  }

  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** The guard that always uses the version in force. */
  public ReloadingGuard guard() {
    return guard;
  }

  /** The version in force. */
  public Policy current() {
    return guard.policy();
  }

  /**
   * Reloads if the file's content changed since it was last seen.
   *
   * @return true if a new version was put in force
   */
  public synchronized boolean poll() {
    byte[] bytes = read();
    byte[] d = digest(bytes);
    if (Arrays.equals(d, lastSeen)) {
      return false;
    }
    lastSeen = d;
    return reload();
  }

  /**
   * Loads the file now, whether or not it changed, and puts it in force if it is valid and passes
   * its test cases.
   *
   * @return true if a new version (a different effective policy) was put in force
   */
  public synchronized boolean reload() {
    PolicyInfo serving = guard.policy().info();
    Policy next;
    try {
      next = loader.load(file);
    } catch (PolicyException e) {
      LOG.log(Level.WARNING, "policy {0}: new version rejected ({1} problem(s)); version {2} keeps serving",
          file, e.problems().size(), serving.version());
      listener.rejected(serving, e.problems(), null);
      return false;
    }
    if (next.info().equals(serving)) {
      return false;
    }
    PolicyTestReport report = next.runTests();
    if (!report.allPassed()) {
      LOG.log(Level.WARNING, "policy {0}: new version {1} rejected ({2} failed test case(s)); version {3} keeps serving",
          file, next.version(), report.failed(), serving.version());
      listener.rejected(serving, List.of(), report);
      return false;
    }
    guard.swap(next);
    LOG.log(Level.INFO, "policy {0}: version {1} ({2}) in force", file, next.version(), next.info().sha256());
    listener.reloaded(serving, next.info());
    return true;
  }

  /** Polls every {@code interval} on a daemon thread of its own until {@link #close()}. */
  public synchronized PolicyWatcher start(Duration interval) {
    if (task != null) {
      throw new IllegalStateException("watcher was already started");
    }
    ownExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "palisade-policy-watcher");
      t.setDaemon(true);
      return t;
    });
    return start(ownExecutor, interval);
  }

  /** Polls every {@code interval} on {@code executor} until {@link #close()}. */
  public synchronized PolicyWatcher start(ScheduledExecutorService executor, Duration interval) {
    Objects.requireNonNull(executor, "executor");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    if (task != null && executor != ownExecutor) {
      throw new IllegalStateException("watcher was already started");
    }
    task = executor.scheduleWithFixedDelay(this::pollQuietly, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again; keep watching.
      LOG.log(Level.WARNING, "policy {0}: poll failed ({1})", file, e.getClass().getSimpleName());
    }
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
    if (ownExecutor != null) {
      ownExecutor.shutdownNow();
    }
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return new byte[0]; // a missing file is a (bad) new version, reported on load
    }
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "PolicyWatcher{" + file.getFileName() + "}";
  }

  /** Builds a {@link PolicyWatcher}. */
  public static final class Builder {
    private final Path file;
    private Policies.Loader loader = Policies.loader();
    private Listener listener = new Listener() {};
    private Consumer<Guard.Builder> customizer = b -> {};

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    public Builder loader(Policies.Loader loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Applied to every guard built (audit sink, anonymizer, application interceptors). */
    public Builder guardCustomizer(Consumer<Guard.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Loads the file's current version, which must be valid and pass its test cases.
     *
     * @throws PolicyException if it does not
     */
    public PolicyWatcher build() {
      return new PolicyWatcher(this);
    }
  }
}
