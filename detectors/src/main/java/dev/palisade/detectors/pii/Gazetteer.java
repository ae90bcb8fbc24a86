package dev.palisade.detectors.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Lower-cased word lists bundled in the jar: first and last names, cities and countries
 * (generated from Datafaker by {@code NerTrainer}, see PII.md), the JDK's English country
 * names, and common English words (SCOWL sizes 10-35, {@code common-words.sh}), which tell an
 * ordinary word from a name.
 */
final class Gazetteer {

  final Set<String> firstNames;
  final Set<String> lastNames;
  final Set<String> cities;
  final Set<String> countries;
  final Set<String> commonWords;
  private final IntSet placeHashes;

  private Gazetteer(Set<String> firstNames, Set<String> lastNames, Set<String> cities, Set<String> countries,
      Set<String> commonWords) {
    this.firstNames = firstNames;
    this.lastNames = lastNames;
    this.cities = cities;
    this.countries = countries;
    this.commonWords = commonWords;
    this.placeHashes = new IntSet(cities.size() + countries.size());
    cities.forEach(c -> placeHashes.add(c.hashCode()));
    countries.forEach(c -> placeHashes.add(c.hashCode()));
  }

  /**
   * False when a lower-cased phrase with this {@link String#hashCode()} is certainly neither a
   * country nor a city; most phrases a scan tries are ruled out so, without building them.
   */
  boolean mayBePlace(int hash) {
    return placeHashes.contains(hash);
  }

  /** A word of everyday English (any case), so alone it is no evidence of a name. */
  boolean common(String word) {
    return commonWords.contains(word.toLowerCase(Locale.ROOT));
  }

  static Gazetteer load() {
    Set<String> countries = read("countries.txt");
    for (String cc : Locale.getISOCountries()) {
      countries.add(new Locale("", cc).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT));
    }
    countries.addAll(Set.of("usa", "u.s.", "u.s.a.", "uk", "england", "scotland", "wales", "america",
        "united states of america", "great britain", "holland", "russia", "south korea", "north korea",
        "czech republic", "ivory coast", "burma", "the netherlands", "uae"));
    return new Gazetteer(Set.copyOf(read("first-names.txt")), Set.copyOf(read("last-names.txt")),
        Set.copyOf(read("cities.txt")), Set.copyOf(countries), Set.copyOf(read("common-words.txt")));
  }

  private static Set<String> read(String name) {
    Set<String> out = new HashSet<>();
    try (InputStream in = Gazetteer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource " + name);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.strip().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled resource " + name, e);
    }
    return out;
  }

  /** A set of ints by open addressing; 0 marks a free slot, so it is kept apart. */
  private static final class IntSet {
    private final int[] slots;
    private final int mask;
    private boolean zero;

    IntSet(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
      slots = new int[capacity];
      mask = capacity - 1;
    }

    private int slot(int v) {
      int i = (v * 0x9E3779B9) >>> 7 & mask;
      while (slots[i] != 0 && slots[i] != v) {
        i = (i + 1) & mask;
      }
      return i;
    }

    void add(int v) {
      if (v == 0) {
        zero = true;
      } else {
        slots[slot(v)] = v;
      }
    }

    boolean contains(int v) {
      return v == 0 ? zero : slots[slot(v)] == v;
    }
  }
}
