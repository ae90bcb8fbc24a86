package dev.palisade.anonymize;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.palisade.crypto.Aead;
import dev.palisade.crypto.Ff1;
import dev.palisade.crypto.Keyset;
import dev.palisade.crypto.Pseudonyms;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detect.Span;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Replaces personal data in text with tokens, per entity type as configured, and turns the
 * tokens in a model's answer back into the user's values.
 *
 * <pre>{@code
 * Anonymizer anonymizer = Anonymizer.builder()
 *     .keyset(keyset)                                   // deployment keys: hash, encrypt, fpe
 *     .operator(EntityType.CREDIT_CARD, Operator.parse("fpe"))
 *     .operator(EntityType.PERSON, Operator.surrogate())
 *     .defaultOperator(Operator.replace())
 *     .build();
 * Anonymized out = anonymizer.anonymize(scope, prompt, findings);
 * String answer = anonymizer.restore(scope, modelAnswer);
 * }</pre>
 *
 * <p>Within a {@link Scope} (tenant + conversation) the same value of the same type always gets
 * the same token, and different values never share one; the {@link Vault} remembers them. The
 * operators are described on {@link Operator}. Restoring finds the exact tokens and the variants
 * models write (see {@link #restore}); {@code redact} and {@code mask} cannot be restored.
 *
 * <h2>Security</h2>
 * Values leave only as their operator's output. {@code fpe} on a value FF1 cannot take uses its
 * fallback operator, never the plaintext. {@code hash} pseudonyms and {@code encrypt} tokens use
 * the keyset's primary key; {@code encrypt} tokens are bound to their scope. Nothing here logs,
 * and no exception message or {@code toString} holds a value.
 *
 * <h2>Thread safety</h2>
 * Immutable and safe for concurrent use by any number of conversations.
 */
public final class Anonymizer {

  /** Characters {@code fpe} keeps in place (besides ASCII letters and digits, which it encrypts). */
  public static final String FPE_SEPARATORS = " -.()+/@_:,#'";

  private final Map<EntityType, Operator> operators;
  private final Operator defaultOperator;
  private final Keyset keyset;
  private final Vault vault;
  private final Aead aead;
  private final Ff1 ff1;
  private final Pseudonyms pseudonyms;
  private final Cache<String, Pattern> patterns =
      CacheBuilder.newBuilder().maximumSize(512).build();
  // The last plan per conversation, reused while the conversation's tokens are unchanged.
  private final Cache<Scope, RestorePlan> plans =
      CacheBuilder.newBuilder().maximumSize(4096).expireAfterAccess(java.time.Duration.ofMinutes(10)).build();

  private Anonymizer(Builder b) {
    this.operators = Map.copyOf(b.operators);
    this.defaultOperator = b.defaultOperator;
    this.keyset = b.keyset != null ? b.keyset : Keyset.generate();
    this.vault = b.vault != null ? b.vault : Vault.inMemory();
    this.aead = Aead.of(keyset);
    this.ff1 = Ff1.of(keyset);
    this.pseudonyms = Pseudonyms.of(keyset);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this anonymizer's settings (and the same keyset and vault). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.operators.putAll(operators);
    b.defaultOperator = defaultOperator;
    b.defaultSet = true;
    b.keyset = keyset;
    b.vault = vault;
    return b;
  }

  /** The operator applied to {@code type}. */
  public Operator operatorFor(EntityType type) {
    return operators.getOrDefault(Objects.requireNonNull(type, "type"), defaultOperator);
  }

  public Vault vault() {
    return vault;
  }

  /**
   * Replaces each finding's text in {@code text} by its type's operator.
   *
   * @param findings resolved findings: within the text and not overlapping, in any order
   * @throws IllegalArgumentException if a finding is out of bounds or findings overlap (the
   *     message gives offsets only)
   */
  public Anonymized anonymize(Scope scope, String text, List<Finding> findings) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(findings, "findings");
    if (findings.isEmpty()) {
      return new Anonymized(text, List.of());
    }
    Finding[] sorted = findings.toArray(new Finding[0]);
    Arrays.sort(sorted, Comparator.comparing(Finding::span));
    int previousEnd = 0;
    Finding previous = null;
    for (Finding f : sorted) {
      if (f.end() > text.length()) {
        throw new IllegalArgumentException("finding [" + f.start() + ", " + f.end()
            + ") lies outside the text of length " + text.length());
      }
      if (previous != null && f.start() < previousEnd) {
        throw new IllegalArgumentException("findings overlap: [" + previous.start() + ", " + previous.end()
            + ") and [" + f.start() + ", " + f.end() + "); resolve them before anonymizing");
      }
      previous = f;
      previousEnd = f.end();
    }
    StringBuilder out = new StringBuilder(text.length() + 16 * sorted.length);
    List<Replacement> replacements = new ArrayList<>(sorted.length);
    int cursor = 0;
    for (Finding f : sorted) {
      out.append(text, cursor, f.start());
      cursor = f.end();
      String value = text.substring(f.start(), f.end());
      Operator op = operatorFor(f.type());
      if (op.kind() == Operator.Kind.KEEP || value.isEmpty()) {
        out.append(value);
        continue;
      }
      if (op.kind() == Operator.Kind.FPE && fpeAlphabet(value) == null) {
        op = op.fallback();
      }
      int start = out.length();
      String token = apply(op, scope, f.type(), value);
      out.append(token);
      replacements.add(new Replacement(f.type(), op, f.span(), Span.of(start, out.length()), token));
    }
    out.append(text, cursor, text.length());
    return new Anonymized(out.toString(), replacements);
  }

  /**
   * Puts the originals back into {@code text} (a model's answer, a tool call's arguments...)
   * for every token of {@code scope} it contains: exact tokens, and placeholders as models
   * rewrite them: other case ({@code <person_1>}), without brackets ({@code PERSON_1},
   * {@code PERSON_1's}), split ({@code PERSON _1}). Unknown tokens and tokens of other scopes are
   * left as they are.
   */
  public String restore(Scope scope, String text) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(text, "text");
    RestorePlan plan = plan(scope);
    if (plan.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 64);
    plan.release(text, 0, text.length(), true, out, token -> vault.original(scope, token));
    return out.toString();
  }

  /**
   * {@link #restore} for a JSON document, such as a tool call's arguments: each original is
   * escaped as the content of a JSON string, so the document stays valid.
   */
  public String restoreJson(Scope scope, String json) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(json, "json");
    RestorePlan plan = plan(scope);
    if (plan.isEmpty()) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length() + 64);
    plan.release(json, 0, json.length(), true, out, token -> vault.original(scope, token).map(Anonymizer::jsonEscape));
    return out.toString();
  }

  static String jsonEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** A restorer for one streamed answer in {@code scope}; see {@link StreamingRestorer}. */
  public StreamingRestorer streamingRestorer(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return new StreamingRestorer(plan(scope), token -> vault.original(scope, token));
  }

  private RestorePlan plan(Scope scope) {
    java.util.Set<String> tokens = vault.tokens(scope);
    RestorePlan plan = plans.getIfPresent(scope);
    if (plan == null || !plan.tokens().equals(tokens)) {
      plan = RestorePlan.of(tokens, patterns);
      plans.put(scope, plan);
    }
    return plan;
  }

  private String apply(Operator op, Scope scope, EntityType type, String value) {
    return switch (op.kind()) {
      case REDACT -> "";
      case KEEP -> value;
      case MASK -> Masking.mask(value, type, op);
      case REPLACE -> vault.tokenFor(scope, type, value,
          (ordinal, attempt) -> "<" + type.name() + "_" + (ordinal + attempt) + ">");
      case HASH -> vault.tokenFor(scope, type, value, (ordinal, attempt) ->
          attempt > 2 ? null : pseudonyms.pseudonym(type.name(), value, Math.min(64, op.hashChars() << attempt)));
      case ENCRYPT -> vault.tokenFor(scope, type, value, (ordinal, attempt) ->
          "ENC:" + aead.primaryKeyId() + ":" + Base64.getUrlEncoder().withoutPadding()
              .encodeToString(aead.encrypt(value.getBytes(StandardCharsets.UTF_8), scope.bytes())));
      case FPE -> {
        String alphabet = fpeAlphabet(value);
        yield vault.tokenFor(scope, type, value,
            (ordinal, attempt) -> ff1.encrypt(value, alphabet, derived("fpe", scope, type, "", attempt, 16)));
      }
      case SURROGATE -> vault.tokenFor(scope, type, value, (ordinal, attempt) -> Surrogates.of(type, value,
          ByteBuffer.wrap(derived("surrogate", scope, type, value, attempt, 8)).getLong(), attempt));
    };
  }

  /**
   * The FF1 alphabet for {@code value}, or null when FF1 must not be used: a character other
   * than ASCII letters, digits and {@link #FPE_SEPARATORS} (it would go out in the clear), or a
   * domain under 10^6 values.
   */
  static String fpeAlphabet(String value) {
    boolean letters = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
        letters = true;
      } else if (!(c >= '0' && c <= '9') && FPE_SEPARATORS.indexOf(c) < 0) {
        return null;
      }
    }
    String alphabet = letters ? Ff1.ALPHANUMERIC : Ff1.DIGITS;
    return Ff1.fits(value, alphabet) ? alphabet : null;
  }

  /** A keyed value for one purpose, scope, type, value and attempt (FF1 tweaks, surrogate seeds). */
  private byte[] derived(String purpose, Scope scope, EntityType type, String value, int attempt, int bytes) {
    byte[] p = purpose.getBytes(StandardCharsets.UTF_8);
    byte[] s = scope.bytes();
    byte[] t = type.name().getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    byte[] in = ByteBuffer.allocate(16 + p.length + s.length + t.length + v.length)
        .putInt(p.length).put(p).put(s).putInt(t.length).put(t).putInt(attempt).put(v).array();
    return Arrays.copyOf(pseudonyms.mac(in), bytes);
  }

  @Override
  public String toString() {
    Map<String, String> ops = new LinkedHashMap<>();
    operators.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> ops.put(e.getKey().name(), e.getValue().toString()));
    return "Anonymizer{operators=" + ops + ", default=" + defaultOperator + ", keyset=" + keyset + "}";
  }

  /** Configures an {@link Anonymizer}. */
  public static final class Builder {
    private final Map<EntityType, Operator> operators = new LinkedHashMap<>();
    private Operator defaultOperator = Operator.replace();
    private boolean defaultSet;
    private Keyset keyset;
    private Vault vault;

    private Builder() {}

    /** The operator for one entity type. */
    public Builder operator(EntityType type, Operator operator) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(operator, "operator");
      Operator old = operators.putIfAbsent(type, operator);
      if (old != null) {
        throw new IllegalStateException("operator for " + type + " was already set to " + old);
      }
      return this;
    }

    /** The operator for types without their own (default {@code replace}). */
    public Builder defaultOperator(Operator operator) {
      Objects.requireNonNull(operator, "operator");
      if (defaultSet) {
        throw new IllegalStateException("default operator was already set to " + defaultOperator);
      }
      this.defaultOperator = operator;
      this.defaultSet = true;
      return this;
    }

    /**
     * The deployment's keys for {@code hash}, {@code encrypt}, {@code fpe} and surrogate
     * choice. Without one a fresh keyset is made, so pseudonyms differ between instances.
     */
    public Builder keyset(Keyset keyset) {
      this.keyset = Objects.requireNonNull(keyset, "keyset");
      return this;
    }

    /** Where tokens are remembered (default: {@link Vault#inMemory()}). */
    public Builder vault(Vault vault) {
      this.vault = Objects.requireNonNull(vault, "vault");
      return this;
    }

    public Anonymizer build() {
      return new Anonymizer(this);
    }
  }
}
