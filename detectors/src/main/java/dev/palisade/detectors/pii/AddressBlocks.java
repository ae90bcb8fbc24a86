package dev.palisade.detectors.pii;

import dev.palisade.detect.EntityType;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postal addresses written as a block of lines, as on an envelope or under a signature: a street
 * line, optionally a unit line, the town, and a last line that ends with a postcode
 * ("Latvia 04731", "Springfield, IL 62704", or ", SH" and "05775" on lines of their own). Up to
 * three lines right above the street are read as the addressee: a person when the line starts
 * with a known first name, otherwise a company.
 *
 * <p>Each line is its own finding. Lines of quoted mail keep their prefix ("&gt; ", "??? "), so a
 * finding never spans a prefix; every line of one block must carry the same one. Lines without
 * a prefix are joined into one address later, with the other address lines
 * ({@code PiiDetector#joinAddressLines}).
 *
 * <p>A block is read upwards from its postcode line, at most eight lines, so a scan stays linear
 * in the text. Stateless and thread-safe.
 */
final class AddressBlocks {

  /** Longer lines are prose, not lines of an address. */
  private static final int LONGEST_LINE = 64;

  private static final Pattern POSTCODE_LINE = Pattern.compile(
      "(?:\\p{L}[\\p{L}\\p{M}'’., -]{0,48}?[ ,])?\\d{4,6}(?:-\\d{4})?");
  private static final Pattern LONE_POSTCODE = Pattern.compile("\\d{4,6}(?:-\\d{4})?");
  private static final Pattern STATE_LINE = Pattern.compile(", ?[\\p{L}\\d]{1,3}");
  private static final Pattern UNIT_LINE = Pattern.compile(
      "(?i)(?:suite|ste\\.?|apt\\.?|apartment|unit|flat|room|floor|#) ?#?[\\p{Alnum}-]{1,6}");
  private static final Pattern CITY_LINE = Pattern.compile("\\p{L}[\\p{L}\\p{M}'’. -]{1,40}");
  /** A house number and what follows it on the line: "42 Main Street", "98 P.O. Box 101". */
  private static final Pattern HOUSE_NUMBER = Pattern.compile("(?<![\\p{L}\\d.,:/-])\\d{1,5}[a-zA-Z]?\\s+[\\p{L}\\d]");
  /** A street line without a leading house number: "Vesturgata 66", "P.O. Box 7". */
  private static final Pattern NAMED_STREET = Pattern.compile(
      "(?i)p\\.? ?o\\.? box .{1,40}|\\p{L}[^\\d\\s]*(?: [^\\d\\s]+){0,4} \\d{1,5}[a-z]?");
  /** A ship at the end of a line, above its military post line ("USS Dam" over "FPO AE 94560"). */
  private static final Pattern SHIP = Pattern.compile("(?i)(?<!\\S)(?:uss|usns|usnv|uscgc) \\p{L}[\\p{L}\\p{M}'’-]*$");
  private static final Pattern HEADER_LINE = Pattern.compile("[\\p{L}\\d][\\p{L}\\p{M}\\d'’.&-]*(?: [\\p{L}\\p{M}\\d'’.&-]+){0,5}");

  private static final double SCORE = 0.97;

  private final Gazetteer gazetteer;

  AddressBlocks(Gazetteer gazetteer) {
    this.gazetteer = gazetteer;
  }

  /** The lines of a text: where each one's content starts and ends, and its prefix. */
  private static final class Lines {
    final String text;
    final int[] starts;
    final int[] ends;
    final int size;

    Lines(String text) {
      this.text = text;
      int n = 1;
      for (int i = 0; i < text.length(); i++) {
        n += text.charAt(i) == '\n' ? 1 : 0;
      }
      starts = new int[n];
      ends = new int[n];
      int k = 0;
      int from = 0;
      for (int i = 0; i <= text.length(); i++) {
        if (i == text.length() || text.charAt(i) == '\n') {
          int s = from;
          while (s < i && isPrefix(text.charAt(s))) {
            s++;
          }
          int e = i;
          while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
          }
          starts[k] = s;
          ends[k] = e;
          k++;
          from = i + 1;
        }
      }
      size = k;
    }

    boolean blank(int i) {
      return starts[i] == ends[i];
    }

    int length(int i) {
      return ends[i] - starts[i];
    }

    boolean matches(Pattern p, int i) {
      return length(i) <= LONGEST_LINE && p.matcher(text).region(starts[i], ends[i]).matches();
    }

    /** The prefix characters of line {@code i} without white space ("&gt;", "???", or empty). */
    boolean samePrefix(int i, int j) {
      return prefix(i).equals(prefix(j));
    }

    private String prefix(int i) {
      int lineStart = i == 0 ? 0 : text.lastIndexOf('\n', starts[i] - 1) + 1;
      StringBuilder b = new StringBuilder();
      for (int c = lineStart; c < starts[i]; c++) {
        if (!Character.isWhitespace(text.charAt(c))) {
          b.append(text.charAt(c));
        }
      }
      return b.toString();
    }
  }

  /** White space and the marks of quoted mail and lists that may start a line. */
  private static boolean isPrefix(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '>' || c == '?' || c == '|' || c == '*' || c == '•';
  }

  /** Where a street name ends: a street word or a house number. */
  private static final String STREET_END = "(?:street|st|road|rd|avenue|ave|lane|ln|drive|way|boulevard|blvd"
      + "|parkway|place|square|sq|allee|allé|strasse|straße|gasse|weg|utca|tér|\\d{1,5}[a-z]?)\\b\\.?";
  /** After "corner of": "Auenweg 85 and Kesä Street" (the phrase from "the corner" is the address). */
  private static final Pattern CORNER_REST = Pattern.compile("(?i)[^\\n,;?!]{2,50}? and [^\\n,;?!]{0,40}?" + STREET_END);
  /** After "Eloise and ": a street with a number ("Aqqusinersuaq 171", "226 Thomas Avenue"). */
  private static final Pattern AND_REST = Pattern.compile("(?:(?:[\\p{L}\\p{M}.'-]+ ){1,5}\\d{1,5}[a-z]?\\.?"
      + "|\\d{1,5}[a-z]? (?:[\\p{L}\\p{M}\\d.'-]+ ){0,4}?(?i)" + STREET_END + ")(?![\\p{L}\\p{M}\\d])");
  /** Words after which an address starts: "return to", "office is at". */
  private static final Set<String> ADDRESS_CUES = Set.of("to", "at", "is", "with");
  private static final int LONGEST_CORNER = 120;

  void scan(String text, Sink sink) {
    for (int and = text.indexOf(" and "); and >= 0; and = text.indexOf(" and ", and + 1)) {
      streetAnd(text, and, sink);
    }
    for (int of = text.indexOf("orner of "); of >= 0; of = text.indexOf("orner of ", of + 1)) {
      corner(text, of, sink);
    }
    if (text.indexOf('\n') < 0) {
      return;
    }
    Lines lines = new Lines(text);
    for (int last = 1; last < lines.size; last++) {
      int top = postcodeLineTop(lines, last);
      int street = top < 0 ? -1 : streetAbove(lines, top);
      int lastEnd = street < 0 ? -1 : endingEnd(lines, last);
      if (street < 0 && (lastEnd = oneLineEnd(lines, last)) > 0) {
        street = last; // "12 Gralla 30 Suite 617, HELSINKI, Barbados 00336" under a name
      }
      if (street < 0) {
        continue;
      }
      int from = streetStart(lines, street);
      for (int i = street; i <= last; i++) {
        if (!lines.blank(i)) {
          sink.addUnstructured(EntityType.LOCATION, i == street ? from : lines.starts[i],
              i == last ? lastEnd : lines.ends[i], SCORE, "address-block");
        }
      }
      if (from == lines.starts[street]) { // not "Address: 81 Dikbas Road" nor "... is at 58 Lauzon Parkway"
        addressee(lines, street, sink);
      }
    }
  }

  /**
   * Where the address ends when line {@code i} is one by itself: a house number first, and after
   * its last comma a place with a postcode or a country ("..., HELSINKI, Barbados 00336"); else -1.
   */
  private int oneLineEnd(Lines lines, int i) {
    if (lines.length(i) > LONGEST_LINE || !HOUSE_NUMBER.matcher(lines.text).region(lines.starts[i], lines.ends[i]).lookingAt()) {
      return -1;
    }
    int comma = lines.ends[i] - 2;
    while (comma >= lines.starts[i] && !lines.text.startsWith(", ", comma)) {
      comma--; // within the line: a search of the whole text before it would make a scan quadratic
    }
    if (comma < lines.starts[i]) {
      return -1;
    }
    String tail = lines.text.substring(comma + 2, lines.ends[i]).toLowerCase(Locale.ROOT);
    boolean place = POSTCODE_LINE.matcher(tail).matches() ? placeWords(tail) : gazetteer.countries.contains(tail);
    return place ? lines.ends[i] : -1;
  }

  /**
   * "the corner of Auenweg 85 and Kesä Street", found from the "orner of " at {@code of}: the
   * whole phrase is one address.
   */
  private static void corner(String text, int of, Sink sink) {
    int start = of - 1;
    if (start < 0 || Character.toLowerCase(text.charAt(start)) != 'c' || start > 0 && Character.isLetter(text.charAt(start - 1))) {
      return;
    }
    if (start >= 4 && text.regionMatches(true, start - 4, "the ", 0, 4)
        && (start == 4 || !Character.isLetter(text.charAt(start - 5)))) {
      start -= 4;
    }
    Matcher m = CORNER_REST.matcher(text).region(of + 9, Math.min(text.length(), of + 9 + LONGEST_CORNER));
    if (m.lookingAt()) {
      add(text, start, m.end(), sink);
    }
  }

  /**
   * "to Eloise and 226 Thomas Avenue", "is Iwan and Aqqusinersuaq 171", found from the " and " at
   * {@code and}: a corner named by a one-word street and a numbered one, after a word that
   * introduces an address (the name finder takes "Eloise" for a person).
   */
  private static void streetAnd(String text, int and, Sink sink) {
    int word = and;
    while (word > 0 && (Character.isLetter(text.charAt(word - 1)) || Character.getType(text.charAt(word - 1)) == Character.NON_SPACING_MARK
        || text.charAt(word - 1) == '\'' || text.charAt(word - 1) == '-')) {
      word--;
    }
    if (and - word < 2 || !Character.isUpperCase(text.charAt(word)) || word < 2 || text.charAt(word - 1) != ' ') {
      return;
    }
    int cueEnd = word - 1;
    int cue = cueEnd;
    while (cue > 0 && Character.isLetter(text.charAt(cue - 1))) {
      cue--;
    }
    boolean cued = cue < cueEnd ? ADDRESS_CUES.contains(text.substring(cue, cueEnd).toLowerCase(Locale.ROOT))
        && (cue == 0 || !Character.isLetterOrDigit(text.charAt(cue - 1)))
        : text.charAt(cueEnd - 1) == ':';
    if (!cued) {
      return;
    }
    Matcher m = AND_REST.matcher(text).region(and + 5, Math.min(text.length(), and + 5 + LONGEST_CORNER))
        .useTransparentBounds(true);
    if (m.lookingAt()) {
      add(text, word, m.end(), sink);
    }
  }

  /** Adds a corner; a final dot after a word of more than three letters ends the sentence, not "St." or "76.". */
  private static void add(String text, int start, int end, Sink sink) {
    int word = end - 1;
    while (word > start && Character.isLetter(text.charAt(word - 1))) {
      word--;
    }
    if (text.charAt(end - 1) == '.' && end - 1 - word > 3) {
      end--;
    }
    sink.addUnstructured(EntityType.LOCATION, start, end, SCORE, "street-corner");
  }

  /**
   * Where the street on line {@code i} starts: at its house number, which may follow a label or
   * a few words ("Address: 81 1991 Dikbas Road", "... office is at 58 2347 lauzon parkway"), at a
   * ship's name ending the line, or at the start of a short line that ends with the number
   * ("Vesturgata 66"); -1 for no street.
   */
  private static int streetStart(Lines lines, int i) {
    if (lines.length(i) > 3 * LONGEST_LINE) {
      return -1;
    }
    Matcher m = HOUSE_NUMBER.matcher(lines.text).region(lines.starts[i], lines.ends[i]);
    while (m.find()) {
      if (lines.ends[i] - m.start() <= LONGEST_LINE) {
        return m.start();
      }
    }
    if (lines.length(i) > LONGEST_LINE) {
      return -1;
    }
    m = SHIP.matcher(lines.text).region(lines.starts[i], lines.ends[i]);
    if (m.find()) {
      return m.start();
    }
    m = NAMED_STREET.matcher(lines.text).region(lines.starts[i], lines.ends[i]);
    return m.matches() && !lines.matches(UNIT_LINE, i) ? lines.starts[i] : -1;
  }

  /**
   * When line {@code last} ends an address ("Latvia 04731", or "05775" under ", SH"), the first
   * line of that ending; otherwise -1.
   */
  private int postcodeLineTop(Lines lines, int last) {
    if (lines.blank(last)) {
      return -1;
    }
    if (postcodeEnd(LONE_POSTCODE, lines, last) > 0) {
      int state = last - 1;
      return lines.matches(STATE_LINE, state) && lines.samePrefix(state, last) ? state : -1;
    }
    return endingEnd(lines, last) > 0 ? last : -1;
  }

  /**
   * Where the address ends on its last line {@code i}: after the postcode ("Latvia 04731",
   * "05775"), or after a line that is only a country ("Mali"); -1 when the line ends none.
   */
  private int endingEnd(Lines lines, int i) {
    int lone = postcodeEnd(LONE_POSTCODE, lines, i);
    if (lone > 0) {
      return lone;
    }
    int end = postcodeEnd(POSTCODE_LINE, lines, i);
    if (end > 0) {
      return namesPlace(lines, i) ? end : -1;
    }
    return lines.length(i) <= 40 && gazetteer.countries.contains(
        lines.text.substring(lines.starts[i], lines.ends[i]).toLowerCase(Locale.ROOT)) ? lines.ends[i] : -1;
  }

  /**
   * Where the postcode ends when line {@code i} starts with {@code p}, the rest of the line
   * being a new clause ("Tonga 44249? I am in ..."); otherwise -1.
   */
  private static int postcodeEnd(Pattern p, Lines lines, int i) {
    Matcher m = p.matcher(lines.text).region(lines.starts[i], Math.min(lines.ends[i], lines.starts[i] + LONGEST_LINE));
    if (!m.lookingAt()) {
      return -1;
    }
    int end = m.end();
    if (end == lines.ends[i]) {
      return end;
    }
    char next = lines.text.charAt(end);
    boolean clause = next == ' ' || "?!;:".indexOf(next) >= 0
        || (next == '.' || next == ',') && (end + 1 == lines.ends[i] || lines.text.charAt(end + 1) == ' ');
    return clause ? end : -1;
  }

  /**
   * The words before the postcode are a known country or town, or one of them is not everyday
   * English ("Latvia 04731", "TAUCHERS, nan 02614"; not "Total 12345").
   */
  private boolean namesPlace(Lines lines, int i) {
    int end = postcodeEnd(POSTCODE_LINE, lines, i);
    return end > 0 && placeWords(lines.text.substring(lines.starts[i], end));
  }

  /** The words of a postcode line before the postcode are a country or town, or not everyday English. */
  private boolean placeWords(String line) {
    int end = line.length();
    while (end > 0 && !Character.isLetter(line.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return false;
    }
    String words = line.substring(0, end).toLowerCase(Locale.ROOT);
    if (gazetteer.place(words)) {
      return true;
    }
    for (String w : words.split("[ ,]+")) {
      if (!w.isEmpty() && !gazetteer.common(w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The street line above the ending that starts at line {@code top}, with at most three town,
   * unit or state lines and single blank lines between them; -1 when there is none.
   */
  private int streetAbove(Lines lines, int top) {
    int middle = 0;
    for (int i = top - 1; i >= 0 && i >= top - 8; i--) {
      if (lines.blank(i)) {
        if (i > 0 && lines.blank(i - 1)) {
          return -1; // a paragraph break
        }
        continue;
      }
      if (!lines.samePrefix(i, top)) {
        return -1;
      }
      int from = lines.matches(UNIT_LINE, i) ? -1 : streetStart(lines, i);
      if (from >= 0 && (middle > 0 || hasLetters(lines, top) && !namedOnly(lines, i, from))) {
        // with the town on a line of its own, or on the postcode line ("TAUCHERS, nan 02614"), where
        // "Widgets 2" over "Total 12345" would read as a street without a house number before it
        return i;
      }
      if (++middle > 3 || !(lines.matches(CITY_LINE, i) || lines.matches(UNIT_LINE, i) || lines.matches(STATE_LINE, i))) {
        return -1;
      }
    }
    return -1;
  }

  /** The street on line {@code i} has neither a house number before it nor a ship's name. */
  private static boolean namedOnly(Lines lines, int i, int from) {
    return !Character.isDigit(lines.text.charAt(from)) && !SHIP.matcher(lines.text).region(from, lines.ends[i]).matches();
  }

  private static boolean hasLetters(Lines lines, int i) {
    return Character.isLetter(lines.text.charAt(lines.starts[i]));
  }

  /** Up to three name lines right above the street: people by a known first name, else companies. */
  private void addressee(Lines lines, int street, Sink sink) {
    for (int i = street - 1; i >= 0 && i >= street - 3; i--) {
      if (!headerLine(lines, i, street)) {
        return;
      }
      String[] words = lines.text.substring(lines.starts[i], lines.ends[i]).split(" ");
      if (personLine(words)) {
        sink.addUnstructured(EntityType.PERSON, lines.starts[i], lines.ends[i], SCORE, "address-block");
      } else if (company(words) || i > 0 && headerLine(lines, i - 1, street)
          && personLine(lines.text.substring(lines.starts[i - 1], lines.ends[i - 1]).split(" "))) {
        // a line under a person's name and over the address is their company, even "Mint"
        sink.addUnstructured(EntityType.ORGANIZATION, lines.starts[i], lines.ends[i], SCORE - 0.07, "address-block");
      }
    }
  }

  private static boolean headerLine(Lines lines, int i, int street) {
    return !lines.blank(i) && lines.samePrefix(i, street) && lines.matches(HEADER_LINE, i);
  }

  /** Two to four words, after a title, the first a known first name: "Dr. Brenda Eldarkhanov". */
  private boolean personLine(String[] words) {
    int first = words.length > 1 && NameScanner.TITLES.contains(stripDot(words[0])) ? 1 : 0;
    String name = stripDot(words[first]);
    return words.length - first >= 2 && words.length - first <= 4 && gazetteer.firstNames.contains(name)
        && !NameScanner.COMMON_WORDS.contains(name)
        && !NameScanner.ORG_SUFFIXES.contains(stripDot(words[words.length - 1])); // "Nera Economic Consulting"
  }

  /** A company line has a legal-form or sector word, or a word that is not everyday English. */
  private boolean company(String[] words) {
    for (String w : words) {
      String lw = stripDot(w);
      if (NameScanner.ORG_SUFFIXES.contains(lw) || !lw.isEmpty() && Character.isLetter(lw.charAt(0)) && !gazetteer.common(lw)) {
        return true;
      }
    }
    return false;
  }

  private static String stripDot(String w) {
    String lw = w.toLowerCase(Locale.ROOT);
    return lw.endsWith(".") ? lw.substring(0, lw.length() - 1) : lw;
  }
}
