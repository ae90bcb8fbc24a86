package dev.palisade.bench;

import dev.palisade.audit.AuditKeys;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditVerifier;
import dev.palisade.audit.VerificationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Audit log throughput: records appended durably (each invocation appends a batch and waits for
 * its group fsync) and records verified per second. Scores are records per second.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar AuditBenchmark -f 1 -wi 2 -i 3 -w 1 -r 2
 * </pre>
 *
 * <p>On a shared, overloaded machine wall-clock scores mostly measure the scheduler. {@link #main}
 * also reports process CPU time per record, which says what one free core would sustain:
 * {@code java -cp bench/target/benchmarks.jar dev.palisade.bench.AuditBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class AuditBenchmark {
  static final int APPEND_BATCH = 2_000;
  static final int VERIFY_RECORDS = 100_000;

  /** A typical guarded call's record: ids, policy, two findings, three stages, tokens. */
  static AuditRecord record(int i, boolean payload) {
    AuditRecord.Builder b = AuditRecord.builder()
        .tenantId("tenant-" + (i % 16))
        .conversationId("conversation-" + (i % 1024))
        .policy("gdpr-eu", "7", "3f".repeat(32))
        .decision(i % 10 == 0 ? "BLOCK" : "TRANSFORM")
        .action("pii.anonymize", "transform")
        .action("injection.block", "allow")
        .finding(new AuditRecord.FindingEntry("EMAIL_ADDRESS", 12, 29, "email", 0.95, "user", 0))
        .finding(new AuditRecord.FindingEntry("PERSON", 40, 48, "opennlp-ner", 0.81, "user", 0))
        .latency("input", 182_000).latency("anonymize", 95_000).latency("model", 412_000_000)
        .provider("openai").model("gpt-4o-mini").tokens(512, 128);
    if (payload) {
      b.payload("request", "Please write to <EMAIL_ADDRESS_1> about invoice " + i)
          .payload("answer", "Sure, here is a draft for invoice " + i);
    }
    return b.build();
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** An open log that grows during the run. */
  @State(Scope.Benchmark)
  public static class Writer {
    @Param({"false", "true"})
    boolean payload;

    Path root;
    AuditLog log;
    AuditRecord[] records;

    @Setup(Level.Trial)
    public void open() throws IOException {
      root = Files.createTempDirectory("palisade-audit-bench");
      AuditKeys keys = AuditKeys.create(root.resolve("keys"), new byte[32]);
      log = AuditLog.open(root.resolve("log"), keys);
      records = new AuditRecord[APPEND_BATCH];
      for (int i = 0; i < records.length; i++) {
        records[i] = record(i, payload);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      log.close();
      deleteTree(root);
    }
  }

  /** Appends a batch and waits until it is on disk (fsync). */
  @Benchmark
  @OperationsPerInvocation(APPEND_BATCH)
  public void appendDurably(Writer w) {
    for (AuditRecord r : w.records) {
      w.log.append(r);
    }
    w.log.flush();
  }

  /**
   * Appends (durably, in batches) and verifies for a few rounds and prints records per second of
   * wall time and microseconds of process CPU time per record.
   */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    for (boolean payload : new boolean[] {false, true}) {
      Writer w = new Writer();
      w.payload = payload;
      w.open();
      double[] last = null;
      for (int round = 0; round < rounds; round++) {
        long wall = System.nanoTime();
        long cpu = cpuNanos();
        for (int k = 0; k < 25; k++) {
          new AuditBenchmark().appendDurably(w);
        }
        last = rates(25L * APPEND_BATCH, System.nanoTime() - wall, cpuNanos() - cpu);
      }
      System.out.printf("appendDurably payload=%s: %.0f records/s wall, %.2f us CPU/record"
          + " (= %.0f records/s per core)%n", payload, last[0], last[1], 1e6 / last[1]);
      w.close();
    }
    Written written = new Written();
    written.write();
    double[] last = null;
    for (int round = 0; round < Math.max(3, rounds / 2); round++) {
      long wall = System.nanoTime();
      long cpu = cpuNanos();
      new AuditBenchmark().verify(written);
      last = rates(VERIFY_RECORDS, System.nanoTime() - wall, cpuNanos() - cpu);
    }
    System.out.printf("verify: %.0f records/s wall, %.2f us CPU/record (= %.0f records/s per core)%n",
        last[0], last[1], 1e6 / last[1]);
    written.delete();
  }

  private static double[] rates(long records, long wallNanos, long cpuNanos) {
    return new double[] {records / (wallNanos / 1e9), cpuNanos / 1e3 / records};
  }

  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  /** A closed log of {@value #VERIFY_RECORDS} records. */
  @State(Scope.Benchmark)
  public static class Written {
    Path root;
    Path dir;
    PublicKey publicKey;

    @Setup(Level.Trial)
    public void write() throws IOException {
      root = Files.createTempDirectory("palisade-audit-bench");
      AuditKeys keys = AuditKeys.create(root.resolve("keys"), new byte[32]);
      dir = root.resolve("log");
      publicKey = keys.publicKey();
      try (AuditLog log = AuditLog.open(dir, keys)) {
        for (int i = 0; i < VERIFY_RECORDS; i++) {
          log.append(record(i, false));
        }
      }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      deleteTree(root);
    }
  }

  /** Verifies the whole log: every hash, link, Merkle root and signature. */
  @Benchmark
  @OperationsPerInvocation(VERIFY_RECORDS)
  public VerificationResult verify(Written w) {
    VerificationResult r = AuditVerifier.verify(w.dir, w.publicKey);
    if (!r.intact()) {
      throw new IllegalStateException("benchmark log does not verify: " + r.problem().get());
    }
    return r;
  }
}
