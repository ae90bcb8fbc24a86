package dev.palisade.detectors.secrets;

import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detect.Span;
import dev.palisade.detectors.content.AhoCorasick;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
   * The longest span this detector can report (a PEM private key block; JWTs come next): a
   * streaming hold-back window of this many characters keeps every match whole. Every rule except
   * {@code private-key} and {@code jwt} matches within 470 characters, and those two are
   * recognized from their first 110 characters, their span then ending where the buffered text ends.
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
    int n = text.length();
    int[][] regions = new int[rules.size()][];
    int[] regionCount = new int[rules.size()];
    boolean[] anywhere = new boolean[rules.size()];
    keywords.search(text, true, (k, start, end) -> {
      int r = keywordRule[k];
      SecretRule rule = rules.get(r);
      if (rule.before() == SecretRule.ANYWHERE) {
        anywhere[r] = true;
        return;
      }
      int from = Math.max(0, start - rule.before());
      int to = Math.min(n, start + rule.maxLength());
      int[] list = regions[r];
      int c = regionCount[r];
      if (list == null) {
        list = regions[r] = new int[8];
      } else if (c > 0 && from <= list[c - 1] && from >= list[c - 2]) {
        list[c - 1] = Math.max(list[c - 1], to); // overlaps the previous region: extend it
        return;
      } else if (c == list.length) {
        list = regions[r] = Arrays.copyOf(list, c * 2);
      }
      list[c] = from;
      list[c + 1] = to;
      regionCount[r] = c + 2;
    });
    List<SecretMatch> found = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      if (anywhere[r]) {
        match(rules.get(r), text, 0, n, found);
      } else if (regions[r] != null) {
        int[] list = mergeRegions(regions[r], regionCount[r]);
        for (int i = 0; i < list.length; i += 2) {
          match(rules.get(r), text, list[i], list[i + 1], found);
        }
      }
    }
    return resolveOverlaps(found);
  }

  private static int[] mergeRegions(int[] list, int count) {
    if (count <= 2) {
      return Arrays.copyOf(list, count);
    }
    long[] packed = new long[count / 2];
    for (int i = 0; i < count; i += 2) {
      packed[i / 2] = ((long) list[i] << 32) | list[i + 1];
    }
    Arrays.sort(packed);
    int[] merged = new int[count];
    int m = 0;
    for (long p : packed) {
      int from = (int) (p >>> 32);
      int to = (int) p;
      if (m > 0 && from <= merged[m - 1]) {
        merged[m - 1] = Math.max(merged[m - 1], to);
      } else {
        merged[m++] = from;
        merged[m++] = to;
      }
    }
    return Arrays.copyOf(merged, m);
  }

  private static void match(SecretRule rule, String text, int from, int to, List<SecretMatch> out) {
    Matcher m = rule.pattern().matcher(text);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    m.region(from, to);
    boolean group = rule.hasSecretGroup();
    while (m.find()) {
      int start = group ? m.start("s") : m.start();
      int end = group ? m.end("s") : m.end();
      if (accept(rule, text, m, start, end)) {
        out.add(new SecretMatch(rule.id(), new Span(start, end), rule.score()));
      }
    }
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
    List<SecretMatch> kept = new ArrayList<>();
    for (SecretMatch s : byPriority) {
      if (kept.stream().noneMatch(k -> k.span().overlaps(s.span()))) {
        kept.add(s);
      }
    }
    kept.sort(Comparator.comparing(SecretMatch::span));
    return kept;
  }

  @Override
  public String toString() {
    return "SecretsDetector[" + rules.size() + " rules]";
  }
}
