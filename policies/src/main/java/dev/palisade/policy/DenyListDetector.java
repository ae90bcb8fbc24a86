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

/**
 * Reports listed terms as whole words, ignoring case: a policy's deny list.
 *
 * <p>Options: {@code terms} (required), {@code type} (the entity type reported, default
 * BANNED_CONTENT). The terms are compiled into one alternation of quoted literals, so matching is
 * linear in the text. Thread-safe; {@code toString} does not print the terms.
 */
final class DenyListDetector implements Detector {

  private final Pattern pattern;
  private final EntityType type;
  private final int count;

  DenyListDetector(List<String> terms, EntityType type) {
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("options.terms must list at least one term");
    }
    List<String> sorted = new ArrayList<>();
    for (String t : terms) {
      if (t.isBlank()) {
        throw new IllegalArgumentException("options.terms must not contain blank terms");
      }
      sorted.add(t.strip());
    }
    // Longest first, so that "new york city" wins over "new york".
    sorted.sort((a, b) -> b.length() - a.length());
    StringBuilder re = new StringBuilder("(?<![\\p{L}\\p{N}_])(?:");
    for (int i = 0; i < sorted.size(); i++) {
      re.append(i == 0 ? "" : "|").append(Pattern.quote(sorted.get(i).toLowerCase(Locale.ROOT)));
    }
    re.append(")(?![\\p{L}\\p{N}_])");
    this.pattern = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    this.type = type;
    this.count = sorted.size();
  }

  static DenyListDetector create(DetectorOptions options) {
    String typeName = options.string("type", EntityType.BANNED_CONTENT.name());
    if (!typeName.matches("[A-Z][A-Z0-9_]{0,63}")) {
      throw new IllegalArgumentException("options.type must be an entity type name like BANNED_CONTENT");
    }
    return new DenyListDetector(options.strings("terms"), EntityType.of(typeName, EntityType.Category.CONTENT));
  }

  @Override
  public String id() {
    return "deny-list";
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
      out.add(Finding.of(type, m.start(), m.end(), 1.0, id()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "DenyListDetector{terms=" + count + ", type=" + type + "}";
  }
}
