package dev.palisade.policy;

import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reports matches of a regular expression from the policy as one entity type: for identifiers
 * that are specific to a deployment (medical record numbers, member ids, internal account
 * numbers).
 *
 * <p>Options: {@code pattern} (required, at most 500 characters), {@code type} (required entity
 * type name), {@code score} (default 0.8), {@code context} (words; if given, a match scores only
 * {@code score} when one of them occurs within 40 characters before it, else half of it).
 * Give the rule a {@code timeout}: a policy author's expression can backtrack. Thread-safe;
 * {@code toString} omits the pattern.
 */
final class RegexDetector implements Detector {

  private static final int CONTEXT_WINDOW = 40;

  private final Pattern pattern;
  private final EntityType type;
  private final double score;
  private final List<String> context;

  private RegexDetector(Pattern pattern, EntityType type, double score, List<String> context) {
    this.pattern = pattern;
    this.type = type;
    this.score = score;
    this.context = context;
  }

  static RegexDetector create(DetectorOptions options) {
    String regex = options.string("pattern", null);
    if (regex == null || regex.isEmpty() || regex.length() > 500) {
      throw new IllegalArgumentException("options.pattern must be a regular expression of 1 to 500 characters");
    }
    String typeName = options.string("type", null);
    if (typeName == null || !typeName.matches("[A-Z][A-Z0-9_]{0,63}")) {
      throw new IllegalArgumentException("options.type must be an entity type name like MEDICAL_RECORD_NUMBER");
    }
    Pattern p;
    try {
      p = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("options.pattern is not a valid regular expression: " + e.getDescription());
    }
    List<String> context = new ArrayList<>();
    for (String w : options.strings("context")) {
      context.add(w.toLowerCase(Locale.ROOT));
    }
    EntityType type = EntityType.of(typeName);
    return new RegexDetector(p, type, options.decimal("score", 0.8, 0.0, 1.0), List.copyOf(context));
  }

  @Override
  public String id() {
    return "regex";
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
      if (m.end() == m.start()) {
        continue;
      }
      out.add(Finding.of(type, m.start(), m.end(), hasContext(text, m.start()) ? score : score / 2, id()));
    }
    return out;
  }

  private boolean hasContext(String text, int start) {
    if (context.isEmpty()) {
      return true;
    }
    String before = text.substring(Math.max(0, start - CONTEXT_WINDOW), start).toLowerCase(Locale.ROOT);
    for (String w : context) {
      if (before.contains(w)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "RegexDetector{type=" + type + "}";
  }
}
