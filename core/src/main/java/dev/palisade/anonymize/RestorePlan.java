package dev.palisade.anonymize;

import com.google.common.cache.Cache;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to find a conversation's tokens in a model's answer: one regular expression for the
 * placeholders ({@code <PERSON_1>} and the variants models write) and the literal tokens
 * (surrogates, pseudonyms, FF1 values, ciphertexts).
 *
 * <p>Placeholder variants matched, case-insensitively: {@code <PERSON_1>}, {@code PERSON_1},
 * {@code <person_1>}, {@code PERSON _1}, {@code PERSON_ 1}, {@code < PERSON_1 >}, and for
 * multi-word types a space for the inner underscore ({@code EMAIL ADDRESS_1}). A token is only
 * matched as a whole word: not inside {@code XPERSON_1} or {@code PERSON_12}.
 */
final class RestorePlan {

  /** A token as {@code replace} makes it. */
  static final Pattern PLACEHOLDER = Pattern.compile("<([A-Z][A-Z0-9_]*)_(\\d{1,6})>");
  private static final int PLACEHOLDER_SLACK = 13; // "< " + " _ " + 6 digits + " >" around the type
  static final RestorePlan EMPTY = new RestorePlan(Set.of(), null, false, 0, 0, new BitSet());

  private final Set<String> tokens;
  private final Pattern pattern;
  private final boolean placeholders;
  private final int window;
  /** Most characters from a placeholder match's start to its last underscore. */
  private final int maxPrefix;
  /** First characters of the literal tokens. */
  private final BitSet literalFirst;

  private RestorePlan(Set<String> tokens, Pattern pattern, boolean placeholders, int window, int maxPrefix,
      BitSet literalFirst) {
    this.tokens = tokens;
    this.pattern = pattern;
    this.placeholders = placeholders;
    this.window = window;
    this.maxPrefix = maxPrefix;
    this.literalFirst = literalFirst;
  }

  static RestorePlan of(Set<String> tokens, Cache<String, Pattern> cache) {
    if (tokens.isEmpty()) {
      return EMPTY;
    }
    TreeSet<String> types = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
        .thenComparing(Comparator.naturalOrder()));
    List<String> literals = new ArrayList<>();
    for (String token : tokens) {
      Matcher m = PLACEHOLDER.matcher(token);
      if (m.matches()) {
        types.add(m.group(1));
      } else {
        literals.add(token);
      }
    }
    // Longest first, so a literal that is a prefix of another never shadows it.
    literals.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    int longest = 0;
    int maxPrefix = -1;
    BitSet literalFirst = new BitSet();
    StringBuilder re = new StringBuilder();
    if (!types.isEmpty()) {
      re.append("(?<![A-Za-z0-9_])(?:< ?)?(?<t>(?i:");
      boolean first = true;
      for (String type : types) {
        re.append(first ? "" : "|");
        first = false;
        String[] words = type.split("_");
        for (int i = 0; i < words.length; i++) {
          re.append(i == 0 ? "" : "[_ ]").append(Pattern.quote(words[i]));
        }
        longest = Math.max(longest, type.length() + PLACEHOLDER_SLACK);
        maxPrefix = Math.max(maxPrefix, type.length() + 3);
      }
      re.append(")) ?_ ?(?<n>\\d{1,6})(?: ?>)?(?![A-Za-z0-9_])");
    }
    if (!literals.isEmpty()) {
      re.append(re.length() == 0 ? "" : "|").append("(?<lit>");
      boolean first = true;
      for (String lit : literals) {
        re.append(first ? "" : "|");
        first = false;
        boolean wordStart = Character.isLetterOrDigit(lit.charAt(0));
        boolean wordEnd = Character.isLetterOrDigit(lit.charAt(lit.length() - 1));
        re.append(wordStart ? "(?<![A-Za-z0-9])" : "").append(Pattern.quote(lit))
            .append(wordEnd ? "(?![A-Za-z0-9])" : "");
        longest = Math.max(longest, lit.length());
        literalFirst.set(lit.charAt(0));
      }
      re.append(")");
    }
    String regex = re.toString();
    Pattern pattern;
    try {
      pattern = cache.get(regex, () -> Pattern.compile(regex));
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot compile the restore pattern", e.getCause());
    }
    // A match attempt reads at most its length plus one character of look-ahead.
    return new RestorePlan(Set.copyOf(tokens), pattern, !types.isEmpty(), longest + 2, maxPrefix, literalFirst);
  }

  /** The tokens this plan finds. */
  Set<String> tokens() {
    return tokens;
  }

  boolean isEmpty() {
    return pattern == null;
  }

  /** The most characters a streaming restore holds back. */
  int window() {
    return window;
  }

  /**
   * Appends to {@code out} the restored text of {@code buf[from, to)} that no later input can
   * change, and returns where that part ends. With {@code end}, all of it is final.
   * {@code buf[0, from)} is context only (for word boundaries).
   */
  int release(CharSequence buf, int from, int to, boolean end, StringBuilder out,
      Function<String, Optional<String>> lookup) {
    if (pattern == null) {
      out.append(buf, from, to);
      return to;
    }
    Matcher m = pattern.matcher(buf);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    int p = end ? to : holdFrom(m, from, to);
    int cursor = from;
    Map<String, String> memo = new HashMap<>();
    // Equivalent to find() from 'from', but the matcher is only tried where a match can start:
    // at a literal's first character, or shortly before a placeholder's "_<digit>".
    int anchor = -1;
    for (int s = from; s < p; ) {
      if (placeholders && anchor < s) {
        anchor = nextAnchor(buf, s, to);
      }
      boolean candidate = literalFirst.get(buf.charAt(s)) || (placeholders && anchor - s <= maxPrefix);
      if (!candidate) {
        s++;
        continue;
      }
      m.region(s, to);
      if (!m.lookingAt()) {
        s++;
        continue;
      }
      if (m.end() > p) {
        p = s; // never cut through a match: hold it back whole
        break;
      }
      out.append(buf, cursor, s);
      String type = placeholders ? m.group("t") : null;
      String token = type != null
          ? "<" + type.toUpperCase(Locale.ROOT).replace(' ', '_') + "_" + Integer.parseInt(m.group("n")) + ">"
          : m.group("lit");
      String original = memo.computeIfAbsent(token, k -> lookup.apply(k).orElse(null));
      out.append(original != null ? original : m.group());
      cursor = s = m.end();
    }
    out.append(buf, cursor, p);
    return p;
  }

  /** The next '_' at or after {@code from} followed by a digit, or by a space and a digit. */
  private static int nextAnchor(CharSequence buf, int from, int to) {
    for (int i = from; i < to - 1; i++) {
      if (buf.charAt(i) == '_') {
        char c = buf.charAt(i + 1);
        if ((c >= '0' && c <= '9')
            || (c == ' ' && i + 2 < to && buf.charAt(i + 2) >= '0' && buf.charAt(i + 2) <= '9')) {
          return i;
        }
      }
    }
    return Integer.MAX_VALUE;
  }

  /** The first position in the last {@code window} characters where a token could be starting. */
  private int holdFrom(Matcher m, int from, int to) {
    for (int p = Math.max(from, to - window); p < to; p++) {
      m.region(p, to);
      m.lookingAt();
      if (m.hitEnd()) {
        return p;
      }
    }
    return to;
  }
}
