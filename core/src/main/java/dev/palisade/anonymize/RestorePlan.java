package dev.palisade.anonymize;

import com.google.common.cache.Cache;
import java.util.ArrayList;
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
 * How to find a conversation's tokens in a model's answer: a regular expression for the
 * placeholders ({@code <PERSON_1>} and the variants models write), and an index by first
 * character of the literal tokens (surrogates, pseudonyms, FF1 values, ciphertexts).
 *
 * <p>Placeholder variants matched, case-insensitively: {@code <PERSON_1>}, {@code PERSON_1},
 * {@code <person_1>}, {@code PERSON _1}, {@code PERSON_ 1}, {@code < PERSON_1 >}, and for
 * multi-word types a space for the inner underscore ({@code EMAIL ADDRESS_1}). A token is only
 * matched as a whole word: not inside {@code XPERSON_1} or {@code PERSON_12}. Literal tokens match
 * exactly (case included), and not inside a longer word.
 *
 * <p>At each position a placeholder is tried first, then the literals, longest first; the text is
 * scanned left to right and a match resumes the scan after its end.
 */
final class RestorePlan {

  /** A token as {@code replace} makes it. */
  static final Pattern PLACEHOLDER = Pattern.compile("<([A-Z][A-Z0-9_]*)_(\\d{1,6})>");
  private static final int PLACEHOLDER_SLACK = 13; // "< " + " _ " + 6 digits + " >" around the type
  static final RestorePlan EMPTY = new RestorePlan(Set.of(), null, 0, 0, Map.of());

  /** A literal token and whether it must start and end at a word boundary. */
  private record Literal(String text, boolean wordStart, boolean wordEnd) {}

  private final Set<String> tokens;
  private final Pattern placeholder; // null when the scope has no placeholders
  private final int window;
  /** Most characters from a placeholder match's start to its last underscore. */
  private final int maxPrefix;
  /** Literal tokens by first character, longest first. */
  private final Map<Character, Literal[]> literals;

  private RestorePlan(Set<String> tokens, Pattern placeholder, int window, int maxPrefix,
      Map<Character, Literal[]> literals) {
    this.tokens = tokens;
    this.placeholder = placeholder;
    this.window = window;
    this.maxPrefix = maxPrefix;
    this.literals = literals;
  }

  static RestorePlan of(Set<String> tokens, Cache<String, Pattern> cache) {
    if (tokens.isEmpty()) {
      return EMPTY;
    }
    TreeSet<String> types = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
        .thenComparing(Comparator.naturalOrder()));
    Map<Character, List<Literal>> byFirst = new HashMap<>();
    int longest = 0;
    for (String token : tokens) {
      Matcher m = PLACEHOLDER.matcher(token);
      if (m.matches()) {
        types.add(m.group(1));
      } else {
        byFirst.computeIfAbsent(token.charAt(0), k -> new ArrayList<>()).add(new Literal(token,
            Character.isLetterOrDigit(token.charAt(0)), Character.isLetterOrDigit(token.charAt(token.length() - 1))));
        longest = Math.max(longest, token.length());
      }
    }
    Map<Character, Literal[]> literals = new HashMap<>();
    byFirst.forEach((c, list) -> {
      list.sort(Comparator.comparingInt((Literal l) -> l.text().length()).reversed()
          .thenComparing(Literal::text));
      literals.put(c, list.toArray(new Literal[0]));
    });
    Pattern pattern = null;
    int maxPrefix = -1;
    if (!types.isEmpty()) {
      StringBuilder re = new StringBuilder("(?<![A-Za-z0-9_])(?:< ?)?(?<t>(?i:");
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
      String regex = re.toString();
      try {
        pattern = cache.get(regex, () -> Pattern.compile(regex));
      } catch (ExecutionException e) {
        throw new IllegalStateException("cannot compile the restore pattern", e.getCause());
      }
    }
    // A match attempt reads at most its length plus one character of look-ahead.
    return new RestorePlan(Set.copyOf(tokens), pattern, longest + 2, maxPrefix, Map.copyOf(literals));
  }

  /** The tokens this plan finds. */
  Set<String> tokens() {
    return tokens;
  }

  boolean isEmpty() {
    return tokens.isEmpty();
  }

  /** The most characters a streaming restore holds back. */
  int window() {
    return window;
  }

  /**
   * Appends to {@code out} the restored text of {@code buf[from, to)} that no later input can
   * change, and returns where that part ends ({@code to} must be the end of {@code buf}). With
   * {@code end}, all of it is final. {@code buf[0, from)} is context only (for word boundaries).
   */
  int release(CharSequence buf, int from, int to, boolean end, StringBuilder out,
      Function<String, Optional<String>> lookup) {
    if (isEmpty()) {
      out.append(buf, from, to);
      return to;
    }
    Matcher m = placeholder == null ? null : placeholder.matcher(buf);
    if (m != null) {
      m.useTransparentBounds(true);
      m.useAnchoringBounds(false);
    }
    int p = end ? to : holdFrom(m, buf, from, to);
    int cursor = from;
    Map<String, String> memo = new HashMap<>();
    // Placeholders are only tried shortly before a "_<digit>", literals only at their first character.
    int anchor = -1;
    for (int s = from; s < p; ) {
      String token = null;
      int matchEnd = -1;
      if (m != null) {
        if (anchor < s) {
          anchor = nextAnchor(buf, s, to);
        }
        if (anchor - s <= maxPrefix) {
          m.region(s, to);
          if (m.lookingAt()) {
            matchEnd = m.end();
            token = "<" + m.group("t").toUpperCase(Locale.ROOT).replace(' ', '_') + "_"
                + Integer.parseInt(m.group("n")) + ">";
          }
        }
      }
      if (token == null) {
        Literal lit = literalAt(buf, s);
        if (lit != null) {
          token = lit.text();
          matchEnd = s + token.length();
        }
      }
      if (token == null) {
        s++;
        continue;
      }
      if (matchEnd > p) {
        p = s; // never cut through a match: hold it back whole
        break;
      }
      out.append(buf, cursor, s);
      String original = memo.computeIfAbsent(token, k -> lookup.apply(k).orElse(null));
      if (original != null) {
        out.append(original);
      } else {
        out.append(buf, s, matchEnd);
      }
      cursor = s = matchEnd;
    }
    out.append(buf, cursor, p);
    return p;
  }

  /** The longest literal token that matches at {@code s}, as a whole word where it must. */
  private Literal literalAt(CharSequence buf, int s) {
    Literal[] candidates = literals.get(buf.charAt(s));
    if (candidates == null) {
      return null;
    }
    int len = buf.length();
    for (Literal lit : candidates) {
      String t = lit.text();
      if (s + t.length() > len || (lit.wordStart() && s > 0 && isWordChar(buf.charAt(s - 1)))) {
        continue;
      }
      if (lit.wordEnd() && s + t.length() < len && isWordChar(buf.charAt(s + t.length()))) {
        continue;
      }
      if (regionEquals(buf, s, t)) {
        return lit;
      }
    }
    return null;
  }

  /**
   * True when more input could still make a literal match at {@code s}: the rest of the buffer is
   * a proper prefix of a literal, or a whole literal whose end boundary is not yet known.
   */
  private boolean literalMayStartAt(CharSequence buf, int s) {
    Literal[] candidates = literals.get(buf.charAt(s));
    if (candidates == null) {
      return false;
    }
    int rest = buf.length() - s;
    for (Literal lit : candidates) {
      String t = lit.text();
      if (lit.wordStart() && s > 0 && isWordChar(buf.charAt(s - 1))) {
        continue;
      }
      if (rest < t.length() ? startsWith(t, buf, s, rest) : rest == t.length() && lit.wordEnd() && regionEquals(buf, s, t)) {
        return true;
      }
    }
    return false;
  }

  /** The first position in the last {@code window} characters where a token could be starting. */
  private int holdFrom(Matcher m, CharSequence buf, int from, int to) {
    for (int p = Math.max(from, to - window); p < to; p++) {
      if (m != null) {
        m.region(p, to);
        m.lookingAt();
        if (m.hitEnd()) {
          return p;
        }
      }
      if (literalMayStartAt(buf, p)) {
        return p;
      }
    }
    return to;
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

  private static boolean isWordChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean regionEquals(CharSequence buf, int s, String t) {
    for (int i = 0; i < t.length(); i++) {
      if (buf.charAt(s + i) != t.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(String t, CharSequence buf, int s, int n) {
    for (int i = 0; i < n; i++) {
      if (buf.charAt(s + i) != t.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
