package dev.palisade.detectors.pii;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Lower-cased word lists bundled in the jar: first and last names, cities and countries
 * (generated from Datafaker by {@code NerTrainer}, see PII.md), the JDK's English country
 * names, and common English words (SCOWL sizes 10-35, {@code common-words.sh}), which tell an
 * ordinary word from a name.
 */
final class Gazetteer {

  final Words firstNames;
  final Words lastNames;
  final Words cities;
  final Words countries;
  final Words commonWords;
  private final IntSet placeHashes;

  private Gazetteer(Words firstNames, Words lastNames, Words cities, Words countries, Words commonWords) {
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

  /** A known city or country (any case). */
  boolean place(String phrase) {
    String lower = phrase.toLowerCase(Locale.ROOT);
    return cities.contains(lower) || countries.contains(lower);
  }

  /** A word of everyday English (any case), so alone it is no evidence of a name. */
  boolean common(String word) {
    return commonWords.contains(word.toLowerCase(Locale.ROOT));
  }

  static Gazetteer load() {
    List<String> countries = read("countries.txt");
    for (String cc : Locale.getISOCountries()) {
      countries.add(new Locale("", cc).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT));
    }
    countries.addAll(List.of("usa", "u.s.", "u.s.a.", "uk", "england", "scotland", "wales", "america",
        "united states of america", "great britain", "holland", "russia", "south korea", "north korea",
        "czech republic", "ivory coast", "burma", "the netherlands", "uae",
        "people's republic of china", "democratic republic of the congo", "republic of the congo",
        "côte d'ivoire"));
    return new Gazetteer(new Words(read("first-names.txt")), new Words(read("last-names.txt")),
        new Words(read("cities.txt")), new Words(countries), new Words(read("common-words.txt")));
  }

  /**
   * The entries of a word list: each line that is not blank and not a {@code #} comment, stripped
   * and lower-cased. The file is decoded in one piece; loading is a noticeable part of starting
   * a detector.
   */
  private static List<String> read(String name) {
    String text;
    try (InputStream in = Gazetteer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource " + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled resource " + name, e);
    }
    List<String> out = new ArrayList<>(text.length() / 8);
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
        if (i > start && text.charAt(start) != '#') {
          String line = text.substring(start, i);
          if (!line.isBlank()) {
            out.add(line.strip().toLowerCase(Locale.ROOT));
          }
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** An immutable set of strings by open addressing: no entry objects, quick to build. */
  static final class Words {
    private final String[] slots;
    private final int mask;
    private int size;

    Words(Collection<String> words) {
      int capacity = Integer.highestOneBit(Math.max(4, words.size() * 2 - 1)) << 1;
      slots = new String[capacity];
      mask = capacity - 1;
      for (String w : words) {
        int i = slot(w);
        if (slots[i] == null) {
          slots[i] = w;
          size++;
        }
      }
    }

    private int slot(String w) {
      int h = w.hashCode();
      int i = (h ^ (h >>> 16)) & mask;
      while (slots[i] != null && !slots[i].equals(w)) {
        i = (i + 1) & mask;
      }
      return i;
    }

    boolean contains(String w) {
      return slots[slot(w)] != null;
    }

    int size() {
      return size;
    }

    void forEach(Consumer<String> action) {
      for (String w : slots) {
        if (w != null) {
          action.accept(w);
        }
      }
    }
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
