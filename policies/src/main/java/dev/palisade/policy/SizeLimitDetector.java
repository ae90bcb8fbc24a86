package dev.palisade.policy;

import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.List;
import java.util.Set;

/**
 * Reports text longer than a limit (OWASP LLM10, unbounded consumption): one finding covering
 * everything past the limit, with score 1.
 *
 * <p>Options: {@code maxChars} (default 32,000). Thread-safe and constant time.
 */
final class SizeLimitDetector implements Detector {

  static final EntityType INPUT_TOO_LARGE = EntityType.of("INPUT_TOO_LARGE", EntityType.Category.CONTENT);

  private final int maxChars;

  SizeLimitDetector(int maxChars) {
    this.maxChars = maxChars;
  }

  static SizeLimitDetector create(DetectorOptions options) {
    return new SizeLimitDetector((int) options.integer("maxChars", 32_000, 1, 100_000_000));
  }

  @Override
  public String id() {
    return "input-size";
  }

  @Override
  public Set<EntityType> types() {
    return Set.of(INPUT_TOO_LARGE);
  }

  @Override
  public List<Finding> detect(String text) {
    return text.length() <= maxChars
        ? List.of()
        : List.of(Finding.of(INPUT_TOO_LARGE, maxChars, text.length(), 1.0, id()));
  }

  @Override
  public String toString() {
    return "SizeLimitDetector{maxChars=" + maxChars + "}";
  }
}
