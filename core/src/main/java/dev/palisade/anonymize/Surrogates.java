package dev.palisade.anonymize;

import dev.palisade.detect.EntityType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic fake values of a given type, drawn from small bundled lists (written for Palisade,
 * not real people's records) and from reserved ranges (example.com, TEST-NET addresses, SSN area
 * 9xx). The caller supplies the seed, so a value's surrogate is deterministic.
 */
final class Surrogates {

  private static final List<String> FIRST = load("first-names.txt");
  private static final List<String> LAST = load("last-names.txt");
  private static final List<String> CITIES = load("cities.txt");
  private static final List<String> STREETS = load("streets.txt");
  private static final List<String> COMPANIES = load("companies.txt");
  private static final String[] PLACE_PREFIXES = {"North", "South", "East", "West", "Upper", "Lower", "New", "Old"};
  private static final String[] COMPANY_SUFFIXES = {"Group", "Ltd", "& Co", "Holdings", "International", "Partners"};
  private static final String[] EXAMPLE_DOMAINS = {"example.com", "example.org", "example.net"};
  private static final String[] TEST_NETS = {"192.0.2.", "198.51.100.", "203.0.113."};

  private Surrogates() {}

  /**
   * A fake value for {@code original} of {@code type}. A higher {@code attempt} widens the space
   * of values (used when the first choices are already taken in the conversation).
   */
  static String of(EntityType type, String original, long seed, int attempt) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean wide = attempt >= 8;
    return switch (type.name()) {
      case "PERSON" -> person(original, r, wide);
      case "LOCATION" -> location(original, r, wide);
      case "ORGANIZATION" -> pick(COMPANIES, r) + (wide ? " " + COMPANY_SUFFIXES[r.nextInt(COMPANY_SUFFIXES.length)] : "");
      case "EMAIL_ADDRESS" -> ascii(pick(FIRST, r)) + "." + ascii(pick(LAST, r)) + (wide ? r.nextInt(100) : "")
          + "@" + EXAMPLE_DOMAINS[r.nextInt(EXAMPLE_DOMAINS.length)];
      case "URL" -> "https://www." + EXAMPLE_DOMAINS[r.nextInt(EXAMPLE_DOMAINS.length)] + "/" + hex(r, 8);
      case "IP_ADDRESS" -> original.indexOf(':') >= 0
          ? "2001:db8::" + Integer.toHexString(r.nextInt(0x10000)) + ":" + Integer.toHexString(r.nextInt(0x10000))
          : TEST_NETS[r.nextInt(TEST_NETS.length)] + (1 + r.nextInt(254));
      case "CREDIT_CARD" -> card(original, r);
      case "US_SSN" -> ssn(original, r);
      default -> shape(original, r);
    };
  }

  private static String person(String original, SplittableRandom r, boolean wide) {
    int words = original.strip().split("\\s+").length;
    String first = pick(FIRST, r);
    String last = pick(LAST, r);
    if (words <= 1) {
      return wide ? first + " " + last : first;
    }
    return wide ? first + " " + pick(FIRST, r) + " " + last : first + " " + last;
  }

  private static String location(String original, SplittableRandom r, boolean wide) {
    boolean address = original.chars().anyMatch(Character::isDigit);
    if (address) {
      return (1 + r.nextInt(wide ? 9999 : 250)) + " " + pick(STREETS, r);
    }
    String city = pick(CITIES, r);
    return wide ? PLACE_PREFIXES[r.nextInt(PLACE_PREFIXES.length)] + " " + city : city;
  }

  /** Same length and separators, a card-like prefix and a valid Luhn check digit. */
  private static String card(String original, SplittableRandom r) {
    char[] c = shape(original, r).toCharArray();
    int[] pos = digitPositions(c);
    if (pos.length < 2) {
      return new String(c);
    }
    c[pos[0]] = '4';
    int sum = 0;
    for (int i = pos.length - 2, k = 0; i >= 0; i--, k++) {
      int d = c[pos[i]] - '0';
      if (k % 2 == 0) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    c[pos[pos.length - 1]] = (char) ('0' + (10 - sum % 10) % 10);
    return new String(c);
  }

  /** Area numbers 900-999 are never issued as SSNs. */
  private static String ssn(String original, SplittableRandom r) {
    char[] c = shape(original, r).toCharArray();
    int[] pos = digitPositions(c);
    if (pos.length > 0) {
      c[pos[0]] = '9';
    }
    return new String(c);
  }

  /** Same shape: each digit, upper-case and lower-case letter replaced by a random one. */
  static String shape(String original, SplittableRandom r) {
    char[] c = original.toCharArray();
    for (int i = 0; i < c.length; i++) {
      char ch = c[i];
      if (ch >= '0' && ch <= '9') {
        c[i] = (char) ('0' + r.nextInt(10));
      } else if (Character.isUpperCase(ch)) {
        c[i] = (char) ('A' + r.nextInt(26));
      } else if (Character.isLetter(ch)) {
        c[i] = (char) ('a' + r.nextInt(26));
      } else if (Character.isDigit(ch)) {
        c[i] = (char) ('0' + r.nextInt(10)); // other scripts' digits
      }
    }
    return new String(c);
  }

  private static int[] digitPositions(char[] c) {
    int n = 0;
    for (char ch : c) {
      if (ch >= '0' && ch <= '9') {
        n++;
      }
    }
    int[] pos = new int[n];
    for (int i = 0, j = 0; i < c.length; i++) {
      if (c[i] >= '0' && c[i] <= '9') {
        pos[j++] = i;
      }
    }
    return pos;
  }

  private static String hex(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }

  private static String ascii(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }

  private static String pick(List<String> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }

  static List<String> load(String name) {
    try (InputStream in = Surrogates.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing surrogate list " + name);
      }
      List<String> out = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line);
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
