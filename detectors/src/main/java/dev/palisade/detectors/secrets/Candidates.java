package dev.palisade.detectors.secrets;

import java.util.Locale;
import java.util.regex.Pattern;

/** The false-positive filters: placeholders, example keys, UUIDs, hashes and code references. */
final class Candidates {

  private Candidates() {}

  // Documentation values: YOUR_API_KEY, <token>, ${VAR}, xxxx, AKIAIOSFODNN7EXAMPLE, ...
  private static final String[] PLACEHOLDER_MARKERS = {
    "example", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "<", ">", "${", "{{", "%(",
    "xxxx", "****", "...", "placeholder", "dummy", "changeme", "change_me", "change-me", "redacted",
    "replace_me", "replaceme", "replace-me", "insert_", "insert-", "notreal", "not_real", "not-real",
    "fake_", "fake-", "sample", "foobar", "lorem"
  };

  private static final java.util.Set<String> PASSWORD_PLACEHOLDERS = java.util.Set.of(
      "password", "passwd", "pass", "pwd", "pw", "secret", "mypassword", "yourpassword", "user",
      "username", "usr", "admin:admin", "p@ssw0rd", "p@ssword", "passw0rd", "xxx", "token", "none",
      "null", "test", "redacted", "masked");

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{7,128}");
  private static final Pattern HASH_CONTEXT = Pattern.compile(
      "(?i)commit|\\bsha|hash|\\brev(?:ision)?\\b|merge|cherry|checksum|digest|integrity|etag|md5"
          + "|fingerprint|\\bgit\\b|\\bref\\b");
  private static final Pattern IDENTIFIER = Pattern.compile(
      "[A-Za-z_$][A-Za-z0-9_$-]*(?:\\.[A-Za-z_$][A-Za-z0-9_$-]*)*");
  private static final Pattern NOT_A_SECRET_NAME = Pattern.compile(
      "(?i)(?:hash|sha\\d*|digest|checksum|fingerprint|_ids?|-ids?|\\.ids?|length|_len|type|url|uri|path"
          + "|file|name|endpoint|header|field|label|prompt|hint|policy|format|prefix|expir|count|max"
          + "|min|timeout|ttl|enabled|required|version|size|mode|limit|source|store|provider"
          + "|_at|_on|_by|salt_rounds)");
  static final Pattern KEY_LIKE_NAME = Pattern.compile(
      "(?i)api[_.-]?key|apikey|secret|token|passwd|password|passphrase|pwd|access[_.-]?key"
          + "|auth[_.-]?key|credentials?|private[_.-]?key|signing[_.-]?key|encryption[_.-]?key");
  private static final Pattern PASSWORD_NAME = Pattern.compile("(?i)pass|pwd");

  /** True if {@code value} is a documentation stand-in rather than a real secret. */
  static boolean isPlaceholder(String value) {
    return hasPlaceholderMarker(value) || hasPatternRun(value);
  }

  /** True if {@code value} contains a stand-in marker such as {@code example} or {@code <}. */
  static boolean hasPlaceholderMarker(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    for (String m : PLACEHOLDER_MARKERS) {
      if (lower.contains(m)) {
        return true;
      }
    }
    return false;
  }

  // Six equal or eight ascending letters or digits in a row: 000000, abcdefgh, 12345678.
  private static boolean hasPatternRun(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    int run = 1;
    int ascending = 1;
    for (int i = 1; i < lower.length(); i++) {
      char c = lower.charAt(i);
      char p = lower.charAt(i - 1);
      run = c == p && Character.isLetterOrDigit(c) ? run + 1 : 1;
      ascending = c == p + 1 && Character.isLetterOrDigit(c) ? ascending + 1 : 1;
      if (run >= 6 || ascending >= 8) {
        return true;
      }
    }
    return false;
  }

  /** True if the password part of a URL is a stand-in: {@code password}, {@code ${DB_PASS}}, ... */
  static boolean isPasswordPlaceholder(String password) {
    String lower = password.toLowerCase(Locale.ROOT);
    if (PASSWORD_PLACEHOLDERS.contains(lower) || isPlaceholder(password)) {
      return true;
    }
    char first = password.charAt(0);
    return first == '$' || first == '%' || first == '[' || first == '{' || first == '*'
        || lower.startsWith("your") || lower.startsWith("my_") || lower.contains("password");
  }

  static boolean isUuid(String value) {
    return UUID.matcher(value).matches();
  }

  /**
   * Checks the value of a {@code name = value} assignment: it must look random enough, not be a
   * reference to a variable or a path, and not be a hash named as such.
   *
   * @param text the scanned text
   * @param name the assigned name
   * @param quote the opening quote, or empty
   * @param start start of the value in {@code text}
   * @param end end of the value in {@code text}
   */
  static boolean acceptAssignment(String text, String name, String quote, int start, int end,
      double minEntropy) {
    String value = text.substring(start, end);
    if (!KEY_LIKE_NAME.matcher(name).find() || NOT_A_SECRET_NAME.matcher(name).find()) {
      return false;
    }
    if (!quote.isEmpty()) {
      if (end >= text.length() || text.charAt(end) != quote.charAt(0)) {
        return false; // truncated: the quoted value goes on with characters a secret does not have
      }
    } else if (end < text.length() && !isUnquotedEnd(text.charAt(end))) {
      return false;
    }
    char first = value.charAt(0);
    if ("$%#@&*!?/~.:=+-".indexOf(first) >= 0 || value.regionMatches(true, 0, "http", 0, 4)
        || value.regionMatches(true, 0, "arn:", 0, 4)) {
      return false;
    }
    if (isPlaceholder(value) || isUuid(value)) {
      return false;
    }
    boolean hasDigit = value.chars().anyMatch(Character::isDigit);
    double entropy = Entropy.shannon(value);
    if (IDENTIFIER.matcher(value).matches() && (!hasDigit || entropy < 3.5 || value.contains("."))) {
      return false; // a variable, constant or property reference
    }
    if (HEX.matcher(value).matches()) {
      int from = Math.max(0, start - 48);
      if (HASH_CONTEXT.matcher(text.substring(from, start)).find()) {
        return false;
      }
    }
    int classes = Entropy.characterClasses(value);
    if (PASSWORD_NAME.matcher(name).find()) {
      return value.length() >= 8 && classes >= 2 && entropy >= 2.5;
    }
    return value.length() >= 12 && classes >= 2 && entropy >= minEntropy;
  }

  private static boolean isUnquotedEnd(char c) {
    return Character.isWhitespace(c) || c == ';' || c == ',' || c == '"' || c == '\'' || c == '`'
        || c == ')' || c == '}' || c == ']' || c == '<';
  }
}
