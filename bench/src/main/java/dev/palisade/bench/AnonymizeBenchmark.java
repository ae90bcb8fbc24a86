package dev.palisade.bench;

import dev.palisade.anonymize.Anonymized;
import dev.palisade.anonymize.Anonymizer;
import dev.palisade.anonymize.Operator;
import dev.palisade.anonymize.Scope;
import dev.palisade.crypto.Ff1;
import dev.palisade.crypto.Keyset;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Anonymization speed, detection excluded: anonymize + restore of a 2 KB prompt with 10 findings
 * (target at most 200 us), and FF1 on a 16-digit card number (target at least 100k ops/s).
 *
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar AnonymizeBenchmark -f 1 -wi 2 -i 3 -w 1 -r 2
 * </pre>
 *
 * <p>On a shared, overloaded machine wall-clock times say more about the other processes than
 * about this code. {@link #main} measures the same operations in this thread's CPU time
 * (per core, whatever the load):
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.palisade.bench.AnonymizeBenchmark
 * </pre>
 */
public class AnonymizeBenchmark {

  /** A 2 KB prompt with 10 findings of 9 types, and an anonymizer using one operator for all. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Prompt {
    /** {@code replace} is the default policy's operator. */
    @Param({"replace", "surrogate", "fpe", "encrypt"})
    public String operator;

    Anonymizer anonymizer;
    String text;
    List<Finding> findings;
    final AtomicLong conversations = new AtomicLong();
    final Scope warm = Scope.of("bench", "warm");

    @Setup
    public void setUp() {
      anonymizer = Anonymizer.builder().keyset(Keyset.generate()).defaultOperator(Operator.parse(operator)).build();
      String[][] entities = {
          {"PERSON", "Margaret Hamilton"}, {"EMAIL_ADDRESS", "m.hamilton@apollo-guidance.test"},
          {"PHONE_NUMBER", "+1 (617) 555-0142"}, {"CREDIT_CARD", "4111 1111 1111 1111"},
          {"LOCATION", "Cambridge"}, {"ORGANIZATION", "Draper Laboratory"}, {"US_SSN", "078-05-1120"},
          {"IP_ADDRESS", "10.42.7.19"}, {"PERSON", "Katherine Johnson"}, {"IBAN_CODE", "DE89 3704 0044 0532 0130 00"}};
      String filler = "Please review the attached notes about the guidance computer schedule and reply "
          + "with any corrections before the review board meets next week. ";
      StringBuilder sb = new StringBuilder();
      findings = new ArrayList<>();
      for (String[] e : entities) {
        sb.append(filler);
        int start = sb.length();
        sb.append(e[1]);
        findings.add(Finding.of(EntityType.of(e[0]), start, sb.length(), 0.9, "bench"));
        sb.append(". ");
      }
      while (sb.length() < 2048) {
        sb.append(filler);
      }
      text = sb.toString();
      String restored = anonymizer.restore(warm, anonymizer.anonymize(warm, text, findings).text());
      if (!restored.equals(text)) {
        throw new IllegalStateException("restore(anonymize(prompt)) differs from the prompt");
      }
    }
  }

  /** FF1 under a fresh keyset. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Card {
    Ff1 ff1;
    byte[] tweak;

    @Setup
    public void setUp() {
      ff1 = Ff1.of(Keyset.generate());
      tweak = "bench".getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The first turn: a new conversation per call, so every value is new to the vault. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String anonymizeAndRestoreNewConversation(Prompt p) {
    Scope scope = Scope.of("bench", "c" + p.conversations.incrementAndGet());
    Anonymized out = p.anonymizer.anonymize(scope, p.text, p.findings);
    String restored = p.anonymizer.restore(scope, out.text());
    p.anonymizer.vault().forget(scope);
    return restored;
  }

  /** A later turn: the values already have tokens in the conversation. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String anonymizeAndRestoreLaterTurn(Prompt p) {
    Anonymized out = p.anonymizer.anonymize(p.warm, p.text, p.findings);
    return p.anonymizer.restore(p.warm, out.text());
  }

  /** CPU time per operation, median of rounds, on this thread (see the class comment). */
  public static void main(String[] args) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    AnonymizeBenchmark b = new AnonymizeBenchmark();
    for (String op : new String[] {"replace", "surrogate", "fpe", "encrypt", "hash"}) {
      Prompt p = new Prompt();
      p.operator = op;
      p.setUp();
      double first = medianCpuMicros(mx, () -> b.anonymizeAndRestoreNewConversation(p), 2000);
      double later = medianCpuMicros(mx, () -> b.anonymizeAndRestoreLaterTurn(p), 2000);
      System.out.printf("anonymize+restore 2 KB, 10 entities, %-9s first turn %7.1f us  later turn %7.1f us (CPU)%n",
          op, first, later);
    }
    Card c = new Card();
    c.setUp();
    double ff1 = medianCpuMicros(mx, () -> b.ff1CardNumber(c), 20_000);
    System.out.printf("FF1 16 digits: %.2f us -> %.0f ops/s per core (CPU)%n", ff1, 1e6 / ff1);
  }

  private static double medianCpuMicros(java.lang.management.ThreadMXBean mx, Runnable op, int n) {
    double[] rounds = new double[7];
    for (int r = -3; r < rounds.length; r++) { // three warm-up rounds
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        op.run();
      }
      if (r >= 0) {
        rounds[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e3 / n;
      }
    }
    java.util.Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String ff1CardNumber(Card c) {
    return c.ff1.encrypt("4111111111111111", Ff1.DIGITS, c.tweak);
  }
}
