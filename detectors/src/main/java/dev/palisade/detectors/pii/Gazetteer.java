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

  private Gazetteer(Set<String> firstNames, Set<String> lastNames, Set<String> cities, Set<String> countries,
      Set<String> commonWords) {
    this.firstNames = firstNames;
    this.lastNames = lastNames;
    this.cities = cities;
    this.countries = countries;
    this.commonWords = commonWords;
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
}
