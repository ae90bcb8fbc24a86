package dev.palisade.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A filter over audit records: time range, decision, what monitor mode kept a rule from doing,
 * finding type, policy, conversation, kind.
 * Unset fields match everything. Immutable; built with {@link #builder()}.
 */
public final class AuditQuery {
  private final Instant since;
  private final Instant until;
  private final String decision;
  private final String wouldBe;
  private final String findingType;
  private final String policyId;
  private final String conversation;
  private final String kind;

  private AuditQuery(Builder b) {
    this.since = b.since;
    this.until = b.until;
    this.decision = b.decision;
    this.wouldBe = b.wouldBe;
    this.findingType = b.findingType;
    this.policyId = b.policyId;
    this.conversation = b.conversation;
    this.kind = b.kind;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Matches every record. */
  public static AuditQuery all() {
    return builder().build();
  }

  /** True if {@code e} is a record that passes every set filter. */
  public boolean matches(AuditEntry e) {
    if (!e.type().equals("record")) {
      return false;
    }
    if (since != null && e.time().map(t -> t.isBefore(since)).orElse(true)) {
      return false;
    }
    if (until != null && e.time().map(t -> !t.isBefore(until)).orElse(true)) {
      return false;
    }
    if (decision != null && !e.decision().map(decision::equalsIgnoreCase).orElse(false)) {
      return false;
    }
    if (wouldBe != null && e.monitoredActions().stream().noneMatch(wouldBe::equalsIgnoreCase)) {
      return false;
    }
    if (findingType != null && e.findingTypes().stream().noneMatch(findingType::equalsIgnoreCase)) {
      return false;
    }
    if (policyId != null && !e.policyId().map(policyId::equals).orElse(false)) {
      return false;
    }
    if (conversation != null && !e.conversation().map(conversation::equals).orElse(false)) {
      return false;
    }
    return kind == null || e.kind().map(kind::equalsIgnoreCase).orElse(false);
  }

  @Override
  public String toString() {
    return "AuditQuery[since=" + since + ", until=" + until + ", decision=" + decision
        + ", wouldBe=" + wouldBe + ", type=" + findingType + ", policy=" + policyId + ", kind=" + kind + "]";
  }

  /** Builds an {@link AuditQuery}. */
  public static final class Builder {
    private Instant since;
    private Instant until;
    private String decision;
    private String wouldBe;
    private String findingType;
    private String policyId;
    private String conversation;
    private String kind;

    private Builder() {}

    /** Records at or after {@code since}. */
    public Builder since(Instant since) {
      this.since = Objects.requireNonNull(since, "since");
      return this;
    }

    /** Records before {@code until}. */
    public Builder until(Instant until) {
      this.until = Objects.requireNonNull(until, "until");
      return this;
    }

    public Builder decision(String decision) {
      this.decision = Objects.requireNonNull(decision, "decision");
      return this;
    }

    /**
     * Records in which monitor mode kept some rule from taking {@code action} ({@code BLOCK},
     * {@code REDACT}, {@code ANONYMIZE}): what enforcing the policy would have done.
     */
    public Builder wouldBe(String action) {
      this.wouldBe = Objects.requireNonNull(action, "action");
      return this;
    }

    /** Records with at least one finding of this entity type. */
    public Builder findingType(String type) {
      this.findingType = Objects.requireNonNull(type, "type");
      return this;
    }

    public Builder policyId(String policyId) {
      this.policyId = Objects.requireNonNull(policyId, "policyId");
      return this;
    }

    /** The conversation pseudonym (see {@link AuditKeys#pseudonym}). */
    public Builder conversation(String pseudonym) {
      this.conversation = Objects.requireNonNull(pseudonym, "pseudonym");
      return this;
    }

    public Builder kind(String kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    public AuditQuery build() {
      if (since != null && until != null && !since.isBefore(until)) {
        throw new IllegalStateException("since (" + since + ") must be before until (" + until + ")");
      }
      return new AuditQuery(this);
    }
  }
}
