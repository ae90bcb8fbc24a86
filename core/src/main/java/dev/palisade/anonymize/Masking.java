package dev.palisade.anonymize;

import dev.palisade.detect.EntityType;

/** The {@code mask} operator. */
final class Masking {

  static final char MASK = '*';

  private Masking() {}

  /**
   * Masks the letters and digits of {@code value} except at most the first {@code keepFirst}
   * and last {@code keepLast}; other characters stay. At most half of them are kept, and for
   * credit cards at most the first 6 and last 4 (PCI DSS), with at least 6 always masked.
   */
  static String mask(String value, EntityType type, Operator op) {
    int count = 0;
    for (int i = 0; i < value.length(); i++) {
      if (Character.isLetterOrDigit(value.charAt(i))) {
        count++;
      }
    }
    int last = op.keepLast();
    int first = op.keepFirst();
    int budget;
    if (type.equals(EntityType.CREDIT_CARD)) {
      last = Math.min(last, 4);
      first = Math.min(first, 6);
      budget = Math.max(0, count - 6);
    } else {
      budget = count / 2;
    }
    last = Math.min(last, budget);
    first = Math.min(first, budget - last);
    char[] c = value.toCharArray();
    for (int i = 0, k = 0; i < c.length; i++) {
      if (Character.isLetterOrDigit(c[i])) {
        if (k >= first && k < count - last) {
          c[i] = MASK;
        }
        k++;
      }
    }
    return new String(c);
  }
}
