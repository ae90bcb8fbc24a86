package dev.palisade.anonymize;

import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random texts full of generated personal data, with the findings a perfect detector
 * would report. Names and places are made of syllables, so they never equal a surrogate.
 */
final class PersonalDataGenerator {

  record Sample(String text, List<Finding> findings, List<String> values) {}

  private static final String[] SYLLABLES = {
      "zar", "quo", "bel", "lit", "rix", "mon", "dra", "vek", "sil", "tha", "gor", "neb", "ulo",
      "pry", "xan", "kel", "vor", "ith", "ruk", "sen"};
  private static final String[] WORDS = {
      "the", "patient", "called", "about", "an", "invoice", "and", "asked", "whether", "we", "could",
      "move", "meeting", "to", "next", "week", "please", "send", "details", "of", "account", "for",
      "with", "regarding", "shipment", "from", "in", "is", "at", "by", "note:", "update", "on"};
  static final EntityType[] TYPES = {
      EntityType.PERSON, EntityType.EMAIL_ADDRESS, EntityType.PHONE_NUMBER, EntityType.CREDIT_CARD,
      EntityType.US_SSN, EntityType.LOCATION, EntityType.IP_ADDRESS, EntityType.ORGANIZATION};

  private final SplittableRandom random;

  PersonalDataGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A text of about {@code entities} values, some repeated, between filler words. */
  Sample sample(int entities) {
    StringBuilder sb = new StringBuilder();
    List<Finding> findings = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<EntityType> valueTypes = new ArrayList<>();
    for (int i = 0; i < entities; i++) {
      appendFiller(sb, 1 + random.nextInt(6));
      EntityType type;
      String value;
      if (!values.isEmpty() && random.nextInt(4) == 0) { // repeat a value already used
        int k = random.nextInt(values.size());
        type = valueTypes.get(k);
        value = values.get(k);
      } else {
        type = TYPES[random.nextInt(TYPES.length)];
        value = value(type);
        values.add(value);
        valueTypes.add(type);
      }
      int start = sb.length();
      sb.append(value);
      findings.add(Finding.of(type, start, sb.length(), 0.9, "test"));
      sb.append(random.nextInt(5) == 0 ? "'s" : random.nextInt(4) == 0 ? "," : "");
    }
    appendFiller(sb, 1 + random.nextInt(4));
    sb.append('.');
    return new Sample(sb.toString(), findings, values);
  }

  String value(EntityType type) {
    return switch (type.name()) {
      case "PERSON" -> name() + " " + name();
      case "EMAIL_ADDRESS" -> syllables(2) + "." + syllables(2) + "@" + syllables(2) + ".test";
      case "PHONE_NUMBER" -> "+1 (" + digits(3) + ") " + digits(3) + "-" + digits(4);
      case "CREDIT_CARD" -> "4" + digits(3) + " " + digits(4) + " " + digits(4) + " " + digits(4);
      case "US_SSN" -> digits(3) + "-" + digits(2) + "-" + digits(4);
      case "LOCATION" -> random.nextBoolean() ? name() : (1 + random.nextInt(900)) + " " + name() + " Street";
      case "IP_ADDRESS" -> (10 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
      default -> name() + " " + name() + " Inc";
    };
  }

  private String name() {
    String s = syllables(2 + random.nextInt(2));
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private String syllables(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    }
    return sb.toString();
  }

  private String digits(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  private void appendFiller(StringBuilder sb, int words) {
    for (int i = 0; i < words; i++) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[random.nextInt(WORDS.length)]);
    }
    sb.append(' ');
  }
}
