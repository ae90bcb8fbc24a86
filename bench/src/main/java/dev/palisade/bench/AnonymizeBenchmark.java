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
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class AnonymizeBenchmark {

  /** The operator for every type; {@code replace} is the default policy's. */
  @Param({"replace", "surrogate", "fpe", "encrypt"})
  public String operator;

  private Anonymizer anonymizer;
  private String prompt;
  private List<Finding> findings;
  private Ff1 ff1;
  private byte[] tweak;
  private final AtomicLong conversations = new AtomicLong();
  private final Scope warmScope = Scope.of("bench", "warm");

  @Setup
  public void setUp() {
    Keyset keyset = Keyset.generate();
    anonymizer = Anonymizer.builder().keyset(keyset).defaultOperator(Operator.parse(operator)).build();
    ff1 = Ff1.of(keyset);
    tweak = "bench".getBytes(StandardCharsets.UTF_8);
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
    prompt = sb.toString();
    anonymizer.anonymize(warmScope, prompt, findings);
  }

  /** A new conversation per call: every value is new to the vault (the first turn). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String anonymizeAndRestoreNewConversation() {
    Scope scope = Scope.of("bench", "c" + conversations.incrementAndGet());
    Anonymized out = anonymizer.anonymize(scope, prompt, findings);
    String restored = anonymizer.restore(scope, out.text());
    anonymizer.vault().forget(scope);
    return restored;
  }

  /** A later turn: the values already have tokens in the conversation. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String anonymizeAndRestoreLaterTurn() {
    Anonymized out = anonymizer.anonymize(warmScope, prompt, findings);
    return anonymizer.restore(warmScope, out.text());
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String ff1CardNumber() {
    return ff1.encrypt("4111111111111111", Ff1.DIGITS, tweak);
  }
}
