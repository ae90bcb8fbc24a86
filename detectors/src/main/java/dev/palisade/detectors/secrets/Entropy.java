package dev.palisade.detectors.secrets;

/** Shannon entropy of strings, the randomness test for loosely formatted secrets. */
final class Entropy {

  private Entropy() {}

  /** Bits per character of {@code s} over its own character distribution; 0 for empty input. */
  static double shannon(CharSequence s) {
    int n = s.length();
    if (n == 0) {
      return 0;
    }
    int[] ascii = new int[128];
    java.util.Map<Character, Integer> other = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 128) {
        ascii[c]++;
      } else {
        if (other == null) {
          other = new java.util.HashMap<>();
        }
        other.merge(c, 1, Integer::sum);
      }
    }
    double h = 0;
    for (int count : ascii) {
      if (count > 0) {
        double p = (double) count / n;
        h -= p * Math.log(p);
      }
    }
    if (other != null) {
      for (int count : other.values()) {
        double p = (double) count / n;
        h -= p * Math.log(p);
      }
    }
    return h / Math.log(2);
  }

  /** How many of lower case, upper case, digits and other characters occur in {@code s}. */
  static int characterClasses(CharSequence s) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
  }
}
