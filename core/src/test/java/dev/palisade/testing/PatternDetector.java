package dev.palisade.testing;

import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A detector for tests: every match of a regular expression is a finding of one type. */
public final class PatternDetector implements Detector {

  private final String id;
  private final EntityType type;
  private final Pattern pattern;
  private final double score;

  public PatternDetector(String id, EntityType type, String regex, double score) {
    this.id = id;
    this.type = type;
    this.pattern = Pattern.compile(regex);
    this.score = score;
  }

  /** E-mail addresses, simply. */
  public static PatternDetector email() {
    return new PatternDetector("test-email", EntityType.EMAIL_ADDRESS, "[\\w.+-]+@[\\w-]+\\.[\\w.]+", 0.95);
  }

  /** "ignore previous instructions" and the like. */
  public static PatternDetector injection() {
    return new PatternDetector("test-injection", EntityType.PROMPT_INJECTION,
        "(?i)ignore (all )?(previous|prior) instructions", 0.97);
  }

  /** Strings shaped like AWS access key ids. */
  public static PatternDetector secret() {
    return new PatternDetector("test-secret", EntityType.SECRET, "AKIA[0-9A-Z]{16}", 0.99);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<EntityType> types() {
    return Set.of(type);
  }

  @Override
  public List<Finding> detect(String text) {
    List<Finding> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(Finding.of(type, m.start(), m.end(), score, id));
    }
    return out;
  }
}
