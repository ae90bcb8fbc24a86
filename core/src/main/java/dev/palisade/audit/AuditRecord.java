package dev.palisade.audit;

import dev.palisade.detect.Channel;
import dev.palisade.detect.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One event for the audit log: a guarded call, a policy change, a key rotation, a reveal, an
 * erasure or a recovery after a crash.
 *
 * <p>A record is built by the caller with raw identifiers ({@link Builder#tenantId},
 * {@link Builder#conversationId}, {@link Builder#subjectId}); the log never writes those raw: it
 * writes keyed HMAC pseudonyms instead. The optional {@linkplain Builder#payload payload} (original
 * and transformed request and answer) is written only encrypted under the subject's key.
 *
 * <h2>Security</h2>
 * {@link #toString()} prints the kind, time, decision and counts only; never ids, payload text or
 * details.
 *
 * <h2>Thread safety</h2>
 * Immutable.
 */
public final class AuditRecord {

  /** What a record is about. */
  public enum Kind {
    /** A call through the guard. */
    CALL,
    /** A policy was loaded or changed. */
    POLICY_CHANGE,
    /** A key-encryption key was rotated. */
    KEY_ROTATION,
    /** Someone decrypted a payload for review: who, why, which record. */
    REVEAL,
    /** A subject's key was destroyed, or payloads were pruned by retention. */
    ERASURE,
    /** The writer restarted after a crash and continued the chain. */
    RECOVERY
  }

  /** The decisions a guarded call can end in. */
  static final Set<String> DECISIONS = Set.of("ALLOW", "MONITOR", "TRANSFORM", "BLOCK");

  /**
   * A finding as the audit log keeps it: type, offsets, detector, score, channel and message
   * index; never the matched text.
   *
   * @param type entity type name, e.g. {@code EMAIL_ADDRESS}
   * @param start UTF-16 start offset (inclusive)
   * @param end UTF-16 end offset (exclusive)
   * @param detector id of the detector that found it
   * @param score confidence in [0, 1]
   * @param channel channel id ({@code user}, {@code document}, {@code tool}, {@code output}, ...)
   * @param message index of the message in the request (or of the answer) the offsets refer to
   */
  public record FindingEntry(
      String type, int start, int end, String detector, double score, String channel, int message) {

    public FindingEntry {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(detector, "detector");
      Objects.requireNonNull(channel, "channel");
      if (start < 0 || end < start) {
        throw new IllegalArgumentException(
            "finding offsets must satisfy 0 <= start <= end, were [" + start + ", " + end + ")");
      }
      if (!(score >= 0.0 && score <= 1.0)) {
        throw new IllegalArgumentException("finding score must be in [0, 1], was " + score);
      }
      if (message < 0) {
        throw new IllegalArgumentException("message index must be >= 0, was " + message);
      }
    }

    /** The audit form of a detector's finding in message {@code message} of {@code channel}. */
    public static FindingEntry of(Finding finding, Channel channel, int message) {
      return new FindingEntry(
          finding.type().name(),
          finding.start(),
          finding.end(),
          finding.detector(),
          finding.score(),
          channel.id(),
          message);
    }
  }

  /**
   * The policy in force for a record.
   *
   * @param id policy id
   * @param version policy version as written in the policy file
   * @param sha256 lower-case hex SHA-256 of the policy file's bytes
   */
  public record PolicyRef(String id, String version, String sha256) {
    public PolicyRef {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  private final Kind kind;
  private final Instant time;
  private final String tenantId;
  private final String conversationId;
  private final String subjectId;
  private final PolicyRef policy;
  private final String decision;
  private final Map<String, String> actions;
  private final Map<String, String> monitored;
  private final List<FindingEntry> findings;
  private final Map<String, Long> latencyNanos;
  private final String provider;
  private final String model;
  private final Long inputTokens;
  private final Long outputTokens;
  private final Map<String, String> details;
  private final Map<String, String> payload;

  private AuditRecord(Builder b) {
    this.kind = b.kind;
    this.time = b.time;
    this.tenantId = b.tenantId;
    this.conversationId = b.conversationId;
    this.subjectId = b.subjectId != null ? b.subjectId : b.tenantId;
    this.policy = b.policy;
    this.decision = b.decision;
    this.actions = Collections.unmodifiableMap(new LinkedHashMap<>(b.actions));
    this.monitored = Collections.unmodifiableMap(new LinkedHashMap<>(b.monitored));
    this.findings = List.copyOf(b.findings);
    this.latencyNanos = Collections.unmodifiableMap(new LinkedHashMap<>(b.latencyNanos));
    this.provider = b.provider;
    this.model = b.model;
    this.inputTokens = b.inputTokens;
    this.outputTokens = b.outputTokens;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(b.details));
    this.payload = Collections.unmodifiableMap(new LinkedHashMap<>(b.payload));
  }

  /** A new builder; {@link Builder#kind} defaults to {@link Kind#CALL}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this record's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.kind = kind;
    b.time = time;
    b.tenantId = tenantId;
    b.conversationId = conversationId;
    b.subjectId = subjectId;
    b.policy = policy;
    b.decision = decision;
    b.actions.putAll(actions);
    b.monitored.putAll(monitored);
    b.findings.addAll(findings);
    b.latencyNanos.putAll(latencyNanos);
    b.provider = provider;
    b.model = model;
    b.inputTokens = inputTokens;
    b.outputTokens = outputTokens;
    b.details.putAll(details);
    b.payload.putAll(payload);
    return b;
  }

  public Kind kind() {
    return kind;
  }

  /** When it happened; empty means "when the log writes it". */
  public Optional<Instant> time() {
    return Optional.ofNullable(time);
  }

  /** The raw tenant id (the log writes only its pseudonym). */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /** The raw conversation id (the log writes only its pseudonym). */
  public Optional<String> conversationId() {
    return Optional.ofNullable(conversationId);
  }

  /** Whose key encrypts the payload; defaults to the tenant id. */
  public Optional<String> subjectId() {
    return Optional.ofNullable(subjectId);
  }

  public Optional<PolicyRef> policy() {
    return Optional.ofNullable(policy);
  }

  /** {@code ALLOW}, {@code MONITOR}, {@code TRANSFORM} or {@code BLOCK}; empty for non-call kinds. */
  public Optional<String> decision() {
    return Optional.ofNullable(decision);
  }

  /** Rule id to the action it took, in the order given. */
  public Map<String, String> actions() {
    return actions;
  }

  /**
   * Rule id to the action it would have taken were it enforced, for the rules that monitor mode
   * kept from acting (their {@link #actions() action} is {@code MONITOR}); in the order given.
   */
  public Map<String, String> monitored() {
    return monitored;
  }

  public List<FindingEntry> findings() {
    return findings;
  }

  /** Stage name to its latency in nanoseconds, in the order given. */
  public Map<String, Long> latencyNanos() {
    return latencyNanos;
  }

  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  public OptionalLong inputTokens() {
    return inputTokens == null ? OptionalLong.empty() : OptionalLong.of(inputTokens);
  }

  public OptionalLong outputTokens() {
    return outputTokens == null ? OptionalLong.empty() : OptionalLong.of(outputTokens);
  }

  /**
   * Non-personal metadata written in clear (for a reveal: target sequence number, actor, reason).
   */
  public Map<String, String> details() {
    return details;
  }

  /**
   * The payload (e.g. {@code request}, {@code transformedRequest}, {@code answer}); written only
   * encrypted. Empty when there is none.
   */
  public Map<String, String> payload() {
    return payload;
  }

  @Override
  public String toString() {
    return "AuditRecord[kind=" + kind
        + ", time=" + time
        + ", decision=" + decision
        + ", rules=" + actions.size()
        + ", findings=" + findings.size()
        + ", payload=" + (payload.isEmpty() ? "none" : "present")
        + "]";
  }

  /** Builds an {@link AuditRecord}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private Kind kind = Kind.CALL;
    private Instant time;
    private String tenantId;
    private String conversationId;
    private String subjectId;
    private PolicyRef policy;
    private String decision;
    private final Map<String, String> actions = new LinkedHashMap<>();
    private final Map<String, String> monitored = new LinkedHashMap<>();
    private final List<FindingEntry> findings = new ArrayList<>();
    private final Map<String, Long> latencyNanos = new LinkedHashMap<>();
    private String provider;
    private String model;
    private Long inputTokens;
    private Long outputTokens;
    private final Map<String, String> details = new LinkedHashMap<>();
    private final Map<String, String> payload = new LinkedHashMap<>();

    private Builder() {}

    public Builder kind(Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    public Builder time(Instant time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** The raw tenant id; the log writes only its keyed pseudonym. */
    public Builder tenantId(String tenantId) {
      this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
      return this;
    }

    /** The raw conversation id; the log writes only its keyed pseudonym. */
    public Builder conversationId(String conversationId) {
      this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
      return this;
    }

    /** Whose key encrypts the payload (the unit of crypto-shredding); defaults to the tenant. */
    public Builder subjectId(String subjectId) {
      this.subjectId = Objects.requireNonNull(subjectId, "subjectId");
      return this;
    }

    public Builder policy(String id, String version, String sha256) {
      this.policy = new PolicyRef(id, version, sha256);
      return this;
    }

    public Builder decision(String decision) {
      Objects.requireNonNull(decision, "decision");
      if (!DECISIONS.contains(decision)) {
        throw new IllegalArgumentException(
            "decision must be one of ALLOW, MONITOR, TRANSFORM, BLOCK, was \"" + decision + "\"");
      }
      this.decision = decision;
      return this;
    }

    public Builder action(String ruleId, String action) {
      actions.put(Objects.requireNonNull(ruleId, "ruleId"), Objects.requireNonNull(action, "action"));
      return this;
    }

    public Builder actions(Map<String, String> actions) {
      actions.forEach(this::action);
      return this;
    }

    /** In monitor mode: what rule {@code ruleId} would have done were it enforced. */
    public Builder monitored(String ruleId, String action) {
      monitored.put(Objects.requireNonNull(ruleId, "ruleId"), Objects.requireNonNull(action, "action"));
      return this;
    }

    public Builder finding(FindingEntry finding) {
      findings.add(Objects.requireNonNull(finding, "finding"));
      return this;
    }

    public Builder findings(List<FindingEntry> findings) {
      findings.forEach(this::finding);
      return this;
    }

    public Builder latency(String stage, long nanos) {
      Objects.requireNonNull(stage, "stage");
      if (nanos < 0) {
        throw new IllegalArgumentException("latency of stage " + stage + " must be >= 0, was " + nanos);
      }
      latencyNanos.put(stage, nanos);
      return this;
    }

    public Builder provider(String provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder tokens(long input, long output) {
      if (input < 0 || output < 0) {
        throw new IllegalArgumentException(
            "token counts must be >= 0, were input=" + input + ", output=" + output);
      }
      this.inputTokens = input;
      this.outputTokens = output;
      return this;
    }

    /** Non-personal metadata, written in clear. */
    public Builder detail(String key, String value) {
      details.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** One payload entry (e.g. {@code request}); written only encrypted. */
    public Builder payload(String key, String value) {
      payload.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder payload(Map<String, String> payload) {
      payload.forEach(this::payload);
      return this;
    }

    public AuditRecord build() {
      if (!payload.isEmpty() && subjectId == null && tenantId == null) {
        throw new IllegalStateException("a record with a payload needs a subjectId or a tenantId");
      }
      if (kind == Kind.CALL && decision == null) {
        throw new IllegalStateException("a CALL record needs a decision");
      }
      return new AuditRecord(this);
    }
  }
}
