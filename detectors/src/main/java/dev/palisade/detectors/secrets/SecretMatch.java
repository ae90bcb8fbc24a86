package dev.palisade.detectors.secrets;

import dev.palisade.detect.Span;
import java.util.Objects;

/**
 * A secret found by {@link SecretsDetector}: which rule matched and where. Holds no key material.
 *
 * @param rule the rule id, e.g. {@code aws-access-key-id} (see {@link SecretsDetector#ruleIds()})
 * @param span where the secret is, as UTF-16 indices into the scanned text
 * @param score confidence in [0, 1]
 */
public record SecretMatch(String rule, Span span, double score) {

  public SecretMatch {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(span, "span");
  }
}
