package dev.palisade.detectors.secrets;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One vendor's (or the generic) secret format: the keywords that must occur for the pattern to be
 * tried, the pattern, and the checks a candidate must pass.
 *
 * <p>The pattern's named group {@code s}, when present, is the secret itself: it is what the
 * finding covers and what the entropy and placeholder checks look at; otherwise the whole match.
 *
 * @param id stable rule id, e.g. {@code github-pat}
 * @param vendor who issues the secret, for reports
 * @param keywords lower-case strings of which at least one occurs inside every match
 * @param before how far before a keyword occurrence a match may start; {@link #ANYWHERE} when a
 *     keyword is context anywhere in the text rather than part of the match
 * @param maxLength the longest match the (bounded) pattern can produce
 * @param pattern the format, written with bounded repetition only
 * @param minEntropy minimum Shannon entropy in bits per character of the secret (0: none)
 * @param score the confidence given to findings
 * @param generic whether this is a catch-all rule that yields to vendor rules and applies the UUID
 *     and commit-hash filters
 * @param between for a context rule (a vendor name, then the secret somewhere after it), what the
 *     text from the keyword to the secret must match; the pattern then describes the secret only and
 *     is searched for within {@code maxLength} characters from the keyword. Null for other rules.
 * @param requires literals every match contains (a cheap test before the pattern is tried; empty
 *     for none)
 */
record SecretRule(
    String id,
    String vendor,
    List<String> keywords,
    int before,
    int maxLength,
    Pattern pattern,
    double minEntropy,
    double score,
    boolean generic,
    Pattern between,
    List<String> requires) {

  static final int ANYWHERE = -1;

  SecretRule {
    keywords = List.copyOf(keywords);
    requires = List.copyOf(requires);
  }

  /** This rule, with literals that every match contains. */
  SecretRule requiring(String... literals) {
    return new SecretRule(id, vendor, keywords, before, maxLength, pattern, minEntropy, score, generic,
        between, List.of(literals));
  }

  boolean hasSecretGroup() {
    return pattern.pattern().contains("(?<s>");
  }
}
