package dev.palisade.detectors.pii;

import dev.palisade.detect.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opennlp.tools.util.Span;

/**
 * Finds PERSON, LOCATION, ORGANIZATION and NRP with Palisade's own OpenNLP name finder, then adds
 * what the gazetteers and a few context rules make clear (titles before names, known countries,
 * first name + last name pairs), plus AGE and weekday names.
 *
 * <h2>Thread safety</h2>
 * The model and gazetteers are shared and immutable; each scan keeps its own
 * {@link NameModel.Document}.
 */
final class NameScanner {

  static final EntityType[] TYPES = {EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION, EntityType.NRP};

  static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "dr", "prof", "sir",
      "madam", "mx", "mister", "dame", "lord", "lady", "rev", "professor", "doctor");

  /** Words whose dot does not end a sentence; the address ones keep an address in one piece. */
  private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "st", "apt", "ave",
      "no", "jr", "sr", "prof", "inc", "ltd", "co", "corp", "rd", "blvd", "vs", "etc", "ste", "mt", "ft",
      "ul", "str", "avda", "av", "pl", "al", "nr", "bldg", "fl", "hwy", "ln", "sq", "ct", "pkwy", "dept",
      "tel", "ext", "approx");

  /** Capitalized words that are also first names; alone they are not evidence of a person. */
  static final Set<String> COMMON_WORDS = Set.of("will", "may", "mark", "bill", "grace", "hope",
      "joy", "rose", "faith", "art", "sky", "summer", "june", "april", "august", "dawn", "eve", "guy",
      "jack", "pat", "rich", "sue", "carol", "don", "gene", "ray", "the", "i", "a", "an", "and", "but",
      "so", "if", "in", "on", "at", "to", "for", "of", "is", "it", "this", "that", "my", "we", "you",
      "he", "she", "they", "our", "your", "his", "her", "please", "thanks", "thank", "hi", "hello",
      "dear", "yes", "no", "ok", "okay", "what", "when", "where", "who", "why", "how", "can", "could",
      "would", "should", "do", "does", "did", "have", "has", "had", "be", "been", "are", "was", "were",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
      "february", "march", "july", "september", "october", "november", "december", "christian",
      "long", "young", "white", "black", "brown", "green", "king", "love", "page", "chance", "case",
      "hall", "park", "street", "road", "lane", "city", "state", "new", "north", "south", "east", "west");

  private static final Set<String> UNIT_WORDS = Set.of("suite", "ste", "apt", "apartment", "unit", "flat",
      "room", "floor", "box");
  private static final Set<String> STREET_WORDS = Set.of("street", "avenue", "road", "boulevard", "lane",
      "drive", "court", "place", "square", "parkway", "terrace", "highway", "strasse", "straße", "weg",
      "gasse", "allee", "rd", "ave", "blvd", "ln");
  private static final Set<String> NUMBERED_STREET_WORDS = Set.of("drive", "court", "place", "square");
  private static final Set<String> MILITARY_POST = Set.of("apo", "fpo", "dpo");
  private static final Set<String> MILITARY_AREAS = Set.of("aa", "ae", "ap");

  /**
   * The last token of an address part starting at token {@code i}, or -1: a unit or box and its
   * number ("Suite 834", "Apt. 12B", "P.O. Box 101" from the "Box"), or a military post line
   * ("APO AE 09012").
   */
  private static int addressPart(Tokens t, int i, String lw) {
    if (UNIT_WORDS.contains(lw)) {
      int j = i + 1;
      while (j < t.size && j <= i + 2 && (t.token(j).equals(".") || t.token(j).equals("#"))) {
        j++;
      }
      return j < t.size && startsWithDigit(t, j) && t.ends[j] - t.starts[j] <= 6 ? j : -1;
    }
    if (MILITARY_POST.contains(lw) && i + 2 < t.size && MILITARY_AREAS.contains(t.token(i + 1).toLowerCase(Locale.ROOT))
        && startsWithDigit(t, i + 2) && t.ends[i + 2] - t.starts[i + 2] == 5) {
      return i + 2;
    }
    return -1;
  }

  /**
   * The first token of the street name that ends with the street word at {@code street}: up to
   * three capitalized words or ordinals ("184th") before it, and a house number before those;
   * {@code street} itself when there are none.
   */
  private static int streetStart(Tokens t, int street) {
    int from = street;
    while (from > 0 && street - from < 3 && (isCapitalized(t.token(from - 1)) || isOrdinal(t.token(from - 1)))
        && !COMMON_WORDS.contains(t.token(from - 1).toLowerCase(Locale.ROOT))) {
      from--;
    }
    if (from < street && from > 0 && startsWithDigit(t, from - 1) && t.ends[from - 1] - t.starts[from - 1] <= 5) {
      from--;
    }
    return from;
  }

  /**
   * The first token of the company name before the legal-form or sector word at {@code suffix}
   * ("Cantrell Ltd.", "Innovest Systems"): up to three capitalized words, or in text without
   * capitals up to two words of which one is not everyday English; {@code suffix} when none.
   */
  private int companyStart(Tokens t, int suffix) {
    int from = suffix;
    boolean lower = t.lowerCaseText();
    boolean rare = false;
    while (from > 0 && suffix - from < (lower ? 2 : 3)) {
      String w = t.token(from - 1);
      boolean word = lower ? w.length() > 1 && allLetters(w) : isCapitalized(w);
      if (!word || COMMON_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
        break;
      }
      rare |= !gazetteer.common(w);
      from--;
    }
    return lower && !rare ? suffix : from;
  }

  private static boolean isOrdinal(String w) {
    return w.length() >= 3 && Character.isDigit(w.charAt(0))
        && (w.endsWith("st") || w.endsWith("nd") || w.endsWith("rd") || w.endsWith("th"));
  }

  /** Where the words before "Box" that belong to it start: "P.O. Box", "PO Box", "PSC 5605, Box". */
  private static int boxStart(Tokens t, int box) {
    if (box >= 4 && t.token(box - 4).equalsIgnoreCase("p") && t.token(box - 3).equals(".")
        && t.token(box - 2).equalsIgnoreCase("o") && t.token(box - 1).equals(".")) {
      return box - 4;
    }
    if (box >= 1 && t.token(box - 1).equalsIgnoreCase("po")) {
      return box - 1;
    }
    if (box >= 3 && t.token(box - 3).equalsIgnoreCase("psc") && startsWithDigit(t, box - 2) && t.token(box - 1).equals(",")) {
      return box - 3;
    }
    return box;
  }

  private static boolean startsWithDigit(Tokens t, int i) {
    char c = t.text.charAt(t.starts[i]);
    return c >= '0' && c <= '9';
  }

  /** Words that join the names of a list: "Lang and Fowler", "Malon, Mark, Kaylee". */
  private static final String[] CONNECTORS = {",", "and", "or", "&", "und", "et", "y", "e"};

  /** Verbs of speech: a lone unknown capitalized word after one, ending the clause, is the speaker. */
  private static final String[] SPEECH_VERBS = {"says", "said", "asks", "asked", "adds", "added",
      "explains", "explained", "writes", "wrote", "replies", "replied", "recalls", "recalled"};

  /** "Becker-Shaffer": two capitalized known last names joined by one hyphen. */
  private boolean surnamePair(String w) {
    int dash = w.indexOf('-');
    if (dash <= 0 || dash != w.lastIndexOf('-') || dash == w.length() - 1) {
      return false;
    }
    String a = w.substring(0, dash);
    String b = w.substring(dash + 1);
    return isCapitalized(a) && isCapitalized(b) && allLetters(a) && allLetters(b)
        && gazetteer.lastNames.contains(a.toLowerCase(Locale.ROOT)) && gazetteer.lastNames.contains(b.toLowerCase(Locale.ROOT))
        && !COMMON_WORDS.contains(a.toLowerCase(Locale.ROOT)) && !COMMON_WORDS.contains(b.toLowerCase(Locale.ROOT));
  }

  /** Token {@code i} follows "call me" or "name is" ("named" and "called" also name products and pets). */
  private static boolean nameCue(Tokens t, int i) {
    if (i < 1) {
      return false;
    }
    return is(t, i - 1, "me") && (is(t, i - 2, "call") || is(t, i - 2, "calls"))
        || is(t, i - 1, "is") && is(t, i - 2, "name");
  }

  /** Verbs whose subject is a person: "Kotoya shouted at Morgan", "Jouko spent a year at ...". */
  private static final String[] PERSON_VERBS = {"shouted", "yelled", "whispered", "smiled",
      "laughed", "grinned", "sighed", "nodded", "spent", "married"};
  /** Works named after their author or performer: "the Crawford novel", "a Mark Aranda concert". */
  private static final String[] WORKS = {"novel", "novels", "biography", "autobiography",
      "memoir", "concert", "album"};
  /** Words right before a name: "Hi Khasanbek", "and starring Morrow". */
  private static final String[] GREETINGS = {"hi", "hello", "dear", "hey", "starring", "featuring"};
  /** Words that open a question or request after a name and a comma: "Mimount, can I ...". */
  private static final String[] REQUESTS = {"can", "could", "would", "will", "please", "do", "did",
      "are", "have", "what", "where", "when", "why", "how"};

  /**
   * Token {@code i} starts a line of dialogue as its speaker ("Kalman: \"Who are you?\"") or is
   * addressed before a request ("Raimond, can I ..."); the caller asks for a word no list knows.
   */
  private static boolean dialogueCue(Tokens t, int i) {
    if (i + 2 >= t.size || !(is(t, i + 1, ":") || is(t, i + 1, ","))
        || !(i == 0 || newlinesAfter(t, i - 1) > 0 || sentenceEnd(t, i - 1))) {
      return false;
    }
    return is(t, i + 1, ":") ? "\"'\\\u201c".indexOf(t.text.charAt(t.starts[i + 2])) >= 0 : isAny(t, i + 2, REQUESTS);
  }

  /**
   * The last token of a name at token {@code i} that the words around it make clear, or -1:
   * someone greeted or starring ("Hi Khasanbek"), the subject of a verb only people do, or the
   * author or performer of a work ("the Vogt novel", "a Mark Aranda concert", with a surname).
   */
  private int personContext(Tokens t, int i) {
    if (i > 0 && isAny(t, i - 1, GREETINGS)) {
      return i + 1 < t.size && newlinesAfter(t, i) == 0 && surnameLike(t, i + 1) ? i + 1 : i;
    }
    if (i + 1 < t.size && isAny(t, i + 1, PERSON_VERBS)) {
      return i;
    }
    if (i > 0 && (is(t, i - 1, "the") || is(t, i - 1, "a"))) {
      if (i + 1 < t.size && isAny(t, i + 1, WORKS)) {
        return i;
      }
      if (i + 2 < t.size && isAny(t, i + 2, WORKS) && surnameLike(t, i + 1)) {
        return i + 1;
      }
    }
    return -1;
  }

  /** Token {@code i} is one of {@code words} (lower case), ignoring case; builds no string. */
  private static boolean isAny(Tokens t, int i, String[] words) {
    for (String w : words) {
      if (is(t, i, w)) {
        return true;
      }
    }
    return false;
  }

  /** What belongs to a person: "Hleb's address", "Anna's husband". */
  private static final Set<String> BELONGINGS = Set.of("address", "phone", "number", "email", "e-mail",
      "wife", "husband", "mother", "father", "mom", "dad", "son", "daughter", "brother", "sister",
      "friend", "boss", "birthday", "account", "family", "parents", "partner", "girlfriend", "boyfriend");

  /** Token {@code i} is followed by a possessive and something that belongs to a person. */
  private static boolean ownerCue(Tokens t, int i) {
    return i + 2 < t.size && (is(t, i + 1, "'s") || is(t, i + 1, "’s"))
        && BELONGINGS.contains(t.token(i + 2).toLowerCase(Locale.ROOT));
  }

  private static final int LONGEST_PLACE = 6;

  /** Words before a place: "I'm in", "grew up in", "originally from", "moved to", "arrived at". */
  private static final Set<String> PLACE_CUES = Set.of("i'm in", "am in", "live in", "lives in",
      "living in", "lived in", "up in", "based in", "born in", "located in", "stationed in", "raised in",
      "staying in", "originally from", "here from", "come from", "comes from", "came from", "i'm from",
      "am from", "moved from", "moved to", "relocated to", "moving to", "arrived at", "arrived in");

  /** The end of the longest country name that starts at token {@code ts} and ends after {@code te}. */
  private int longestCountry(Tokens t, int ts, int te, int to) {
    for (int end = Math.min(to, ts + LONGEST_PLACE); end > te; end--) {
      if (gazetteer.countries.contains(t.text.substring(t.starts[ts], t.ends[end - 1]).toLowerCase(Locale.ROOT))) {
        return end;
      }
    }
    return te;
  }

  /** The token of a title right before token {@code ts} ("Mr." or "Dr"), or {@code ts}. */
  private static int titleBefore(Tokens t, int ts, int from) {
    int i = ts > from && t.token(ts - 1).equals(".") ? ts - 2 : ts - 1;
    return i >= from && TITLES.contains(t.token(i).toLowerCase(Locale.ROOT)) ? i : ts;
  }

  /** The span ending before token {@code te} is glued to a hyphen and a number ("Blink-182"). */
  private static boolean gluedToNumber(Tokens t, int te) {
    int e = t.ends[te - 1];
    return e + 1 < t.text.length() && t.text.charAt(e) == '-' && Character.isDigit(t.text.charAt(e + 1));
  }

  /** The span starting at token {@code ts} follows a number and a hyphen ("9268-Fax"). */
  private static boolean numberBefore(Tokens t, int ts) {
    int s = t.starts[ts];
    return s >= 2 && t.text.charAt(s - 1) == '-' && Character.isDigit(t.text.charAt(s - 2));
  }

  /** Token {@code i} follows one of {@link #PLACE_CUES}. */
  private static boolean placeCue(Tokens t, int i) {
    if (i < 2 || !(is(t, i - 1, "in") || is(t, i - 1, "from") || is(t, i - 1, "to") || is(t, i - 1, "at"))) {
      return false;
    }
    String cue = t.token(i - 2).replace('\u2019', '\'') + " " + t.token(i - 1);
    return PLACE_CUES.contains(cue.toLowerCase(Locale.ROOT));
  }

  /**
   * Token {@code i} could be (part of) a place name: capitalized or all capitals (any word in
   * text without capitals), letters with inner hyphens or apostrophes, and a known place or not
   * everyday English.
   */
  private boolean placeWord(Tokens t, int i) {
    String w = t.token(i);
    if (!Character.isLetter(w.charAt(0)) || !(Character.isUpperCase(w.charAt(0)) || t.lowerCaseText())) {
      return false;
    }
    for (int k = 1; k < w.length(); k++) {
      char c = w.charAt(k);
      if (!Character.isLetter(c) && c != '-' && c != '\'' && c != '\u2019') {
        return false;
      }
    }
    String lw = w.toLowerCase(Locale.ROOT);
    return w.length() > 1 && !COMMON_WORDS.contains(lw)
        && (!gazetteer.common(lw) || gazetteer.place(lw));
  }

  /** Token {@code i} is {@code word}, ignoring case (no string is built). */
  private static boolean is(Tokens t, int i, String word) {
    return i >= 0 && i < t.size && t.ends[i] - t.starts[i] == word.length()
        && t.text.regionMatches(true, t.starts[i], word, 0, word.length());
  }

  /** Token {@code i} is a comma or ends a sentence or clause. */
  private static boolean clauseEnd(Tokens t, int i) {
    return i < t.size && t.ends[i] - t.starts[i] == 1 && ".,;!?".indexOf(t.text.charAt(t.starts[i])) >= 0;
  }

  /** Lower-case words that belong to the surname after them. */
  private static final Set<String> PARTICLES = Set.of("van", "von", "der", "den", "de", "da", "di", "del",
      "della", "du", "dos", "das", "le", "la", "bin", "ibn", "al", "el", "ter", "ten", "zu");

  static final Set<String> ORG_SUFFIXES = Set.of("corporation", "corp", "inc", "llc", "ltd",
      "limited", "group", "company", "co", "gmbh", "ag", "sa", "plc", "partners", "holdings",
      "technologies", "solutions", "systems", "labs", "foundation", "institute", "university", "bank",
      "associates", "consulting", "industries", "international", "services", "networks", "insurance",
      "robotics", "analytics", "software", "capital", "ventures", "motors", "logistics",
      "pharmaceuticals", "enterprises", "studios");

  private static final Set<String> WEEKDAYS = Set.of("monday", "tuesday", "wednesday", "thursday",
      "friday", "saturday", "sunday");

  private static final Set<String> NRP_WORDS = Set.of("american", "british", "english", "french",
      "german", "italian", "spanish", "portuguese", "dutch", "belgian", "swiss", "austrian", "swedish",
      "norwegian", "danish", "finnish", "polish", "czech", "slovak", "hungarian", "romanian",
      "bulgarian", "greek", "turkish", "russian", "ukrainian", "chinese", "japanese", "korean",
      "indian", "pakistani", "bangladeshi", "vietnamese", "thai", "filipino", "indonesian",
      "malaysian", "australian", "canadian", "mexican", "brazilian", "argentinian", "colombian",
      "chilean", "peruvian", "cuban", "nigerian", "kenyan", "egyptian", "moroccan", "israeli",
      "palestinian", "iranian", "iraqi", "syrian", "saudi", "lebanese", "afghan", "irish",
      "scottish", "welsh", "icelandic", "estonian", "latvian", "lithuanian", "serbian", "croatian",
      "bosnian", "albanian", "ethiopian", "somali", "ghanaian", "african", "european", "asian",
      "latino", "hispanic", "arab", "christian", "catholic", "protestant", "muslim", "jewish",
      "hindu", "buddhist", "sikh", "orthodox", "lutheran", "methodist", "baptist", "mormon",
      "shia", "sunni", "evangelical", "anglican", "atheist", "democrat", "republican", "socialist",
      "conservative", "liberal", "communist", "libertarian", "tory");

  static final Pattern AGE = Pattern.compile(
      "(?i)" + Rules.L + "(?:(\\d{1,3})[- ]?(?:years?|yrs?)[- ]?old|aged? (?:of )?(\\d{1,3})(?![0-9])|(\\d{1,3}) ?y/?o" + Rules.R + ")");

  private final NameModel model;
  private final Gazetteer gazetteer;
  private final AddressBlocks addressBlocks;

  private NameScanner(NameModel model, Gazetteer gazetteer) {
    this.model = model;
    this.gazetteer = gazetteer;
    this.addressBlocks = new AddressBlocks(gazetteer);
  }

  /**
   * Reads the model and the gazetteers, the word lists on a second thread: together they are
   * most of the time a detector takes to start.
   */
  static NameScanner load() {
    FutureTask<Gazetteer> gazetteer = new FutureTask<>(Gazetteer::load);
    Thread loader = new Thread(gazetteer, "palisade-gazetteer-load");
    loader.setDaemon(true);
    loader.start();
    NameModel model;
    try (InputStream in = NameScanner.class.getResourceAsStream("ner-en.bin")) {
      if (in == null) {
        throw new IllegalStateException("missing bundled name finder model ner-en.bin");
      }
      model = NameModel.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled name finder model", e);
    }
    try {
      return new NameScanner(model, gazetteer.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the gazetteers", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("cannot load the gazetteers", e.getCause());
    }
  }

  void scan(String text, Sink sink) {
    ages(text, sink);
    Tokens tokens = Tokens.of(text);
    if (tokens.size == 0) {
      return;
    }
    EntityType[] covered = new EntityType[tokens.size]; // what the name finder found there
    NameModel.Document finder = model.document();
    int start = 0;
    for (int i = 0; i < tokens.size; i++) {
      boolean end = i == tokens.size - 1 || i - start >= 120 || sentenceEnd(tokens, i) || blankLineAfter(tokens, i);
      if (end) {
        if (mayHoldNames(tokens, start, i + 1)) {
          model(tokens, start, i + 1, finder, sink, covered);
        }
        start = i + 1;
      }
    }
    rules(tokens, sink, covered);
    coordinated(tokens, sink);
    addressBlocks.scan(text, sink);
  }

  /**
   * Names joined to a person by "and", "or", "&" or a comma are people too when they look like
   * names: "Lang and Fowler", "Malon, Mark, Kaylee and Brandi".
   */
  private void coordinated(Tokens t, Sink sink) {
    boolean[] person = new boolean[t.size];
    int n = sink.items.size();
    for (int k = 0; k < n; k++) {
      Sink.Candidate c = sink.items.get(k);
      if (c.type() == EntityType.PERSON && !c.structured() && c.score() >= 0.5) {
        for (int i = t.indexAt(c.start()); i >= 0 && i < t.size && t.starts[i] < c.end(); i++) {
          person[i] = true;
        }
      }
    }
    boolean[] connector = new boolean[t.size];
    boolean changed = false;
    for (int i = 1; i + 1 < t.size; i++) {
      connector[i] = isAny(t, i, CONNECTORS);
      changed |= connector[i] && (person[i - 1] || person[i + 1]);
    }
    for (int round = 0; changed && round < 8; round++) {
      changed = false;
      for (int i = 0; i + 2 < t.size; i++) {
        if (!connector[i + 1]) {
          continue;
        }
        int other = person[i] && !person[i + 2] ? i + 2 : person[i + 2] && !person[i] ? i : -1;
        if (other >= 0 && (nameLike(t, other) || isCapitalized(t.token(other)) && isName(t.token(other)))) {
          person[other] = true;
          changed = true;
          // a known name outweighs the model's reading of it as a place ("Malon, Mark, Brandi and ...")
          double score = isName(t.token(other)) && !gazetteer.place(t.token(other)) ? 0.8 : 0.6;
          sink.addUnstructured(EntityType.PERSON, t.starts[other], t.ends[other], score, "person-coordination");
        }
      }
    }
  }

  /** A capitalized word (any letters word in text without capitals) that is not everyday English. */
  private boolean nameLike(Tokens t, int i) {
    String w = t.token(i);
    return (isCapitalized(w) || t.lowerCaseText() && allLetters(w))
        && w.length() > 1 && !COMMON_WORDS.contains(w.toLowerCase(Locale.ROOT)) && (!gazetteer.common(w) || isName(w));
  }

  /**
   * Whether a sentence has a word that could be a name: one capitalized inside the sentence, a
   * capitalized first word that is not everyday English, or a lower-case word that is not
   * everyday English ("Mark called" alone is skipped: "Mark" is also a word). The name finder
   * costs most of a scan, and most sentences of ordinary prose have no such word.
   */
  private boolean mayHoldNames(Tokens t, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = t.text.charAt(t.starts[i]);
      if (!Character.isLetter(c)) {
        continue;
      }
      String w = t.token(i);
      if (w.length() == 1) {
        continue; // "I", "a"
      }
      if (Character.isUpperCase(c)) {
        boolean initial = i == from || isQuote(t, i - 1);
        if (!initial || !gazetteer.common(w)) {
          return true;
        }
      } else if (!gazetteer.common(w)) {
        return true;
      }
    }
    return false;
  }

  private boolean isName(String w) {
    String lw = w.toLowerCase(Locale.ROOT);
    return gazetteer.firstNames.contains(lw) || gazetteer.lastNames.contains(lw);
  }

  /** A blank line ends a sentence: a name above an address block is not part of it. */
  private static boolean blankLineAfter(Tokens t, int i) {
    return newlinesAfter(t, i) >= 2;
  }

  /** Line breaks between token {@code i} and the next one. */
  private static int newlinesAfter(Tokens t, int i) {
    int newlines = 0;
    for (int k = t.ends[i], end = i + 1 < t.size ? t.starts[i + 1] : t.ends[i]; k < end; k++) {
      newlines += t.text.charAt(k) == '\n' ? 1 : 0;
    }
    return newlines;
  }

  private static boolean sentenceEnd(Tokens t, int i) {
    char c = t.text.charAt(t.starts[i]);
    if (t.ends[i] - t.starts[i] != 1 || (c != '.' && c != '!' && c != '?')) {
      return false;
    }
    if (c == '.' && i > 0) {
      String prev = t.token(i - 1).toLowerCase(Locale.ROOT);
      if (ABBREVIATIONS.contains(prev) || prev.length() == 1) {
        return false;
      }
    }
    return true;
  }

  private void model(Tokens t, int from, int to, NameModel.Document finder, Sink sink, EntityType[] covered) {
    if (to <= from) {
      return;
    }
    NameModel.Names names = finder.find(t.strings(from, to));
    Span[] spans = names.spans();
    double[] probs = names.probs();
    for (int k = 0; k < spans.length; k++) {
      Span s = spans[k];
      EntityType type = switch (s.getType()) {
        case "person" -> EntityType.PERSON;
        case "location" -> EntityType.LOCATION;
        case "organization" -> EntityType.ORGANIZATION;
        case "nrp" -> EntityType.NRP;
        default -> null;
      };
      if (type == null) {
        continue;
      }
      int ts = from + s.getStart();
      int te = from + s.getEnd();
      if (type == EntityType.ORGANIZATION && te - ts == 1 && isName(t.token(ts)) && !gazetteer.place(t.token(ts))) {
        type = EntityType.PERSON; // one known name is a person's, whatever the model says ("Scott" + "Tury")
      } else if (type == EntityType.PERSON && te - ts == 1 && gazetteer.place(t.token(ts)) && !isName(t.token(ts))) {
        type = EntityType.LOCATION; // "Algeria was super fun to visit"
      }
      if (type == EntityType.PERSON || type == EntityType.ORGANIZATION) {
        // names do not run across lines ("Amanda Larsen\nPhone: ..."); addresses do
        for (int i = ts + 1; i < te; i++) {
          if (newlinesAfter(t, i - 1) > 0) {
            te = i;
            break;
          }
        }
      }
      while (type == EntityType.PERSON && te - ts > 1 && gazetteer.common(t.token(te - 1))
          && (!isName(t.token(te - 1)) || COMMON_WORDS.contains(t.token(te - 1).toLowerCase(Locale.ROOT)))) {
        te--; // "Larsen Phone", "beneventi to"
      }
      while (type == EntityType.PERSON && (te - ts > 2 || te - ts > 1 && Character.isLowerCase(t.text.charAt(t.starts[ts])))
          && gazetteer.common(t.token(ts)) && !isName(t.token(ts))) {
        ts++; // "said william", "Producer Michael Hansen"
      }
      // drop trailing punctuation tokens the model may have swallowed
      while (te > ts + 1 && !Tokens.isWordChar(t.text.charAt(t.starts[te - 1]))) {
        te--;
      }
      boolean letter = false;
      for (int i = t.starts[ts]; i < t.ends[te - 1] && !letter; i++) {
        letter = Character.isLetter(t.text.charAt(i));
      }
      if (!letter) {
        continue;
      }
      if (type == EntityType.LOCATION) {
        te = longestCountry(t, ts, te, to); // "People's Republic" + "of China"
        if (te - ts > 2 && is(t, te - 2, "country") && is(t, te - 1, "club")) {
          te -= 2; // "Kraków Country Club": the place is Kraków, the club is not one
        } else if (te - ts > 1 && STREET_WORDS.contains(t.token(te - 1)) && startsWithDigit(t, te - 2) && !t.lowerCaseText()) {
          te--; // "Koenigstrasse 51 street": the lower-case word is not part of the name
        }
      }
      double score = 0.45 + 0.5 * probs[k];
      if (type == EntityType.PERSON && te < to && !lowerCaseTextOrCapitalized(t, te)
          && gazetteer.lastNames.contains(t.token(te).toLowerCase(Locale.ROOT))
          && !COMMON_WORDS.contains(t.token(te).toLowerCase(Locale.ROOT))) {
        te++; // "Susan" + a known last name the model left out
      }
      if (te < to && ORG_SUFFIXES.contains(t.token(te).toLowerCase(Locale.ROOT))) {
        te++; // "Rand" + "Corporation"
        type = EntityType.ORGANIZATION;
        if (te < to && t.token(te).equals(".") && te + 1 < to) {
          te++; // "Inc." inside a sentence keeps its dot
        }
      } else if (type == EntityType.PERSON && te - ts == 1 && te < to
          && gazetteer.firstNames.contains(t.token(ts).toLowerCase(Locale.ROOT)) && surnameLike(t, te)) {
        te++; // a known first name and the name-like word after it: "Matthew Reumer"
      }
      while (type == EntityType.PERSON && ts > from && PARTICLES.contains(t.token(ts - 1))) {
        ts--; // "van Gijn", "de la Cruz"
      }
      if (type == EntityType.PERSON && ts > from && knownFirstName(t, ts - 1) && newlinesAfter(t, ts - 1) == 0
          && (covered[ts - 1] == null || covered[ts - 1] == EntityType.PERSON)) {
        ts--; // a known first name the model left out before the surname: "Jason" + "Castro"
      }
      if (te - ts == 1 && Character.isLowerCase(t.text.charAt(t.starts[ts])) && !t.lowerCaseText()) {
        // one lower-case word in normally cased text is rarely a name of any kind
        score -= 0.25;
      }
      if (te - ts == 1) {
        String w = t.token(ts).toLowerCase(Locale.ROOT);
        boolean first = gazetteer.firstNames.contains(w);
        boolean name = first || gazetteer.lastNames.contains(w);
        if (w.length() == 1) {
          continue; // one character is no name of any kind ("J", a stray letter of broken encoding)
        }
        if (type == EntityType.PERSON && !name && (ts == from || isQuote(t, ts - 1))) {
          // a capitalized first word that no name list knows is usually just a sentence start
          score -= 0.25;
        }
        if (type == EntityType.PERSON) {
          if (COMMON_WORDS.contains(w)) {
            score -= 0.3;
          } else if (first || gazetteer.lastNames.contains(w)) {
            score += 0.1;
          }
        }
      }
      if (type == EntityType.PERSON && ts > from && is(t, ts - 1, "the") && allCommon(t, ts, te)) {
        continue; // "The Princess Royal": a title, not a name
      }
      if (everyday(t, ts, te, type)) {
        // "had 6", "Unfortunately", "Fax": ordinary words the model took for a name
        score -= 0.3;
      }
      if (type == EntityType.PERSON && (gluedToNumber(t, te) || numberBefore(t, ts))) {
        continue; // "Blink-182": a band or a product; "751-954-9268-Fax"
      }
      int title = type == EntityType.PERSON ? titleBefore(t, ts, from) : ts;
      if (title < ts) {
        ts = title; // "Mr. Ford": the title is part of the name, and evidence of one
        score += 0.1;
      }
      sink.addUnstructured(type, t.starts[ts], t.ends[te - 1], score, "ner");
      for (int i = ts; i < te && score >= 0.5; i++) {
        covered[i] = type; // a weak span does not stop the rules from reading these words
      }
    }
  }

  /**
   * The {@link String#hashCode()} of the lower-cased text of tokens {@code i} to {@code i + k}
   * into {@code hashes[k]}, for k below {@code longest}; returns for how many lengths it could
   * (up to the first character beyond ASCII, whose lower case may depend on its neighbours).
   */
  private static int placeHashes(Tokens t, int i, int longest, int[] hashes) {
    int h = 0;
    int k = 0;
    for (int c = t.starts[i]; k < longest; c++) {
      char ch = t.text.charAt(c);
      if (ch >= 0x80) {
        break;
      }
      h = 31 * h + (ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
      if (c + 1 == t.ends[i + k]) {
        hashes[k++] = h;
      }
    }
    return k;
  }

  private void rules(Tokens t, Sink sink, EntityType[] covered) {
    boolean lowerText = t.lowerCaseText();
    int[] hashes = new int[LONGEST_PLACE];
    for (int i = 0; i < t.size; i++) {
      String w = t.token(i);
      String lw = w.toLowerCase(Locale.ROOT);
      if (WEEKDAYS.contains(lw)) {
        sink.addUnstructured(EntityType.DATE_TIME, t.starts[i], t.ends[i], 0.6, "date");
        continue;
      }
      if (STREET_WORDS.contains(lw) && i > 0) {
        int from = streetStart(t, i);
        // "Google Drive", "Supreme Court": these words name a street only after a house number
        if (from < i && (!NUMBERED_STREET_WORDS.contains(lw) || startsWithDigit(t, from))
            && covered[i] != EntityType.LOCATION) { // the name finder's address is longer
          // "Anderson Street", "2914 184th Street": a street even when its name is a person's
          sink.addUnstructured(EntityType.LOCATION, t.starts[from], t.ends[i], 0.92, "street");
        }
      }
      if (ORG_SUFFIXES.contains(lw) && i > 0 && covered[i] != EntityType.ORGANIZATION) {
        int from = companyStart(t, i);
        if (from < i) {
          int end = i + 1 < t.size && t.token(i + 1).equals(".") && lw.length() <= 4 ? i + 1 : i; // "Ltd."
          sink.addUnstructured(EntityType.ORGANIZATION, t.starts[from], t.ends[end], 0.9, "organization-suffix");
          i = end;
          continue;
        }
      }
      int unit = addressPart(t, i, lw);
      if (unit > i) {
        int from = lw.equals("box") ? boxStart(t, i) : i;
        sink.addUnstructured(EntityType.LOCATION, t.starts[from], t.ends[unit], 0.75, "address");
        i = unit;
        continue;
      }
      if (covered[i] == null && surnamePair(w) && !(i > 0 && knownFirstName(t, i - 1))) {
        // two surnames joined by a hyphen and no first name before them: a firm ("Becker-Shaffer")
        sink.addUnstructured(EntityType.ORGANIZATION, t.starts[i], t.ends[i], 0.65, "organization-names");
        continue;
      }
      if (covered[i] != EntityType.PERSON && isCapitalized(w) && nameCue(t, i) && allLetters(w)
          && (isName(w) || !COMMON_WORDS.contains(lw))) {
        // "call me Mark", "her maiden name is Hale": the cue makes even an everyday word a name
        int end = i + 1 < t.size && newlinesAfter(t, i) == 0 && surnameLike(t, i + 1) ? i + 1 : i;
        sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[end], 0.9, "person-cue");
        i = end;
        continue;
      }
      // a name or a place starts with a capital, except in text without capitals
      boolean capital = lowerText || Character.isUpperCase(w.charAt(0));
      if (covered[i] != EntityType.PERSON && capital) {
        // the cheap tests of the words around first; the name lists only when one of them holds
        boolean speaker = i > 0 && (clauseEnd(t, i + 1) || is(t, i + 1, "to")) && isAny(t, i - 1, SPEECH_VERBS);
        boolean owner = !speaker && ownerCue(t, i);
        boolean dialogue = !speaker && !owner && dialogueCue(t, i);
        int context = speaker || owner || dialogue ? -1 : personContext(t, i);
        if ((speaker || owner || dialogue || context >= 0) && !gazetteer.place(lw)) {
          boolean word = (isCapitalized(w) || lowerText && w.length() > 1 && allLetters(w)) && !COMMON_WORDS.contains(lw);
          boolean unknown = word && !gazetteer.common(lw);
          boolean nameLike = word && (unknown || isName(w));
          if ((speaker || owner) && nameLike) {
            // who said it, at the end of a quote ('..." says Vedzizhev.', '"...!" said petra to
            // michael'), or whose it is ("Hleb's address")
            sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[i], 0.75, speaker ? "person-speaker" : "person-owner");
            continue;
          }
          if (dialogue && unknown || context >= 0 && (nameLike || isName(w) && isCapitalized(w))) {
            int end = Math.max(i, context);
            sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[end], 0.8, "person-context");
            i = end;
            continue;
          }
        }
      }
      if (covered[i] == EntityType.LOCATION && lowerText && gazetteer.firstNames.contains(lw) && !gazetteer.place(lw)
          && i + 1 < t.size && (covered[i + 1] == null || covered[i + 1] == EntityType.LOCATION)
          && newlinesAfter(t, i) == 0 && surnameLike(t, i + 1)) {
        // in text without capitals the model may take a first name for a place: "janice beneventi"
        sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[i + 1], 0.85, "person-gazetteer");
        i++;
        continue;
      }
      if (covered[i] != EntityType.LOCATION && capital && placeCue(t, i) && placeWord(t, i)) {
        // "I'm in PADASJOKI", "grew up in onnezies": a place even when no list knows it
        int end = i;
        while (end + 1 < t.size && end - i < 2 && newlinesAfter(t, end) == 0 && placeWord(t, end + 1)) {
          end++;
        }
        sink.addUnstructured(EntityType.LOCATION, t.starts[i], t.ends[end], 0.8, "location-cue");
        i = end;
        continue;
      }
      if (w.length() == 7 && is(t, i, "country") && is(t, i + 1, "club") && i > 0 && covered[i - 1] == null && placeWord(t, i - 1)) {
        int from = i - 1;
        while (from > 0 && i - from < 4 && covered[from - 1] == null && placeWord(t, from - 1)) {
          from--;
        }
        sink.addUnstructured(EntityType.LOCATION, t.starts[from], t.ends[i - 1], 0.7, "location-club");
      }
      if (covered[i] != null) {
        continue;
      }
      // countries and cities, up to six tokens ("People's Republic of China")
      int best = -1;
      boolean country = false;
      int longest = Math.min(capital ? LONGEST_PLACE : 4, t.size - i);
      int hashed = placeHashes(t, i, longest, hashes);
      for (int len = longest; len >= 1 && best < 0; len--) {
        if (len <= hashed && !gazetteer.mayBePlace(hashes[len - 1])) {
          continue;
        }
        String phrase = t.text.substring(t.starts[i], t.ends[i + len - 1]).toLowerCase(Locale.ROOT);
        if (gazetteer.countries.contains(phrase)) {
          best = len;
          country = true;
        } else if (Character.isUpperCase(w.charAt(0)) && (len > 1 || w.length() > 3)
            && gazetteer.cities.contains(phrase) && !COMMON_WORDS.contains(phrase)) {
          best = len;
        }
      }
      if (best > 0) {
        sink.addUnstructured(EntityType.LOCATION, t.starts[i], t.ends[i + best - 1], country ? 0.7 : 0.55, "gazetteer");
        i += best - 1;
        continue;
      }
      if (NRP_WORDS.contains(lw) && Character.isUpperCase(w.charAt(0))) {
        sink.addUnstructured(EntityType.NRP, t.starts[i], t.ends[i], 0.6, "gazetteer");
        continue;
      }
      // title + capitalized words
      if (TITLES.contains(lw) && i + 1 < t.size) {
        int j = i + 1;
        if (j < t.size && t.token(j).equals(".")) {
          j++;
        }
        int k = j;
        while (k < t.size && k - j < 3 && isCapitalized(t.token(k))) {
          k++;
        }
        if (k > j) {
          sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[k - 1], 0.85, "person-title");
          i = k - 1;
          continue;
        }
      }
      // a known first name, with a known last name after it when there is one
      // (in text without capitals, not one that is also an everyday word: "said", "will")
      if ((isCapitalized(w) || lowerText && w.length() > 2 && allLetters(w) && !gazetteer.common(lw))
          && gazetteer.firstNames.contains(lw) && !COMMON_WORDS.contains(lw)) {
        String next = i + 1 < t.size ? t.token(i + 1) : "";
        if (isCapitalized(next) && covered[i + 1] == null && gazetteer.lastNames.contains(next.toLowerCase(Locale.ROOT))) {
          sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[i + 1], 0.8, "person-gazetteer");
          i++;
        } else if (i + 1 < t.size && covered[i + 1] == null && surnameLike(t, i + 1)) {
          sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[i + 1], 0.7, "person-gazetteer");
          i++;
        } else if (i + 1 < t.size && covered[i + 1] != null && covered[i + 1] != EntityType.PERSON
            && (i + 2 >= t.size || covered[i + 2] == null) && newlinesAfter(t, i) == 0 && surnameLike(t, i + 1)) {
          // the model read the surname alone as a place or company: "Leslie" + "Kocanda"
          sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[i + 1], 0.8, "person-gazetteer");
          i++;
        } else if (!gazetteer.common(lw)) {
          sink.addUnstructured(EntityType.PERSON, t.starts[i], t.ends[i], 0.55, "person-gazetteer");
        }
      }
    }
  }

  /** Token {@code i} is a capitalized first name that is not also an everyday word. */
  private boolean knownFirstName(Tokens t, int i) {
    String w = t.token(i);
    String lw = w.toLowerCase(Locale.ROOT);
    return isCapitalized(w) && gazetteer.firstNames.contains(lw) && !COMMON_WORDS.contains(lw);
  }

  /**
   * Token {@code i} could be the surname after a first name: a known last name, or a word that
   * is not everyday English, capitalized (or in text without capitals).
   */
  private boolean surnameLike(Tokens t, int i) {
    String w = t.token(i);
    String lw = w.toLowerCase(Locale.ROOT);
    if (COMMON_WORDS.contains(lw) || !(isCapitalized(w) || t.lowerCaseText() && allLetters(w))) {
      return false;
    }
    if (gazetteer.lastNames.contains(lw) || !gazetteer.common(lw)) {
      return true;
    }
    // in cased text a capitalized everyday word after a first name is a surname ("Luke Curry"),
    // unless it names a street, a firm or a place ("Grace Street", "Jordan Holdings"), or the
    // word before is everyday English too ("Princess Royal")
    return !t.lowerCaseText() && i > 0 && !gazetteer.common(t.token(i - 1)) && !STREET_WORDS.contains(lw) && !ORG_SUFFIXES.contains(lw) && !gazetteer.place(lw)
        && w.length() > 2 && Character.isLowerCase(w.charAt(1));
  }

  /** Every token of the span is an everyday English word, names or not. */
  private boolean allCommon(Tokens t, int ts, int te) {
    for (int i = ts; i < te; i++) {
      if (!gazetteer.common(t.token(i))) {
        return false;
      }
    }
    return true;
  }

  /** Every word of the span is everyday English and none is a known name or place of its type. */
  private boolean everyday(Tokens t, int ts, int te, EntityType type) {
    boolean words = false;
    for (int i = ts; i < te; i++) {
      if (!Character.isLetter(t.text.charAt(t.starts[i]))) {
        continue;
      }
      String w = t.token(i);
      String lw = w.toLowerCase(Locale.ROOT);
      boolean known = type == EntityType.PERSON ? isName(w)
          : type == EntityType.LOCATION && gazetteer.place(lw);
      if (known || !gazetteer.common(w)) {
        return false;
      }
      words = true;
    }
    return words;
  }

  private static boolean isQuote(Tokens t, int i) {
    char c = t.text.charAt(t.starts[i]);
    return c == '"' || c == '\'' || c == '(' || c == ':' || c == '\\';
  }

  /** False when token {@code i} is a capitalized word, or any word in lower-case text. */
  private static boolean lowerCaseTextOrCapitalized(Tokens t, int i) {
    String w = t.token(i);
    return !(isCapitalized(w) || t.lowerCaseText() && allLetters(w));
  }

  private static boolean isCapitalized(String w) {
    return !w.isEmpty() && Character.isUpperCase(w.charAt(0)) && allLetters(w);
  }

  /** Every UTF-16 unit is a letter, as {@code w.chars().allMatch(Character::isLetter)}, without a stream. */
  private static boolean allLetters(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (!Character.isLetter((int) w.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static void ages(String text, Sink sink) {
    if (!sink.wants(EntityType.AGE)) {
      return;
    }
    Matcher m = AGE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    for (int cursor = 0; findAge(m, text, cursor); cursor = m.end()) {
      for (int g = 1; g <= 3; g++) {
        if (m.group(g) != null) {
          int v = Integer.parseInt(m.group(g));
          if (v <= 130) {
            sink.add(EntityType.AGE, m.start(g), m.end(g), 0.7, "age", List.of("age", "old", "aged"));
          }
        }
      }
    }
  }

  /** The most characters before its first digit that a match of {@link #AGE} has ("aged of 3"). */
  static final int AGE_DIGIT_OFFSET = 8;
  /** More than the longest match of {@link #AGE} ("123-years-old" is 13 characters). */
  static final int AGE_LONGEST = 16;
  private static final int AGE_WINDOW = 96;

  /**
   * The first match of {@link #AGE} at or after {@code cursor}, the one {@link Matcher#find()}
   * would return (the matcher needs transparent, non-anchoring bounds), but the regex runs only
   * near digits: every match has a digit within its first nine characters, so none starts more
   * than {@value #AGE_DIGIT_OFFSET} characters before the first digit at or after it. Each
   * search is bounded to a window; a match starting more than {@value #AGE_LONGEST} characters
   * before the window's end would fit in it whole, so such a start is taken as it is (lookarounds
   * see past the window) and starts after it are searched again.
   */
  static boolean findAge(Matcher m, String text, int cursor) {
    int n = text.length();
    while (true) {
      int d = cursor;
      while (d < n && (text.charAt(d) < '0' || text.charAt(d) > '9')) {
        d++;
      }
      if (d >= n) {
        return false;
      }
      int from = Math.max(cursor, d - AGE_DIGIT_OFFSET);
      int end = Math.min(n, from + AGE_WINDOW);
      int sure = end == n ? n : end - AGE_LONGEST; // starts before this are searched in full
      m.region(from, end);
      if (m.find() && m.start() < sure) {
        return true;
      }
      if (end == n) {
        return false;
      }
      cursor = sure;
    }
  }
}
