package dev.palisade.detect;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The kind of thing a {@link Finding} is: an open set of names, with Presidio's names for personal
 * data (so users can move between the two) and Palisade's own for the other categories.
 *
 * <p>Two entity types are equal when their names are equal. Names are upper-case identifiers.
 */
public final class EntityType implements Comparable<EntityType> {

  /** What a type is about; decides which interceptor handles its findings by default. */
  public enum Category {
    /** Personal data: anonymized on the way in, restored or filtered on the way out. */
    PII,
    /** Credentials and keys. */
    SECRET,
    /** Instructions aimed at the model from an untrusted channel. */
    INJECTION,
    /** Text that leaks the system prompt or a canary. */
    LEAKAGE,
    /** Banned terms and topics, unsafe links. */
    CONTENT
  }

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  // Personal data (Presidio's names).
  public static final EntityType PERSON = pii("PERSON");
  public static final EntityType LOCATION = pii("LOCATION");
  public static final EntityType ORGANIZATION = pii("ORGANIZATION");
  public static final EntityType NRP = pii("NRP");
  public static final EntityType AGE = pii("AGE");
  public static final EntityType DATE_TIME = pii("DATE_TIME");
  public static final EntityType EMAIL_ADDRESS = pii("EMAIL_ADDRESS");
  public static final EntityType PHONE_NUMBER = pii("PHONE_NUMBER");
  public static final EntityType CREDIT_CARD = pii("CREDIT_CARD");
  public static final EntityType IBAN_CODE = pii("IBAN_CODE");
  public static final EntityType US_SSN = pii("US_SSN");
  public static final EntityType US_ITIN = pii("US_ITIN");
  public static final EntityType US_PASSPORT = pii("US_PASSPORT");
  public static final EntityType US_DRIVER_LICENSE = pii("US_DRIVER_LICENSE");
  public static final EntityType US_BANK_NUMBER = pii("US_BANK_NUMBER");
  public static final EntityType IP_ADDRESS = pii("IP_ADDRESS");
  public static final EntityType MAC_ADDRESS = pii("MAC_ADDRESS");
  public static final EntityType URL = pii("URL");
  public static final EntityType CRYPTO = pii("CRYPTO");

  // Palisade's own categories.
  public static final EntityType SECRET = new EntityType("SECRET", Category.SECRET);
  public static final EntityType PROMPT_INJECTION = new EntityType("PROMPT_INJECTION", Category.INJECTION);
  public static final EntityType SYSTEM_PROMPT_LEAK = new EntityType("SYSTEM_PROMPT_LEAK", Category.LEAKAGE);
  public static final EntityType BANNED_CONTENT = new EntityType("BANNED_CONTENT", Category.CONTENT);
  public static final EntityType UNSAFE_LINK = new EntityType("UNSAFE_LINK", Category.CONTENT);

  private final String name;
  private final Category category;

  private EntityType(String name, Category category) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "entity type name must match [A-Z][A-Z0-9_]*, was \"" + name + "\"");
    }
    this.name = name;
    this.category = Objects.requireNonNull(category, "category");
  }

  private static EntityType pii(String name) {
    return new EntityType(name, Category.PII);
  }

  /** A personal-data type with this name (e.g. {@code UK_NHS}). */
  public static EntityType of(String name) {
    return of(name, Category.PII);
  }

  public static EntityType of(String name, Category category) {
    Objects.requireNonNull(name, "name");
    return new EntityType(name, category);
  }

  public String name() {
    return name;
  }

  public Category category() {
    return category;
  }

  public boolean isPii() {
    return category == Category.PII;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntityType other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public int compareTo(EntityType o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
