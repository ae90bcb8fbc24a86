package dev.palisade.policy;

import dev.palisade.BlockBehavior;
import dev.palisade.Guard;
import dev.palisade.PolicyInfo;
import dev.palisade.Rule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.palisade.audit.AuditLog;
import dev.palisade.anonymize.Anonymizer;
import dev.palisade.audit.AuditSink;

/**
 * A loaded, valid, effective policy: its bases merged in, every detector made, ready to become a
 * {@link Guard}.
 *
 * <pre>{@code
 * Policy policy = Policies.load(Path.of("eu-prod.yaml"));
 * Guard guard = policy.toGuard();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@code toString} names the policy only.
 */
public final class Policy {

  /** Whether rules act on what they find or only record it. */
  public enum Mode {
    /** Act: block, anonymize, redact as the rules say. */
    ENFORCE,
    /** Detect and record only; nothing is blocked or changed. */
    MONITOR;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final PolicyInfo info;
  private final String description;
  private final Mode mode;
  private final BlockBehavior onBlock;
  private final int streamingWindow;
  private final List<String> allowList;
  private final List<String> denyList;
  private final List<String> canaryIds;
  private final Map<String, KeyRef> keys;
  private final AuditSettings audit;
  private final Map<String, Policy> tenants;
  private final List<PolicyRule> rules;
  private final List<Rule> guardRules;
  private final List<PolicyTestCase> tests;
  private final List<String> skipped;
  private final Map<dev.palisade.detect.EntityType, AnonymizeOperator> operators;
  private final Optional<String> anonymizerKey;
  private final Path source;
  private final String effective;
  private final Function<String, String> env;

  Policy(Builder b) {
    this.info = b.info;
    this.description = b.description;
    this.mode = b.mode;
    this.onBlock = b.onBlock;
    this.streamingWindow = b.streamingWindow;
    this.allowList = List.copyOf(b.allowList);
    this.denyList = List.copyOf(b.denyList);
    this.canaryIds = List.copyOf(b.canaryIds);
    this.keys = Map.copyOf(b.keys);
    this.audit = b.audit;
    this.tenants = Map.copyOf(b.tenants);
    this.rules = List.copyOf(b.rules);
    this.guardRules = List.copyOf(b.guardRules);
    this.tests = List.copyOf(b.tests);
    this.skipped = List.copyOf(b.skipped);
    this.operators = Map.copyOf(b.operators);
    this.anonymizerKey = b.anonymizerKey;
    this.source = b.source;
    this.effective = b.effective;
    this.env = b.env;
  }

  /** Id, version and SHA-256 of the effective policy (test cases excluded), for the audit log. */
  public PolicyInfo info() {
    return info;
  }

  public String id() {
    return info.id();
  }

  public String version() {
    return info.version();
  }

  public String description() {
    return description;
  }

  public Mode mode() {
    return mode;
  }

  public BlockBehavior onBlock() {
    return onBlock;
  }

  public int streamingWindow() {
    return streamingWindow;
  }

  public List<String> allowList() {
    return allowList;
  }

  public List<String> denyList() {
    return denyList;
  }

  /** The ids of the canary tokens (the tokens themselves are only given to detectors). */
  public List<String> canaryIds() {
    return canaryIds;
  }

  public Map<String, KeyRef> keys() {
    return keys;
  }

  public AuditSettings audit() {
    return audit;
  }

  /** Per-tenant policies by tenant id; calls of other tenants use this policy. */
  public Map<String, Policy> tenants() {
    return tenants;
  }

  /** The enabled rules, in order. */
  public List<PolicyRule> rules() {
    return rules;
  }

  /** Ids of optional rules left out because their detector is not in this build. */
  public List<String> skippedRules() {
    return skipped;
  }

  /** The test cases of the policy's own file (not of its bases). */
  public List<PolicyTestCase> tests() {
    return tests;
  }

  /** The file the policy was loaded from; empty for a bundled pack. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /** The effective policy, bases merged in, as YAML: what {@code palisade policy explain} prints. */
  public String explain() {
    return effective;
  }

  /** A guard enforcing this policy (the default one, for calls of tenants not listed). */
  public Guard toGuard() {
    return toGuard(b -> {});
  }

  /**
   * A guard enforcing this policy, with the anonymizer its rules describe (keys read through the
   * loader's environment), after {@code customizer} has added what a policy file cannot hold
   * (application interceptors, a clock, the audit sink).
   *
   * @throws PolicyException if a key an operator names cannot be read
   */
  public Guard toGuard(Consumer<Guard.Builder> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    Guard.Builder b = Guard.builder()
        .policy(info)
        .rules(guardRules)
        .onBlock(onBlock)
        .streamingWindow(streamingWindow)
        .anonymizer(anonymizer(env));
    if (rules.stream().anyMatch(r -> r.detector().equals("canary"))) {
      b.canaries(true); // a fresh canary per call, on top of the policy's own tokens
    }
    customizer.accept(b);
    return b.build();
  }

  /**
   * A guard enforcing this policy that records every call in {@code sink}, capturing payloads if
   * the policy's {@code audit.payloads} is {@code encrypted}.
   */
  public Guard toAuditedGuard(AuditSink sink) {
    Objects.requireNonNull(sink, "sink");
    return toGuard(b -> b.auditSink(sink).auditPayloads(audit.payloads() == AuditSettings.PayloadCapture.ENCRYPTED));
  }

  /**
   * Opens the audit log this policy's {@code audit} section describes; the caller closes it.
   *
   * @param env reads the environment variable a {@code file}-less master key names
   * @throws PolicyException if the policy enables no audit log or its master key cannot be read
   */
  public AuditLog openAuditLog(Function<String, String> env) {
    return AuditWiring.open(this, env);
  }

  /** The operator per entity type that the anonymize rules ask for. */
  public Map<dev.palisade.detect.EntityType, AnonymizeOperator> operators() {
    return operators;
  }

  /**
   * The anonymizer the policy's anonymize rules describe: their operator per entity type
   * ({@code replace} for others), keyed by the key the operators name (a fresh keyset if none do,
   * so pseudonyms then differ between processes).
   *
   * @param env reads the environment variables keys name
   * @throws PolicyException if a key cannot be read (naming the variable or file only)
   */
  public Anonymizer anonymizer(Function<String, String> env) {
    Anonymizer.Builder b = Anonymizer.builder();
    operators.forEach((t, op) -> b.operator(t, op.toOperator()));
    anonymizerKey.ifPresent(k -> b.keyset(KeyWiring.keyset(keys.get(k), keys, env)));
    return b.build();
  }

  /** The policy for calls of {@code tenantId}: its own if listed, else this one. */
  public Policy forTenant(String tenantId) {
    return tenants.getOrDefault(Objects.requireNonNull(tenantId, "tenantId"), this);
  }

  /** Runs the policy's own test cases. */
  public PolicyTestReport runTests() {
    return PolicyTestRunner.run(this);
  }

  List<Rule> guardRules() {
    return guardRules;
  }

  @Override
  public String toString() {
    return "Policy{" + info.id() + " " + info.version() + ", rules=" + rules.size() + "}";
  }

  static final class Builder {
    PolicyInfo info;
    String description = "";
    Mode mode = Mode.ENFORCE;
    BlockBehavior onBlock = BlockBehavior.throwException();
    int streamingWindow = 512;
    List<String> allowList = List.of();
    List<String> denyList = List.of();
    List<String> canaryIds = List.of();
    Map<String, KeyRef> keys = Map.of();
    AuditSettings audit = AuditSettings.NONE;
    Map<String, Policy> tenants = Map.of();
    List<PolicyRule> rules = List.of();
    List<Rule> guardRules = List.of();
    List<PolicyTestCase> tests = List.of();
    List<String> skipped = new java.util.ArrayList<>();
    Map<dev.palisade.detect.EntityType, AnonymizeOperator> operators = Map.of();
    Optional<String> anonymizerKey = Optional.empty();
    Path source;
    String effective = "";
    Function<String, String> env = System::getenv;

    Policy build() {
      return new Policy(this);
    }
  }
}
