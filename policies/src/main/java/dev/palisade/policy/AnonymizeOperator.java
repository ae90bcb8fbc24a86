package dev.palisade.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * How a rule's {@code anonymize} action replaces a value of one entity type.
 *
 * @param type the operator
 * @param keepFirst {@link Type#MASK}: characters left visible at the start
 * @param keepLast {@link Type#MASK}: characters left visible at the end
 * @param key {@link Type#HASH}, {@link Type#ENCRYPT}, {@link Type#FPE}: the name of the key (in the
 *     policy's {@code keys}) to use; never the key itself
 */
public record AnonymizeOperator(Type type, int keepFirst, int keepLast, Optional<String> key) {

  /** The operators a policy can name. */
  public enum Type {
    /** A typed token such as {@code <EMAIL_ADDRESS_1>}, restored in the answer. */
    REPLACE,
    /** Characters replaced by a mask character, some kept at either end. */
    MASK,
    /** A keyed hash (HMAC) pseudonym: stable, not reversible. */
    HASH,
    /** Authenticated encryption: reversible with the key. */
    ENCRYPT,
    /** Format-preserving encryption (FF1): same length and alphabet, reversible with the key. */
    FPE,
    /** A realistic fake value of the same type, restored in the answer. */
    SURROGATE,
    /** A typed marker such as {@code [REDACTED:EMAIL_ADDRESS]}; never restored. */
    REDACT,
    /** Left as it is (the finding is still recorded). */
    KEEP;

    /** The name used in policy files. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this operator needs a key from the policy's {@code keys}. */
    public boolean needsKey() {
      return this == HASH || this == ENCRYPT || this == FPE;
    }
  }

  /** The default: {@link Type#REPLACE}. */
  public static final AnonymizeOperator REPLACE = of(Type.REPLACE);

  public AnonymizeOperator {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    if (keepFirst < 0 || keepLast < 0) {
      throw new IllegalArgumentException("keepFirst and keepLast must not be negative");
    }
  }

  /** The anonymizer's operator for this one. */
  public dev.palisade.anonymize.Operator toOperator() {
    return switch (type) {
      case REPLACE -> dev.palisade.anonymize.Operator.replace();
      case MASK -> dev.palisade.anonymize.Operator.mask(keepLast, keepFirst);
      case HASH -> dev.palisade.anonymize.Operator.hash();
      case ENCRYPT -> dev.palisade.anonymize.Operator.encrypt();
      case FPE -> dev.palisade.anonymize.Operator.fpe();
      case SURROGATE -> dev.palisade.anonymize.Operator.surrogate();
      case REDACT -> dev.palisade.anonymize.Operator.redact();
      case KEEP -> dev.palisade.anonymize.Operator.keep();
    };
  }

  public static AnonymizeOperator of(Type type) {
    return new AnonymizeOperator(type, 0, 0, Optional.empty());
  }
}
