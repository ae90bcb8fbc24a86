package dev.palisade.detectors.injection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 * In documents and tool results a third kind is a mention, of every family that instructs: an
 * attack quoted as an example, as articles, write-ups and training material about injection quote
 * them. The quote must be introduced as one ("for example", "phrases such as", "a sentence
 * like", "par exemple", "например", "例如"), or the text must talk about attacks ("prompt
 * injection", "attacker", "jailbreak"); see {@link #examples}. Planted instructions are quoted too
 * (a "note" that says "AI, ..."), but not introduced as an example of something else.
 * <p>A mention still counts, at {@link #FACTOR} of its weight: a quoted attack is not always
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
  /** What an attack phrase that a document quotes as an example weighs ({@link #examples}). */
  static final double EXAMPLE_FACTOR = 0.2;
  /** How far before a hit its opening quote may be, and after it its closing quote. */
  private static final int QUOTE_BEFORE = 24;
  private static final int QUOTE_AFTER = 48;
  /** Quotes that open: Swedish and Finnish open with "”" too (see {@link #opens}). */
  private static final String OPENING = "\"'“‘«„「『`”";
  /** Quotes that open or close: right after a word they close ("ok" in: say "ok" and ...). */
  private static final String AMBIGUOUS = "\"'`”";
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
   * speaker's own, folded like the text when the class loads (Russian "мой" reads "мои").
   * Possessives that also address the reader politely are left out: German "ihre", Spanish "sus",
   * Italian "sue", Portuguese "suas".
   */
  private static final Map<String, Set<String>> NOT_YOURS = folded(Map.ofEntries(
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
      Map.entry("fa", Set.of())));
  /** Stems of the nouns that overrides and extraction act on: instructions, prompt, rules, ... */
  private static final String[] OBJECTS = {
      "instruc", "istruz", "anweisung", "prompt", "rule", "regel", "regle", "regla", "regra", "regol",
      "guideline", "directive", "direttiv", "directri", "diretri", "consigne", "system", "message", "configur",
      "context", "order", "command", "vorgabe", "befehl", "indicacion", "indicac", "инструкц", "правил",
      "промпт", "указани", "систем", "сообщени",
      "instructie", "richtlijn", "opdracht", "instrukc", "polecen", "zasad", "pokyn", "pravidl", "інструкц", "вказівк",
      "правил", "промпт", "systemow", "systemov", "системн", "οδηγι", "κανον", "εντολ", "regul", "indicati", "aturan",
      "perintah", "talimat", "kural"};

  /** How long a quoted example may be, and how far before its opening quote its cue may start. */
  private static final int EXAMPLE_CHARS = 400;
  private static final int CUE_BEFORE = 60;
  private static final int MIN_EXAMPLE_CHARS = 24;
  /** Opening quotes looked at per text, at most: each may look {@value #EXAMPLE_CHARS} chars ahead. */
  private static final int MAX_QUOTES = 256;
  /**
   * What introduces a quoted example, right before its opening quote, perhaps with two words
   * between ("lines such as", "said aloud:"). A cue in a space-separated language must start a
   * word ("example" in a host name such as "shop.example" is none); CJK ones need no space.
   */
  private static final Pattern CUE = rawAndFolded(
      "(?:(?<![^\\s(\\[,;:])(?:e\\.g\\.|i\\.e\\.|for example|for instance|such as|like|phrases?|sentences?|lines?|"
          + "frase|frases|satz|satze|formulierung(?:en)?|formule|формулировк[а-я]{0,3}|фраз[а-я]{0,3}|zin|zinnen|zdanie|cumle|"
          + "paragraph|passage|payload|strings?|reading|reads|saying|says|said|quoted?|contain(?:s|ing|ed)?|examples?|"
          + "contenant|contenente|conteniendo|contendo|enth[aä]lt|enthielt|zawieraj[aą]c|i[cç]eren|содержащ[а-я]{0,3}|"
          + "par exemple|comme|telle? que|por ejemplo|como|zum beispiel|z\\. ?b\\.|wie|etwa|ad esempio|per esempio|come|"
          + "por exemplo|например|вроде|как|типа|bijvoorbeeld|zoals|na przykład|na przyklad|np\\.|jak|gibi|örneğin|"
          + "ornegin|예를 들어|같은)|例如|比如|如|例えば|のような|など|含む|包含|含有)"
          + "(?:[^\\p{L}\\p{N}\\n]{1,6}[\\p{L}\\p{N}]{1,20}){0,2}[^\\p{L}\\p{N}]{0,20}$");
  /** Words of a text about attacks on language models, in the rule languages. */
  private static final Pattern ABOUT_ATTACKS = rawAndFolded(
      "injections?\\b|inyecci[oó]n|iniezione|inje[cç][aã]o|injektion|injectie|wstrzykiwan|enjeksiyon|"
          + "инъекци|注入|インジェクション|"
          + "jailbreak|attack(?:s|ers?)?\\b|attaque|ataque|attacc|angriff|angreifer|aggressore|злоумышленник|атак|"
          + "攻击|攻撃|aanval|atak|saldir|공격|"
          + "인젝션");

  private Mentions() {}

  /**
   * {@code regex} as written or folded ({@link Normalizer#foldPatternLiteral}), case-insensitive:
   * {@link #examples} reads the scanner's folded text for rule hits and the raw text for the
   * semantic layer's windows.
   */
  private static Pattern rawAndFolded(String regex) {
    String folded = Normalizer.foldPatternLiteral(regex);
    return Pattern.compile(folded.equals(regex) ? regex : "(?:" + regex + ")|(?:" + folded + ")",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /**
   * The sets with each word folded like the text it is compared with: folded text has no accents,
   * "й" reads "и" and Korean syllables are spelled out in jamo, so an unfolded word never matches.
   */
  private static Map<String, Set<String>> folded(Map<String, Set<String>> sets) {
    Map<String, Set<String>> out = new HashMap<>();
    sets.forEach((lang, words) -> out.put(lang,
        words.stream().map(Normalizer::foldPatternLiteral).collect(Collectors.toUnmodifiableSet())));
    return Map.copyOf(out);
  }

  /**
   * The quoted passages of {@code t} that it presents as examples, as (opening quote, closing
   * quote) index pairs: a quote closed on its line within {@value #EXAMPLE_CHARS} chars, introduced
   * by a {@link #CUE} on its line, or any such quote when the text is about attacks. The first
   * {@value #MAX_QUOTES} opening quotes are looked at, so a text of quotes costs little.
   */
  static int[] examples(String t) {
    Boolean about = null;
    int[] out = new int[0];
    int count = 0;
    int quotes = 0;
    for (int i = 0; i < t.length() && quotes < MAX_QUOTES; i++) {
      char c = t.charAt(i);
      if (!opens(t, i)) {
        continue;
      }
      quotes++;
      int close = closing(t, c, i + 1, Math.min(t.length(), i + 1 + EXAMPLE_CHARS));
      if (close < 0) {
        continue;
      }
      int from = Math.max(0, i - CUE_BEFORE);
      int line = t.lastIndexOf('\n', i - 1);
      boolean example = CUE.matcher(t).region(Math.max(from, line + 1), i).find();
      if (!example) {
        if (about == null) {
          about = ABOUT_ATTACKS.matcher(t).find();
        }
        example = about;
      }
      if (example) {
        if (count + 2 > out.length) {
          out = java.util.Arrays.copyOf(out, Math.max(8, 2 * out.length));
        }
        out[count++] = i;
        out[count++] = close;
      }
      i = close;
    }
    return java.util.Arrays.copyOf(out, count);
  }

  /** Whether a hit that starts at {@code start} starts inside one of the {@link #examples}. */
  static boolean inExample(int[] examples, int start) {
    for (int k = 0; k < examples.length; k += 2) {
      if (examples[k] <= start && start < examples[k + 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether [start, end) overlaps one of the {@link #examples} that is long enough to hold an
   * instruction (a quoted title or word does not make the text around it an example).
   */
  static boolean overlapsExample(int[] examples, int start, int end) {
    for (int k = 0; k < examples.length; k += 2) {
      if (examples[k + 1] - examples[k] > MIN_EXAMPLE_CHARS && examples[k] < end && start <= examples[k + 1]) {
        return true;
      }
    }
    return false;
  }

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
      if (opens(t, i)) {
        open = i;
      }
    }
    if (open < 0 || closing(t, t.charAt(open), open + 1, start) >= 0) {
      return false;
    }
    return closing(t, t.charAt(open), start, Math.min(t.length(), end + QUOTE_AFTER)) >= 0;
  }

  /** Whether the char at {@code i} opens a quote. */
  private static boolean opens(String t, int i) {
    char c = t.charAt(i);
    return OPENING.indexOf(c) >= 0
        && !(AMBIGUOUS.indexOf(c) >= 0 && i > 0 && Character.isLetterOrDigit(t.charAt(i - 1)));
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
