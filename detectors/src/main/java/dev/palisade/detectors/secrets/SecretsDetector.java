package dev.palisade.detectors.secrets;

import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detect.Span;
import dev.palisade.detectors.text.AhoCorasick;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * A detector of credentials and keys: vendor tokens (AWS, GitHub, Stripe, OpenAI, ... — see
 * {@link #ruleIds()}), private keys, JWTs, passwords in connection URLs and a generic
 * {@code name = value} rule for key-like names with random-looking values.
 *
 * <p>Reports {@link EntityType#SECRET} with detector id {@code "secrets"}; {@link #scan} also names
 * the rule that matched. Each rule is tried only where one of its keywords occurs (found for all
 * rules at once by one Aho-Corasick pass), and only on a bounded region around that occurrence, so
 * a scan costs time linear in the text. Documentation stand-ins ({@code YOUR_API_KEY},
 * {@code <token>}, {@code xxxx}, AWS's {@code AKIAIOSFODNN7EXAMPLE}), UUIDs and hashes in
 * commit-like context are not reported. Where one secret matches several rules, the vendor rule
 * wins over the generic one.
 *
 * <h2>Thread safety</h2>
 * Immutable; one instance serves all threads.
 */
public final class SecretsDetector implements Detector {

  /** This detector's id. */
  public static final String ID = "secrets";

  private static final Set<EntityType> TYPES = Set.of(EntityType.SECRET);
  // Longer than any secret of a context rule (40 characters and its boundaries).
  private static final int CONTEXT_SECRET_MAX = 64;

  private final List<SecretRule> rules;
  private final AhoCorasick keywords;
  private final int[] keywordRule;
  private final int maxMatchLength;

  private SecretsDetector(List<SecretRule> rules) {
    this.rules = List.copyOf(rules);
    List<String> words = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    int longest = 0;
    for (int r = 0; r < this.rules.size(); r++) {
      SecretRule rule = this.rules.get(r);
      for (String k : rule.keywords()) {
        words.add(k);
        owner.add(r);
      }
      longest = Math.max(longest, rule.maxLength());
    }
    this.keywords = AhoCorasick.of(words);
    this.keywordRule = owner.stream().mapToInt(Integer::intValue).toArray();
    this.maxMatchLength = longest;
  }

  /** A detector with every rule. */
  public static SecretsDetector create() {
    return new SecretsDetector(SecretRules.ALL);
  }

  /**
   * A detector with only the named rules.
   *
   * @throws IllegalArgumentException if a name is not one of {@link #ruleIds()}
   */
  public static SecretsDetector withRules(Collection<String> ruleIds) {
    Objects.requireNonNull(ruleIds, "ruleIds");
    Set<String> wanted = new LinkedHashSet<>(ruleIds);
    List<SecretRule> chosen = new ArrayList<>();
    for (SecretRule rule : SecretRules.ALL) {
      if (wanted.remove(rule.id())) {
        chosen.add(rule);
      }
    }
    if (!wanted.isEmpty()) {
      throw new IllegalArgumentException("unknown secret rule(s) " + wanted + "; known: " + ruleIds());
    }
    return new SecretsDetector(chosen);
  }

  /** The ids of all rules, in table order. */
  public static List<String> ruleIds() {
    return SecretRules.ALL.stream().map(SecretRule::id).toList();
  }

  /** The vendor (issuer) a rule id stands for, e.g. {@code "GitHub"} for {@code github-pat}. */
  public static String vendorOf(String ruleId) {
    return SecretRules.ALL.stream().filter(r -> r.id().equals(ruleId)).findFirst()
        .map(SecretRule::vendor)
        .orElseThrow(() -> new IllegalArgumentException("unknown secret rule " + ruleId));
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<EntityType> types() {
    return TYPES;
  }

  /**
   * The longest span this detector's patterns match (a PEM private key block; JWTs come next).
   * Every rule except {@code private-key} and {@code jwt} matches within 470 characters, and those
   * two are recognized from their first 110 characters, their span then ending where the buffered
   * text ends; a private key longer than this is extended to its END line (at most 64 K more).
   */
  public int maxMatchLength() {
    return maxMatchLength;
  }

  @Override
  public List<Finding> detect(String text) {
    List<SecretMatch> matches = scan(text);
    List<Finding> out = new ArrayList<>(matches.size());
    for (SecretMatch m : matches) {
      out.add(new Finding(EntityType.SECRET, m.span(), m.score(), ID));
    }
    return out;
  }

  /** Scans {@code text} and returns the secrets found, with the rule that found each, by start. */
  public List<SecretMatch> scan(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return List.of();
    }
    // Keyword hits, as packed (rule, position) pairs, in text order.
    long[][] hits = {new long[16]};
    int[] count = {0};
    keywords.search(text, true, (k, start, end) -> {
      if (count[0] == hits[0].length) {
        hits[0] = Arrays.copyOf(hits[0], count[0] * 2);
      }
      hits[0][count[0]++] = ((long) keywordRule[k] << 32) | start;
    });
    if (count[0] == 0) {
      return List.of();
    }
    long[] sorted = Arrays.copyOf(hits[0], count[0]);
    Arrays.sort(sorted); // by rule, then position
    List<SecretMatch> found = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    Matcher[] matchers = new Matcher[rules.size()];
    int previousRule = -1;
    int tried = -1; // the last start position tried for the current rule
    int[] required = null; // for the current rule: where each required literal next occurs
    for (long packed : sorted) {
      int r = (int) (packed >>> 32);
      int pos = (int) packed;
      SecretRule rule = rules.get(r);
      if (r != previousRule) {
        previousRule = r;
        tried = -1;
        required = new int[rule.requires().size()];
        Arrays.fill(required, -1);
        if (rule.before() == SecretRule.ANYWHERE) {
          findAll(rule, text, found);
          continue;
        }
      } else if (rule.before() == SecretRule.ANYWHERE) {
        continue;
      }
      Matcher m = matchers[r];
      if (m == null) {
        m = matchers[r] = rule.pattern().matcher(text);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
      }
      if (rule.between() != null) {
        // tried: no secret starts between this keyword and that position (a previous search).
        tried = findAfterKeyword(rule, m, text, pos, Math.max(pos, tried), found, seen);
        continue;
      }
      if (rule.generic()) {
        int start = nameStart(text, pos, rule.before());
        if (start > tried) {
          tried = start;
          if (assignmentFollows(text, start)) {
            tryAt(rule, m, text, start, found, seen);
          }
        }
        continue;
      }
      if (!requiredPresent(rule, text, pos, required)) {
        continue;
      }
      // A match contains its keyword and starts at most rule.before() characters before it.
      for (int start = Math.max(tried + 1, pos - rule.before()); start <= pos; start++) {
        tryAt(rule, m, text, start, found, seen);
      }
      tried = Math.max(tried, pos);
    }
    return resolveOverlaps(found);
  }

  /**
   * Whether each literal the rule requires occurs where a match around the keyword at {@code pos}
   * could hold it. {@code next} remembers, per literal, its first occurrence at or after the last
   * search (keyword positions of one rule come in ascending order), so each literal is looked for
   * in a text once per rule.
   */
  private static boolean requiredPresent(SecretRule rule, String text, int pos, int[] next) {
    int from = Math.max(0, pos - rule.before());
    for (int i = 0; i < next.length; i++) {
      String literal = rule.requires().get(i);
      if (next[i] < from) {
        int at = text.indexOf(literal, from);
        next[i] = at < 0 ? text.length() : at;
      }
      if (next[i] > pos + rule.maxLength() - literal.length()) {
        return false;
      }
    }
    return true;
  }

  /**
   * What the generic pattern needs after the name at {@code start} (a run of at most 60 name
   * characters, an optional quote, up to three white-space characters): an assignment operator.
   * A cheap test that spares the pattern the many keywords in prose ("the key", "a token").
   */
  private static boolean assignmentFollows(String text, int start) {
    int n = text.length();
    int i = start;
    while (i < n && i - start < 60 && isNameChar(text.charAt(i))) {
      i++;
    }
    if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
      i++;
    }
    for (int spaces = 0; i < n && spaces < 3 && Character.isWhitespace(text.charAt(i)); spaces++) {
      i++;
    }
    if (i >= n) {
      return false;
    }
    char c = text.charAt(i);
    return c == '=' || c == ':' || text.startsWith("value=", i);
  }

  // The start of the identifier around a keyword of the generic rule: name characters to the left.
  private static int nameStart(String text, int pos, int limit) {
    int start = pos;
    while (start > 0 && pos - start < limit && isNameChar(text.charAt(start - 1))) {
      start--;
    }
    return start;
  }

  private static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
        || c == '.' || c == '-';
  }

  private static void tryAt(SecretRule rule, Matcher m, String text, int start, List<SecretMatch> out,
      Set<Long> seen) {
    m.region(start, Math.min(text.length(), start + rule.maxLength()));
    if (m.lookingAt()) {
      add(rule, m, text, out, seen);
    }
  }

  // Context rule: the secret within maxLength of the keyword, the text between fitting the rule.
  // Returns a position before which no secret starts, so that the next keyword's search (whose
  // region overlaps this one) can begin there.
  private static int findAfterKeyword(SecretRule rule, Matcher m, String text, int pos, int from,
      List<SecretMatch> out, Set<Long> seen) {
    int end = Math.min(text.length(), pos + rule.maxLength());
    if (from >= end) {
      return from;
    }
    m.region(from, end);
    boolean candidate = false;
    while (m.find()) {
      candidate = true;
      if (rule.between().matcher(text.subSequence(pos, m.start())).find()) {
        add(rule, m, text, out, seen);
      }
    }
    // A secret cut off by this region's end may still start near it.
    return candidate ? pos : Math.max(from, end - CONTEXT_SECRET_MAX);
  }

  private static void findAll(SecretRule rule, String text, List<SecretMatch> out) {
    Matcher m = rule.pattern().matcher(text);
    Set<Long> seen = new HashSet<>();
    while (m.find()) {
      add(rule, m, text, out, seen);
    }
  }

  private static void add(SecretRule rule, Matcher m, String text, List<SecretMatch> out,
      Set<Long> seen) {
    boolean group = rule.hasSecretGroup();
    int start = group ? m.start("s") : m.start();
    int end = group ? m.end("s") : m.end();
    if (rule.id().equals("private-key")) {
      end = pemEnd(text, end);
    }
    if (seen.add(((long) start << 32) | end) && accept(rule, text, m, start, end)) {
      out.add(new SecretMatch(rule.id(), new Span(start, end), rule.score()));
    }
  }

  /**
   * Where a private-key block that the bounded pattern cut short really ends: the rest of its
   * body and its END line (RSA keys of 8192 bits and PGP key blocks are longer than the bound).
   * One forward pass of at most {@link #PEM_MAX} characters.
   */
  static int pemEnd(String text, int end) {
    if (end >= 5 && text.startsWith("-----", end - 5)) {
      return end; // the pattern reached the END line
    }
    int limit = Math.min(text.length(), end + PEM_MAX);
    int i = end;
    while (i < limit && !text.startsWith("-----", i) && isPemBody(text.charAt(i))) {
      i++;
    }
    if (text.startsWith("-----END", i)) {
      int close = text.indexOf("-----", i + 8);
      if (close >= 0 && close - i <= 48) {
        return close + 5;
      }
    }
    return i;
  }

  private static final int PEM_MAX = 64 * 1024;

  private static boolean isPemBody(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
        || c == '=' || c == ':' || c == ',' || c == '-' || Character.isWhitespace(c);
  }

  private static boolean accept(SecretRule rule, String text, Matcher m, int start, int end) {
    if (rule.generic()) {
      return Candidates.acceptAssignment(text, m.group("name"), m.group("q"), start, end,
          rule.minEntropy());
    }
    String value = text.substring(start, end);
    if (rule.minEntropy() > 0 && Entropy.shannon(checkedPart(rule, value)) < rule.minEntropy()) {
      return false;
    }
    if (rule.id().equals("database-url-password") || rule.id().equals("url-credentials")) {
      return !Candidates.isPasswordPlaceholder(value);
    }
    if (rule.id().equals("private-key")) {
      return !Candidates.hasPlaceholderMarker(value); // real key bodies have runs like AAAAAAAA
    }
    return !Candidates.isPlaceholder(value);
  }

  // A PEM block's randomness is in its body, not in the armour lines around it.
  private static String checkedPart(SecretRule rule, String value) {
    if (!rule.id().equals("private-key")) {
      return value;
    }
    int bodyStart = value.indexOf("-----", 5) + 5;
    int footer = value.indexOf("-----END", bodyStart);
    return value.substring(bodyStart, footer < 0 ? value.length() : footer).strip();
  }

  // Vendor rules before the generic one, then surer, then longer; a match overlapping one already
  // kept is dropped.
  private static List<SecretMatch> resolveOverlaps(List<SecretMatch> found) {
    if (found.size() <= 1) {
      return found;
    }
    List<SecretMatch> byPriority = new ArrayList<>(found);
    byPriority.sort(Comparator.comparing((SecretMatch s) -> s.rule().equals("generic-secret"))
        .thenComparing(Comparator.comparingDouble(SecretMatch::score).reversed())
        .thenComparing(Comparator.comparingInt((SecretMatch s) -> s.span().length()).reversed())
        .thenComparing(SecretMatch::span));
    // Kept spans do not overlap each other, so by start they are also ordered by end.
    TreeMap<Integer, SecretMatch> kept = new TreeMap<>();
    for (SecretMatch s : byPriority) {
      var before = kept.floorEntry(s.span().start());
      var after = kept.ceilingEntry(s.span().start());
      if ((before == null || !before.getValue().span().overlaps(s.span()))
          && (after == null || !after.getValue().span().overlaps(s.span()))) {
        kept.put(s.span().start(), s);
      }
    }
    return new ArrayList<>(kept.values());
  }

  @Override
  public String toString() {
    return "SecretsDetector[" + rules.size() + " rules]";
  }
}
