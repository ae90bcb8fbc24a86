package dev.palisade.detectors.content;

import dev.palisade.detectors.text.AhoCorasick;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detect.Span;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A detector of banned terms and topics: configured term lists (a topic is a named list of terms
 * and phrases) and, optionally, the bundled profanity and abuse lexicons of 27 languages (LDNOOBW,
 * CC BY 4.0; see {@code lexicon/NOTICE.txt}).
 *
 * <p>Terms and text are compared in normalized form (NFKC, case folded, zero-width and other
 * default-ignorable characters removed, white space collapsed), so {@code ＢＡＤ}, {@code Bad} and
 * {@code b\u200Bad} all match {@code bad}. A term matches only as a whole word where its first or
 * last character belongs to a script written with spaces between words; in scripts without them
 * (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar, Tibetan) it matches as a substring.
 * Spans are offsets into the original text. Obfuscations (leetspeak, inserted punctuation) are
 * not undone.
 *
 * <p>Reports {@link EntityType#BANNED_CONTENT} with detector id {@code "banned-content"};
 * {@link #scan} also names the topic ({@code "terms"} for plain terms, {@code "profanity:en"} for a
 * bundled lexicon).
 *
 * <h2>Thread safety</h2>
 * Immutable; one instance serves all threads.
 */
public final class BannedContentDetector implements Detector {

  /** This detector's id. */
  public static final String ID = "banned-content";

  /** The topic name given to terms added with {@link Builder#terms}. */
  public static final String TERMS_TOPIC = "terms";

  private static final Set<EntityType> TYPES = Set.of(EntityType.BANNED_CONTENT);
  private static final String LEXICON_DIR = "/dev/palisade/detectors/content/lexicon/";
  private static final double SCORE = 0.9;

  /** A banned term found by {@link #scan}: its topic (never the term) and where it is. */
  public record Match(String topic, Span span) {
    public Match {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(span, "span");
    }
  }

  private final AhoCorasick matcher;
  private final String[] patternTopic;
  private final boolean[] boundaryBefore;
  private final boolean[] boundaryAfter;
  private final int maxMatchLength;
  private final int termCount;

  private BannedContentDetector(Map<String, Set<String>> topics) {
    List<String> patterns = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    int longest = 0;
    for (var e : topics.entrySet()) {
      for (String term : e.getValue()) {
        patterns.add(term);
        owners.add(e.getKey());
        longest = Math.max(longest, term.length());
      }
    }
    this.matcher = AhoCorasick.of(patterns);
    this.patternTopic = owners.toArray(String[]::new);
    this.boundaryBefore = new boolean[patterns.size()];
    this.boundaryAfter = new boolean[patterns.size()];
    for (int i = 0; i < patterns.size(); i++) {
      String t = patterns.get(i);
      boundaryBefore[i] = needsBoundary(t.codePointAt(0));
      boundaryAfter[i] = needsBoundary(t.codePointBefore(t.length()));
    }
    this.termCount = patterns.size();
    // Normalization can only shrink text except for collapsed white space and removed ignorables;
    // four original characters per normalized one covers decomposed and wide forms.
    this.maxMatchLength = Math.max(1, longest * 4);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The language codes of the bundled lexicons, e.g. {@code en}, {@code de}, {@code zh}. */
  public static List<String> bundledLanguages() {
    return readLines(LEXICON_DIR + "languages.txt");
  }

  /** Builds a {@link BannedContentDetector}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Set<String>> topics = new LinkedHashMap<>();

    private Builder() {}

    /** Adds plain banned terms (topic {@code "terms"}). */
    public Builder terms(Collection<String> terms) {
      return topic(TERMS_TOPIC, terms);
    }

    /**
     * Adds a named topic: a list of terms and phrases.
     *
     * @throws IllegalArgumentException if the name is blank or a term is blank after normalization
     */
    public Builder topic(String name, Collection<String> terms) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(terms, "terms");
      if (name.isBlank()) {
        throw new IllegalArgumentException("topic name must not be blank");
      }
      Set<String> set = topics.computeIfAbsent(name, k -> new LinkedHashSet<>());
      int i = 0;
      for (String term : terms) {
        String t = NormalizedText.normalizeTerm(Objects.requireNonNull(term, "term"));
        if (t.isEmpty()) {
          throw new IllegalArgumentException("topic \"" + name + "\" term " + i + " is blank");
        }
        set.add(t);
        i++;
      }
      return this;
    }

    /**
     * Adds the bundled profanity lexicon of each language (topic {@code profanity:<code>}).
     *
     * @throws IllegalArgumentException if a language is not one of {@link #bundledLanguages()}
     */
    public Builder lexicon(Collection<String> languages) {
      Objects.requireNonNull(languages, "languages");
      List<String> known = bundledLanguages();
      for (String lang : languages) {
        if (!known.contains(lang)) {
          throw new IllegalArgumentException(
              "no bundled lexicon for language \"" + lang + "\"; available: " + known);
        }
        List<String> terms = new ArrayList<>();
        for (String t : readLines(LEXICON_DIR + lang + ".txt")) {
          String n = NormalizedText.normalizeTerm(t);
          // One character of a script without spaces (乳, 屄) would match inside ordinary words.
          if (n.codePointCount(0, n.length()) > 1 || needsBoundary(n.codePointAt(0))) {
            terms.add(n);
          }
        }
        topic("profanity:" + lang, terms);
      }
      return this;
    }

    /** Adds every bundled lexicon. */
    public Builder allLexicons() {
      return lexicon(bundledLanguages());
    }

    public BannedContentDetector build() {
      return new BannedContentDetector(topics);
    }
  }

  private static List<String> readLines(String resource) {
    try (InputStream in = BannedContentDetector.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      List<String> lines = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          lines.add(line.strip());
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** True when a term edge at this character must fall on a word boundary. */
  static boolean needsBoundary(int cp) {
    if (!Character.isLetterOrDigit(cp)) {
      return false;
    }
    return switch (Character.UnicodeScript.of(cp)) {
      case HAN, HIRAGANA, KATAKANA, HANGUL, THAI, LAO, KHMER, MYANMAR, TIBETAN -> false;
      default -> true;
    };
  }

  private static boolean isWordChar(String s, int index) {
    if (index < 0 || index >= s.length()) {
      return false;
    }
    char c = s.charAt(index);
    return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
        || Character.isSurrogate(c) && Character.isLetterOrDigit(s.codePointAt(
            Character.isLowSurrogate(c) && index > 0 ? index - 1 : index));
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
   * An upper bound on the original-text length of a match for the streaming hold-back window:
   * four times the longest normalized term. Matches stretched beyond it by padding (long runs of
   * white space or invisible characters inside a phrase) are still found when the whole text is
   * scanned, but not by a window of this size.
   */
  public int maxMatchLength() {
    return maxMatchLength;
  }

  /** How many distinct (topic, term) pairs this detector matches. */
  public int termCount() {
    return termCount;
  }

  @Override
  public List<Finding> detect(String text) {
    List<Finding> out = new ArrayList<>();
    for (Match m : scan(text)) {
      out.add(new Finding(EntityType.BANNED_CONTENT, m.span(), SCORE, ID));
    }
    return out;
  }

  /** Scans {@code text} and returns the banned terms found, by start, longest first. */
  public List<Match> scan(String text) {
    Objects.requireNonNull(text, "text");
    if (termCount == 0 || text.isEmpty()) {
      return List.of();
    }
    NormalizedText norm = NormalizedText.of(text);
    String s = norm.text();
    List<Match> found = new ArrayList<>();
    matcher.search(s, false, (p, start, end) -> {
      if (boundaryBefore[p] && isWordChar(s, start - 1)) {
        return;
      }
      if (boundaryAfter[p] && isWordChar(s, end)) {
        return;
      }
      found.add(new Match(patternTopic[p],
          new Span(norm.originalStart(start), norm.originalEnd(end - 1))));
    });
    if (found.size() <= 1) {
      return found;
    }
    // Keep one match per (topic, span) and drop those inside a longer match of the same topic:
    // sorted by start (longest first), a match is inside one kept before it exactly when the
    // furthest-reaching kept match of its topic reaches its end.
    found.sort(Comparator.comparing(Match::span));
    List<Match> kept = new ArrayList<>();
    Map<String, Integer> reach = new java.util.HashMap<>();
    for (Match m : found) {
      Integer end = reach.get(m.topic());
      if (end == null || end < m.span().end()) {
        kept.add(m);
        reach.put(m.topic(), m.span().end());
      }
    }
    return kept;
  }

  @Override
  public String toString() {
    return "BannedContentDetector[" + termCount + " terms]";
  }
}
