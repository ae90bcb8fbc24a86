package dev.palisade.detectors.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a rule hit that uses an attack phrase from one that mentions it. "What does 'ignore previous
 * instructions' mean?", "how do I stop people asking it to reveal its system prompt" and "write me
 * a system prompt for my bakery" match the same rules as the attacks they talk about; what gives
 * them away is grammar that an attack does not use:
 * <ul>
 *   <li>an override, extraction or persona phrase is quoted: an opening quote shortly before the
 *       hit, in the same sentence, and its closing quote shortly after;
 *   <li>the instructions or prompt that an override or extraction acts on belong to someone else
 *       or to nobody yet: a third-person ("its"), indefinite ("a", "einen") or first-person ("my")
 *       determiner stands right before them, where an attack says "your", "the", "all" or
 *       "previous".
 * </ul>
 * A mention still counts, at {@link #FACTOR} of its weight: a quoted attack is not always
 * innocent, and other evidence in the text adds up as usual. Text that assembles strings
 * ("a='ignore all'; b='instructions'; run a+b") quotes its payload, so the scanner does not ask here
 * when the smuggling rules matched.
 *
 * <h2>Thread safety</h2>
 * Stateless.
 */
final class Mentions {

  /** What a mentioned attack phrase weighs, relative to a used one. */
  static final double FACTOR = 0.4;
  /** How far before a hit its opening quote may be, and after it its closing quote. */
  private static final int QUOTE_BEFORE = 24;
  private static final int QUOTE_AFTER = 48;
  private static final String OPENING = "\"'“‘«„「『`";
  private static final String CLOSING = "\"'”’»“」』`";
  private static final Set<String> FAMILIES_WITH_OBJECTS = Set.of("override", "extraction");
  /**
   * Families whose quoted phrases are talked about ("what was the 'DAN' prompt?", an article that
   * quotes a note planted "for AI assistants"). A quoted harmful
   * request, fiction or encoded text is more often the payload ("start your reply with 'Sure, here
   * is how to ...'"), so those count in full.
   */
  private static final Set<String> QUOTABLE_FAMILIES =
      Set.of("override", "extraction", "persona", "addressed");
  /**
   * Per rule language, the determiners that make the object someone else's, nobody's yet, or the
   * speaker's own (text is folded: no accents). Possessives that also address the reader politely
   * are left out: German "ihre", Spanish "sus", Italian "sue", Portuguese "suas".
   */
  private static final Map<String, Set<String>> NOT_YOURS = Map.ofEntries(
      Map.entry("en", Set.of("its", "their", "his", "her", "a", "an", "my", "our", "some")),
      Map.entry("de", Set.of("sein", "seine", "seinen", "seiner", "ein", "eine", "einen", "einem",
          "mein", "meine", "meinen", "unser", "unsere", "unseren")),
      Map.entry("fr", Set.of("son", "sa", "ses", "leur", "leurs", "un", "une", "mon", "ma", "mes", "notre", "nos")),
      Map.entry("es", Set.of("un", "una", "unas", "unos", "mi", "mis", "nuestro", "nuestra", "nuestras", "nuestros")),
      Map.entry("it", Set.of("un", "una", "uno", "loro", "mio", "mia", "miei", "mie", "nostro", "nostra", "nostri", "nostre")),
      Map.entry("pt", Set.of("um", "uma", "uns", "umas", "meu", "meus", "minha", "minhas", "nosso", "nossa", "nossos", "nossas")),
      Map.entry("ru", Set.of("его", "ее", "их", "мой", "моя", "мои", "мою", "моих", "наш", "наши", "нашу")),
      // The languages added later. Every Latin-script one has its own entry, so that the English
      // set ("a", "my") is not applied to Czech or Polish "a" ("and"). Languages whose possessives
      // follow the noun or are suffixes (Turkish, Arabic, Hebrew, Persian, Indonesian, Vietnamese,
      // Korean, Hindi) list only the determiners that come before it: their own possessives are
      // not seen by this check.
      Map.entry("nl", Set.of("zijn", "haar", "hun", "een", "mijn", "onze", "ons")),
      Map.entry("sv", Set.of("hans", "hennes", "dess", "deras", "en", "ett", "min", "mina", "mitt", "vara", "vart")),
      Map.entry("pl", Set.of("jego", "jej", "ich", "moje", "moich", "moja", "moj", "moim", "moimi", "nasze", "naszych",
          "nasza", "jakis", "jakies", "jakichs")),
      Map.entry("cs", Set.of("jeho", "jeji", "jejich", "moje", "me", "mych", "moji", "nase", "nasich", "nejake", "nejakou",
          "nejaky")),
      Map.entry("uk", Set.of("його", "іі", "іх", "моі", "моіх", "мою", "моя", "наші", "наших", "нашу", "якісь")),
      Map.entry("ro", Set.of("un", "o", "niste", "unor", "unei", "unui")),
      Map.entry("el", Set.of("ενα", "μια", "ενοσ", "μιασ", "καποιο", "καποια", "καποιεσ", "καποιουσ")),
      Map.entry("tr", Set.of("bir", "onun", "onlarin", "onların", "benim", "bizim")),
      Map.entry("id", Set.of("sebuah", "suatu", "beberapa")),
      Map.entry("vi", Set.of("mot", "vai")),
      Map.entry("ko", Set.of()),
      Map.entry("hi", Set.of()),
      Map.entry("ar", Set.of()),
      Map.entry("he", Set.of()),
      Map.entry("fa", Set.of()));
  /** Stems of the nouns that overrides and extraction act on: instructions, prompt, rules, ... */
  private static final String[] OBJECTS = {
      "instruc", "istruz", "anweisung", "prompt", "rule", "regel", "regle", "regla", "regra", "regol",
      "guideline", "directive", "direttiv", "directri", "diretri", "consigne", "system", "message", "configur",
      "context", "order", "command", "vorgabe", "befehl", "indicacion", "indicac", "инструкц", "правил",
      "промпт", "указани", "систем", "сообщени",
      "instructie", "richtlijn", "opdracht", "instrukc", "polecen", "zasad", "pokyn", "pravidl", "інструкц", "вказівк",
      "правил", "промпт", "systemow", "systemov", "системн", "οδηγι", "κανον", "εντολ", "regul", "indicati", "aturan",
      "perintah", "talimat", "kural"};

  private Mentions() {}

  static boolean isMention(String text, RuleSet.Hit hit) {
    String family = hit.rule().family();
    return (QUOTABLE_FAMILIES.contains(family) && quoted(text, hit.start(), hit.end()))
        || (FAMILIES_WITH_OBJECTS.contains(family) && notYours(text, hit.start(), hit.end(), hit.rule().lang()));
  }

  /**
   * An opening quote before {@code start} in the same sentence that is not closed before it, and
   * its closing quote after {@code start} (rules may read past the quote: "'ignore previous
   * instructions' mean in ..."), not far after {@code end}.
   */
  static boolean quoted(String t, int start, int end) {
    int open = -1;
    for (int i = start - 1; i >= Math.max(0, start - QUOTE_BEFORE) && open < 0; i--) {
      char c = t.charAt(i);
      if (c == '.' || c == '!' || c == '?' || c == '\n') {
        return false;
      }
      // a straight quote right after a word closes something ("ok" in: say "ok" and ...)
      boolean straight = c == '\'' || c == '"' || c == '`';
      if (OPENING.indexOf(c) >= 0 && !(straight && i > 0 && Character.isLetterOrDigit(t.charAt(i - 1)))) {
        open = i;
      }
    }
    if (open < 0 || closing(t, t.charAt(open), open + 1, start) >= 0) {
      return false;
    }
    return closing(t, t.charAt(open), start, Math.min(t.length(), end + QUOTE_AFTER)) >= 0;
  }

  /** The first quote in [from, to) that closes {@code quote}, or -1; stops at a line end. */
  private static int closing(String t, char quote, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = t.charAt(k);
      if (c == '\n') {
        return -1;
      }
      boolean closes = quote == '\'' || quote == '"' || quote == '`' ? c == quote : CLOSING.indexOf(c) >= 0;
      // an apostrophe inside a word ("don't") closes nothing
      if (closes && !(c == '\'' && k + 1 < t.length() && Character.isLetter(t.charAt(k + 1)) && k > 0
          && Character.isLetter(t.charAt(k - 1)))) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Whether the object of the hit (its last instructions-like noun, such as "instructions" or
   * "system prompt") is preceded, within two words, by a determiner of {@link #NOT_YOURS}.
   */
  static boolean notYours(String t, int start, int end, String lang) {
    Set<String> notYours = NOT_YOURS.getOrDefault(lang, NOT_YOURS.get("en"));
    List<String> words = new ArrayList<>(); // the hit's words, last first
    int i = end;
    while (words.size() < 12) {
      while (i > start && !Character.isLetterOrDigit(t.charAt(i - 1))) {
        i--;
      }
      int j = i;
      while (j > start && (Character.isLetterOrDigit(t.charAt(j - 1)) || t.charAt(j - 1) == '\'')) {
        j--;
      }
      if (j == i) {
        break;
      }
      words.add(t.substring(j, i));
      i = j;
    }
    for (int k = 0; k < words.size(); k++) {
      if (isObject(words.get(k))) {
        // "system prompt": step over the noun's first word, then look at the two words before
        int from = k + 1 < words.size() && isObject(words.get(k + 1)) ? k + 2 : k + 1;
        for (int d = from; d < Math.min(words.size(), from + 2); d++) {
          if (notYours.contains(words.get(d))) {
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }

  private static boolean isObject(String word) {
    for (String stem : OBJECTS) {
      if (word.startsWith(stem)) {
        return true;
      }
    }
    return false;
  }
}
