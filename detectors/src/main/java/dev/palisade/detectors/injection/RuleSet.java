package dev.palisade.detectors.injection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rule layer: families of phrase patterns in several languages, matched against folded text.
 *
 * <p>Rules live in {@code rules.txt} next to this class. Each rule names anchors, plain substrings
 * of which at least one must occur for the rule's regex to run; a single {@code indexOf} pass over
 * the distinct anchors selects the few rules worth running, which keeps benign text cheap.
 *
 * <h2>Linear time</h2>
 * Every regex is built from literals, alternations and bounded quantifiers ({@code {0,60}}) with no
 * nested unbounded repetition, so one match attempt is bounded by a constant and a full scan is
 * linear in the text. {@code RuleSetTest} checks the worst cases stay fast.
 *
 * <h2>Thread safety</h2>
 * Immutable after construction.
 */
final class RuleSet {

  /** A compiled rule. {@code toString} shows the family and language, never text. */
  record Rule(int index, String family, String lang, double weight, Pattern pattern) {
    @Override
    public String toString() {
      return "Rule[" + index + ", " + family + ", " + lang + ", " + weight + "]";
    }
  }

  /** One rule match in folded-text indices. */
  record Hit(Rule rule, int start, int end) {}

  static final String SEP = "[^\\p{L}\\p{N}]{1,4}";
  static final String GAP = "[^.!?\\n\\u3002\\uff01\\uff1f]{0,60}?";

  private static final RuleSet DEFAULT = load();

  private final List<Rule> rules;
  private final String[] anchors;
  /** For each anchor, the indexes of the rules it enables. */
  private final int[][] anchorRules;

  private RuleSet(List<Rule> rules, Map<String, List<Integer>> anchorMap) {
    this.rules = List.copyOf(rules);
    this.anchors = anchorMap.keySet().toArray(new String[0]);
    this.anchorRules = new int[anchors.length][];
    for (int i = 0; i < anchors.length; i++) {
      anchorRules[i] = anchorMap.get(anchors[i]).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  static RuleSet defaults() {
    return DEFAULT;
  }

  List<Rule> rules() {
    return rules;
  }

  /** All rule hits in {@code folded}, at most {@code maxPerRule} per rule. */
  List<Hit> match(String folded, int maxPerRule) {
    boolean[] enabled = new boolean[rules.size()];
    for (int a = 0; a < anchors.length; a++) {
      if (folded.contains(anchors[a])) {
        for (int r : anchorRules[a]) {
          enabled[r] = true;
        }
      }
    }
    List<Hit> hits = new ArrayList<>();
    for (int r = 0; r < enabled.length; r++) {
      if (!enabled[r]) {
        continue;
      }
      Rule rule = rules.get(r);
      Matcher m = rule.pattern().matcher(folded);
      int n = 0;
      while (n < maxPerRule && m.find()) {
        if (m.end() > m.start()) {
          hits.add(new Hit(rule, m.start(), m.end()));
          n++;
        }
      }
    }
    return hits;
  }

  private static RuleSet load() {
    try (InputStream in = RuleSet.class.getResourceAsStream("rules.txt")) {
      if (in == null) {
        throw new IllegalStateException("rules.txt is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return parse(reader.lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rules.txt", e);
    }
  }

  static RuleSet parse(List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    Map<String, List<Integer>> anchorMap = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : lines) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" \\| ", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException("rules.txt:" + lineNo + ": expected 'family lang weight | anchors | regex'");
      }
      String[] head = parts[0].trim().split(" ");
      if (head.length != 3) {
        throw new IllegalArgumentException("rules.txt:" + lineNo + ": expected 'family lang weight'");
      }
      Pattern pattern;
      try {
        pattern = Pattern.compile(expand(Normalizer.foldPatternLiteral(parts[2].trim())));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("rules.txt:" + lineNo + ": bad regex: " + e.getDescription(), e);
      }
      Rule rule = new Rule(rules.size(), head[0], head[1], Double.parseDouble(head[2]), pattern);
      rules.add(rule);
      Arrays.stream(parts[1].split(","))
          .map(String::trim)
          .filter(a -> !a.isEmpty())
          .map(Normalizer::foldPatternLiteral)
          .distinct()
          .forEach(a -> anchorMap.computeIfAbsent(a, k -> new ArrayList<>()).add(rule.index()));
    }
    return new RuleSet(rules, anchorMap);
  }

  /** Expands the two macros: a space outside a character class is a separator, {@code ~} a gap. */
  static String expand(String regex) {
    StringBuilder sb = new StringBuilder(regex.length() * 2);
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        sb.append(c).append(regex.charAt(++i));
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        sb.append(c);
      } else if (c == '[') {
        inClass = true;
        sb.append(c);
      } else if (c == ' ') {
        sb.append(SEP);
      } else if (c == '~') {
        sb.append(GAP);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
