package dev.palisade.detectors.pii;

import dev.palisade.detect.EntityType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One regular expression of a structured recognizer, with the scorer that validates what it
 * matched.
 *
 * <p>Rules only run inside the candidate windows of a {@link Windows} (around digits), every
 * quantifier is bounded, so a rule costs time linear in the window and never backtracks without
 * bound.
 *
 * @param type the entity type reported
 * @param id the recognizer id reported as {@code Finding.detector}
 * @param pattern the expression; group 1 is the reported span when present, else the whole match
 * @param minDigits windows with fewer ASCII digits are skipped without running the expression
 * @param scorer returns the score of a match, or a negative number to reject it
 * @param context words that make this type more likely when found just before the match
 */
record Rule(EntityType type, String id, Pattern pattern, int minDigits, Scorer scorer, List<String> context) {

  /** Scores a candidate string, or rejects it with a negative number. */
  @FunctionalInterface
  interface Scorer {
    double score(String match);
  }

  static Scorer fixed(double score) {
    return m -> score;
  }

  static Scorer valid(Validator v, double score) {
    return m -> v.test(m) ? score : -1;
  }

  static Scorer validOr(Validator v, double valid, double invalid) {
    return m -> v.test(m) ? valid : invalid;
  }

  /** A check that never throws. */
  @FunctionalInterface
  interface Validator {
    boolean check(String s);

    default boolean test(String s) {
      try {
        return check(s);
      } catch (RuntimeException e) {
        return false;
      }
    }
  }
}
