package dev.palisade.anonymize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the {@link Anonymizer} does to one kind of personal data: a value class with a text form
 * that policy files use and that {@link #parse} reads back.
 *
 * <table>
 *   <caption>Operators and their text form</caption>
 *   <tr><th>text</th><th>output for {@code John Smith} / {@code 4111 1111 1111 1111}</th><th>restored</th></tr>
 *   <tr><td>{@code redact}</td><td>the empty string</td><td>no</td></tr>
 *   <tr><td>{@code replace}</td><td>{@code <PERSON_1>}: type and a number per conversation</td><td>yes</td></tr>
 *   <tr><td>{@code mask}, {@code mask(N)}, {@code mask(N,F)}</td><td>{@code **** **** **** 1111}:
 *       letters and digits become {@code *} except at most the last N (default 4) and first F
 *       (default 0); separators stay. At most half of them are ever kept; for
 *       {@code CREDIT_CARD} never more than the first 6 and last 4 digits (PCI DSS 3.4)</td><td>no</td></tr>
 *   <tr><td>{@code hash}, {@code hash(N)}</td><td>{@code 3f9a2c1b7d4e0a65}: the first N (8-64,
 *       default 16) hex characters of HMAC-SHA256 under the keyset's primary key; the same for a
 *       value in every conversation (a GDPR pseudonym)</td><td>yes, within the conversation</td></tr>
 *   <tr><td>{@code encrypt}</td><td>{@code ENC:1:AQAAAAG...}: AES-256-GCM, naming the key id,
 *       bound to the tenant and conversation</td><td>yes</td></tr>
 *   <tr><td>{@code fpe}, {@code fpe(OP)}</td><td>{@code 7203 5519 0846 2271}: FF1 of the letters
 *       and digits, separators kept; a value FF1 cannot take (fewer than 10^6 possible values,
 *       or characters other than ASCII letters, digits and {@value Anonymizer#FPE_SEPARATORS})
 *       gets OP instead, {@code replace} by default; OP may not be {@code keep}, {@code mask}
 *       or {@code fpe}, so a value never goes out in plaintext</td><td>yes</td></tr>
 *   <tr><td>{@code surrogate}</td><td>{@code Maria Keller}: a realistic value of the same type,
 *       chosen deterministically per conversation</td><td>yes</td></tr>
 *   <tr><td>{@code keep}</td><td>the value unchanged</td><td>-</td></tr>
 * </table>
 *
 * <p>{@code toString()} gives the canonical text form, and {@code parse(op.toString())} equals
 * {@code op}. Any string either parses or fails with {@link IllegalArgumentException}.
 */
public final class Operator {

  /** The operators. */
  public enum Kind {
    REDACT, REPLACE, MASK, HASH, ENCRYPT, FPE, SURROGATE, KEEP;

    /** The name used in the text form, e.g. {@code "mask"}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final int DEFAULT_MASK_LAST = 4;
  static final int DEFAULT_HASH_CHARS = 16;

  private static final Operator REDACT = new Operator(Kind.REDACT, 0, 0, null);
  private static final Operator REPLACE = new Operator(Kind.REPLACE, 0, 0, null);
  private static final Operator ENCRYPT = new Operator(Kind.ENCRYPT, 0, 0, null);
  private static final Operator SURROGATE = new Operator(Kind.SURROGATE, 0, 0, null);
  private static final Operator KEEP = new Operator(Kind.KEEP, 0, 0, null);

  private final Kind kind;
  private final int a; // mask: keep last; hash: hex chars
  private final int b; // mask: keep first
  private final Operator fallback; // fpe only

  private Operator(Kind kind, int a, int b, Operator fallback) {
    this.kind = kind;
    this.a = a;
    this.b = b;
    this.fallback = fallback;
  }

  public static Operator redact() {
    return REDACT;
  }

  public static Operator replace() {
    return REPLACE;
  }

  /** Masks all but at most the last 4 letters or digits. */
  public static Operator mask() {
    return mask(DEFAULT_MASK_LAST, 0);
  }

  /** Masks all but at most the last {@code keepLast} letters or digits. */
  public static Operator mask(int keepLast) {
    return mask(keepLast, 0);
  }

  /** Masks all but at most the first {@code keepFirst} and last {@code keepLast} letters or digits. */
  public static Operator mask(int keepLast, int keepFirst) {
    if (keepLast < 0 || keepFirst < 0) {
      throw new IllegalArgumentException(
          "mask counts must be >= 0, were keepLast=" + keepLast + ", keepFirst=" + keepFirst);
    }
    return new Operator(Kind.MASK, keepLast, keepFirst, null);
  }

  public static Operator hash() {
    return hash(DEFAULT_HASH_CHARS);
  }

  /** An HMAC pseudonym of {@code hexChars} (8 to 64) hex characters. */
  public static Operator hash(int hexChars) {
    if (hexChars < 8 || hexChars > 64) {
      throw new IllegalArgumentException("hash length must be in [8, 64], was " + hexChars);
    }
    return new Operator(Kind.HASH, hexChars, 0, null);
  }

  public static Operator encrypt() {
    return ENCRYPT;
  }

  /** FF1 with {@code replace} for values FF1 cannot take. */
  public static Operator fpe() {
    return fpe(REPLACE);
  }

  /** FF1 with {@code fallback} for values FF1 cannot take; the fallback must hide the value. */
  public static Operator fpe(Operator fallback) {
    Objects.requireNonNull(fallback, "fallback");
    if (fallback.kind == Kind.KEEP || fallback.kind == Kind.MASK || fallback.kind == Kind.FPE) {
      throw new IllegalArgumentException(
          "fpe fallback must be redact, replace, hash, encrypt or surrogate, was " + fallback);
    }
    return new Operator(Kind.FPE, 0, 0, fallback);
  }

  public static Operator surrogate() {
    return SURROGATE;
  }

  public static Operator keep() {
    return KEEP;
  }

  /**
   * Reads the text form: {@code redact}, {@code replace}, {@code mask}, {@code mask(4)},
   * {@code mask(4,6)}, {@code hash}, {@code hash(16)}, {@code encrypt}, {@code fpe},
   * {@code fpe(hash)}, {@code surrogate}, {@code keep}. Case and spaces around names and
   * arguments do not matter.
   *
   * @throws IllegalArgumentException naming the spec and what was expected
   */
  public static Operator parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.strip();
    String name = s;
    List<String> args = List.of();
    int open = s.indexOf('(');
    if (open >= 0) {
      if (!s.endsWith(")")) {
        throw new IllegalArgumentException("operator \"" + spec + "\" has an unclosed '('");
      }
      name = s.substring(0, open).strip();
      args = splitArgs(spec, s.substring(open + 1, s.length() - 1));
    }
    Kind kind = kindOf(spec, name);
    switch (kind) {
      case MASK -> {
        if (args.size() > 2) {
          throw new IllegalArgumentException(
              "mask takes at most 2 arguments (keep last, keep first), was \"" + spec + "\"");
        }
        int last = args.isEmpty() ? DEFAULT_MASK_LAST : intArg(spec, args.get(0));
        int first = args.size() < 2 ? 0 : intArg(spec, args.get(1));
        return mask(last, first);
      }
      case HASH -> {
        if (args.size() > 1) {
          throw new IllegalArgumentException("hash takes at most 1 argument (hex characters), was \"" + spec + "\"");
        }
        return args.isEmpty() ? hash() : hash(intArg(spec, args.get(0)));
      }
      case FPE -> {
        if (args.size() > 1) {
          throw new IllegalArgumentException("fpe takes at most 1 argument (the fallback operator), was \"" + spec + "\"");
        }
        return args.isEmpty() ? fpe() : fpe(parse(args.get(0)));
      }
      default -> {
        if (open >= 0) {
          throw new IllegalArgumentException(kind.id() + " takes no arguments, was \"" + spec + "\"");
        }
        return switch (kind) {
          case REDACT -> REDACT;
          case REPLACE -> REPLACE;
          case ENCRYPT -> ENCRYPT;
          case SURROGATE -> SURROGATE;
          default -> KEEP;
        };
      }
    }
  }

  private static List<String> splitArgs(String spec, String inner) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth < 0) {
          throw new IllegalArgumentException("operator \"" + spec + "\" has an unmatched ')'");
        }
      } else if (c == ',' && depth == 0) {
        out.add(inner.substring(start, i).strip());
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("operator \"" + spec + "\" has an unclosed '('");
    }
    String last = inner.substring(start).strip();
    if (!last.isEmpty() || !out.isEmpty()) {
      out.add(last);
    }
    for (String arg : out) {
      if (arg.isEmpty()) {
        throw new IllegalArgumentException("operator \"" + spec + "\" has an empty argument");
      }
    }
    return out;
  }

  private static Kind kindOf(String spec, String name) {
    for (Kind k : Kind.values()) {
      if (k.id().equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown operator \"" + spec
        + "\"; expected one of redact, replace, mask, hash, encrypt, fpe, surrogate, keep");
  }

  private static int intArg(String spec, String arg) {
    if (!arg.matches("\\d{1,4}")) {
      throw new IllegalArgumentException("operator \"" + spec + "\": \"" + arg + "\" is not a small non-negative integer");
    }
    return Integer.parseInt(arg);
  }

  public Kind kind() {
    return kind;
  }

  /** For {@code mask}: how many trailing letters or digits may stay. */
  public int keepLast() {
    return kind == Kind.MASK ? a : 0;
  }

  /** For {@code mask}: how many leading letters or digits may stay. */
  public int keepFirst() {
    return kind == Kind.MASK ? b : 0;
  }

  /** For {@code hash}: the pseudonym's length in hex characters. */
  public int hashChars() {
    return kind == Kind.HASH ? a : 0;
  }

  /** For {@code fpe}: the operator for values FF1 cannot take; otherwise this operator. */
  public Operator fallback() {
    return kind == Kind.FPE ? fallback : this;
  }

  /** True when the model's answer can have this operator's output turned back into the value. */
  public boolean isReversible() {
    return switch (kind) {
      case REPLACE, HASH, ENCRYPT, FPE, SURROGATE -> true;
      case REDACT, MASK, KEEP -> false;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Operator other && kind == other.kind && a == other.a && b == other.b
        && Objects.equals(fallback, other.fallback);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, a, b, fallback);
  }

  /** The canonical text form, e.g. {@code mask(4)} or {@code fpe(replace)}. */
  @Override
  public String toString() {
    return switch (kind) {
      case MASK -> b == 0 ? "mask(" + a + ")" : "mask(" + a + "," + b + ")";
      case HASH -> "hash(" + a + ")";
      case FPE -> "fpe(" + fallback + ")";
      default -> kind.id();
    };
  }
}
