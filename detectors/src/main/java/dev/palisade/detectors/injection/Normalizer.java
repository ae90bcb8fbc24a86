package dev.palisade.detectors.injection;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The normalization layer: folds text to a canonical lower-case form that the rules match, and
 * counts the obfuscation it removed.
 *
 * <p>Steps, in one pass per code point and one pass per word: NFKC case folding; removal of
 * default-ignorable, bidi-control and other format characters (counted); Unicode tag characters
 * (U+E0020..U+E007E, "ASCII smuggling") decoded to the ASCII they hide (counted); combining marks
 * dropped so that accents and zalgo text do not matter; letters of other scripts inside a Latin
 * word replaced by their TR39 confusable skeleton (counted); letter lookalikes that NFKC keeps
 * (negative circled and squared letters, parenthesized letters, small capitals) folded to their
 * letter; regional indicator symbols read as letters when they spell words rather than flags
 * (counted as confusables); leetspeak digits inside words folded ({@code 1gn0r3} becomes
 * {@code ignore}), and whole tokens of digits read as words when the line around them is written
 * in leetspeak (counted as leet); runs of spaced single letters joined ({@code i g n o r e});
 * words broken by hyphens, underscores or asterisks joined when a piece is no word and the join is
 * one ({@code li-mitations}; counted as spaced when several are).
 *
 * <p>Every output char remembers the index of the input char it came from, so rule matches map
 * back to spans of the original text.
 *
 * <h2>Thread safety</h2>
 * Stateless apart from a racy but benign cache of immutable per-code-point foldings; the word
 * list and the flag codes are immutable once their holder class is initialized.
 */
final class Normalizer {

  private static final Normalizer2 NFKC_CF = Normalizer2.getNFKCCasefoldInstance();
  private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
  /** Built on first need (a tenth of a second): most texts have no mixed-script word. */
  private static final class Spoof {
    static final SpoofChecker CHECKER = new SpoofChecker.Builder().build();
  }

  /** Lazily filled fold of each BMP code point; String is immutable so racy publication is safe. */
  private static final String[] BMP_FOLD = new String[0x10000];
  private static final String[] BMP_SKELETON = new String[0x10000];

  private Normalizer() {}

  /** Normalizes {@code text}; never throws, including on lone surrogates. */
  static NormalizedText normalize(String text) {
    int n = text.length();
    char[] out = new char[n + 16];
    int[] origin = new int[n + 17];
    int invisible = 0;
    int bidi = 0;
    int tags = 0;
    int regional = 0;
    int lookalikes = 0;
    int len = 0;
    for (int i = 0; i < n; ) {
      char ch = text.charAt(i);
      if (ch < 0x80) { // the common case, one char in and out
        if (ch >= 'A' && ch <= 'Z') {
          ch += 32;
        } else if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
          ch = ' ';
        }
        if (len + 1 >= out.length) {
          out = Arrays.copyOf(out, out.length * 2 + 16);
          origin = Arrays.copyOf(origin, out.length + 1);
        }
        out[len] = ch;
        origin[len++] = i++;
        continue;
      }
      int cp = text.codePointAt(i);
      int cc = Character.charCount(cp);
      String folded;
      if (cp >= 0xE0000 && cp <= 0xE007F) {
        tags++;
        folded = cp >= 0xE0020 && cp <= 0xE007E ? String.valueOf((char) Character.toLowerCase(cp - 0xE0000)) : "";
      } else if (isBidiControl(cp)) {
        bidi++;
        folded = "";
      } else if (Character.isSurrogate((char) cp)) {
        invisible++;
        folded = " ";
      } else if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
          || Character.getType(cp) == Character.FORMAT) {
        invisible++;
        folded = "";
      } else {
        folded = fold(cp);
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
          regional++;
        } else if (isLookalikeLetter(cp)) {
          lookalikes++;
        }
      }
      if (len + folded.length() >= out.length) {
        out = Arrays.copyOf(out, (len + folded.length()) * 2 + 16);
        origin = Arrays.copyOf(origin, out.length + 1);
      }
      for (int k = 0; k < folded.length(); k++) {
        out[len] = folded.charAt(k);
        origin[len++] = i;
      }
      i += cc;
    }
    if (regional > 0) {
      int folded = len;
      len = foldRegionalIndicators(out, origin, len);
      lookalikes += folded - len;
    }
    origin[len] = n;
    Words words = new Words(out, origin, len);
    // A lone small capital is a phonetic symbol ("ɴ"); spelling words with them is the trick.
    words.confusables = lookalikes >= 3 ? lookalikes : 0;
    words.run();
    return new NormalizedText(
        words.text, words.origin, n, invisible, bidi, tags, words.confusables, words.leet, words.spaced);
  }

  /** Applies the per-code-point fold to a rule pattern's non-ASCII letters, so rules and text agree. */
  static String foldPatternLiteral(String pattern) {
    int i = 0;
    while (i < pattern.length() && pattern.charAt(i) < 0x80) {
      i++;
    }
    if (i == pattern.length()) {
      return pattern; // most rules are ASCII: nothing to fold, and loading is on the caller's clock
    }
    StringBuilder sb = new StringBuilder(pattern.length()).append(pattern, 0, i);
    while (i < pattern.length()) {
      int cp = pattern.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        sb.append((char) cp);
      } else {
        sb.append(fold(cp));
      }
    }
    return sb.toString();
  }

  private static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0x200E || cp == 0x200F || cp == 0x061C;
  }

  static String fold(int cp) {
    if (cp < 0x10000) {
      String f = BMP_FOLD[cp];
      if (f == null) {
        f = computeFold(cp);
        BMP_FOLD[cp] = f;
      }
      return f;
    }
    return computeFold(cp);
  }

  private static String computeFold(int cp) {
    char lookalike = lookalikeLetter(cp);
    if (lookalike != 0) {
      return String.valueOf(lookalike);
    }
    String s = NFKC_CF.normalize(new String(Character.toChars(cp)));
    String d = NFD.normalize(s);
    StringBuilder sb = new StringBuilder(d.length());
    for (int k = 0; k < d.length(); ) {
      int c = d.codePointAt(k);
      k += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
        continue;
      }
      sb.appendCodePoint(c);
    }
    return sb.toString();
  }

  /**
   * The ASCII letter that a letter lookalike NFKC leaves alone stands for, or 0: negative circled
   * and negative squared letters, parenthesized letters (NFKC would make them "(a)" and break the
   * word) and the small capitals of "fancy text" generators.
   */
  static char lookalikeLetter(int cp) {
    if (cp >= 0x1F150 && cp <= 0x1F169) {
      return (char) ('a' + cp - 0x1F150);
    } else if (cp >= 0x1F170 && cp <= 0x1F189) {
      return (char) ('a' + cp - 0x1F170);
    } else if (cp >= 0x1F110 && cp <= 0x1F129) {
      return (char) ('a' + cp - 0x1F110);
    } else if (cp >= 0x249C && cp <= 0x24B5) {
      return (char) ('a' + cp - 0x249C);
    }
    return switch (cp) { // small capitals, Latin script, so neither NFKC nor the mixed-script fold sees them
      case 0x1D00 -> 'a';
      case 0x1D04 -> 'c';
      case 0x1D05 -> 'd';
      case 0x1D07 -> 'e';
      case 0x1D0A -> 'j';
      case 0x1D0B -> 'k';
      case 0x1D0D -> 'm';
      case 0x1D0F -> 'o';
      case 0x1D18 -> 'p';
      case 0x1D1B -> 't';
      case 0x1D1C -> 'u';
      case 0x1D20 -> 'v';
      case 0x1D21 -> 'w';
      case 0x1D22 -> 'z';
      case 0xA730 -> 'f';
      case 0x0299 -> 'b';
      case 0x0262 -> 'g';
      case 0x029C -> 'h';
      case 0x026A -> 'i';
      case 0x029F -> 'l';
      case 0x0274 -> 'n';
      case 0x0280 -> 'r';
      case 0x028F -> 'y';
      case 0xA731 -> 's';
      case 0xA7AF -> 'q';
      default -> 0;
    };
  }

  private static boolean isLookalikeLetter(int cp) {
    return cp >= 0x0262 && lookalikeLetter(cp) != 0;
  }

  /** Two-letter codes that regional indicator pairs show as flags (ISO 3166 and Unicode's extras). */
  private static final class Flags {
    static final Set<String> CODES = codes();

    private static Set<String> codes() {
      Set<String> codes = new HashSet<>(Set.of("ac", "cp", "dg", "ea", "eu", "ic", "ta", "un", "xk"));
      for (String c : Locale.getISOCountries()) {
        codes.add(c.toLowerCase(Locale.ROOT));
      }
      return Set.copyOf(codes);
    }
  }

  private static boolean isRegionalAt(char[] out, int k, int len) {
    return out[k] == '\uD83C' && k + 1 < len && out[k + 1] >= '\uDDE6' && out[k + 1] <= '\uDDFF';
  }

  /**
   * Replaces each regional indicator symbol by its letter when some run of them is not a row of
   * flags (odd length, or a pair that is no region code): "🇭🇴🇼 🇹🇴" then reads "how to". A text
   * whose runs are all flags keeps them, so "🇳🇴" next to a word is not read as "no". Returns the
   * new length; {@code out} and {@code origin} are compacted in place.
   */
  private static int foldRegionalIndicators(char[] out, int[] origin, int len) {
    boolean spelled = false;
    for (int k = 0; k < len && !spelled; ) {
      if (!isRegionalAt(out, k, len)) {
        k++;
        continue;
      }
      int start = k;
      while (k < len && isRegionalAt(out, k, len)) {
        k += 2;
      }
      int count = (k - start) / 2;
      if (count % 2 != 0) {
        spelled = true;
      }
      for (int p = start; p + 3 < k && !spelled; p += 4) {
        String code = new String(new char[] {(char) ('a' + out[p + 1] - 0xDDE6), (char) ('a' + out[p + 3] - 0xDDE6)});
        spelled = !Flags.CODES.contains(code);
      }
    }
    if (!spelled) {
      return len;
    }
    int w = 0;
    for (int r = 0; r < len; ) {
      if (isRegionalAt(out, r, len)) {
        out[w] = (char) ('a' + out[r + 1] - 0xDDE6);
        origin[w++] = origin[r];
        r += 2;
      } else {
        out[w] = out[r];
        origin[w++] = origin[r++];
      }
    }
    return w;
  }

  /**
   * Common English words (the SCOWL list the PII detector ships, sizes 10-35) plus "a", "i" and a
   * few words of the jailbreak vocabulary it lacks: what a leetspeak token or a hyphen-split word
   * must turn into before it is folded. Read on first need, on a scan's thread, so it is kept as
   * the file's chars and the offsets of its sorted lines, searched by bisection, rather than as
   * 40 000 strings in a hash set: a third of the memory, and about 50 ms instead of well over
   * 100 ms to read in a fresh JVM. Immutable once built.
   */
  static final class Lexicon {
    private static final String RESOURCE = "/dev/palisade/detectors/pii/common-words.txt";
    private static final Lexicon WORDS = load();

    /** The file; {@code starts[k]..ends[k]} is its k-th word of plain a-z letters, in sorted order. */
    private final char[] chars;
    private final int[] starts;
    private final int[] ends;
    private final int count;
    /** Words with other letters, folded (accents dropped), and the added words. */
    private final Set<String> others;

    private Lexicon(char[] chars, int[] starts, int[] ends, int count, Set<String> others) {
      this.chars = chars;
      this.starts = starts;
      this.ends = ends;
      this.count = count;
      this.others = others;
    }

    private static Lexicon load() {
      // Without the list the two folds that need it do nothing; normalizing must never fail.
      // (A test asserts the list is there.)
      char[] chars = new char[0];
      try (InputStream in = Normalizer.class.getResourceAsStream(RESOURCE)) {
        if (in != null) {
          chars = new String(in.readAllBytes(), StandardCharsets.UTF_8).toCharArray();
        }
      } catch (IOException e) {
        chars = new char[0];
      }
      Set<String> others = new HashSet<>(Set.of("a", "i", "jailbreak", "jailbroken", "jailbreaking", "chatgpt",
          "openai", "unfiltered", "uncensored", "nsfw", "meth", "malware", "ransomware", "exfiltrate", "offline",
          "online", "roleplay"));
      int[] starts = new int[64 * 1024];
      int[] ends = new int[64 * 1024];
      int count = 0;
      boolean sorted = true;
      for (int i = 0, n = chars.length; i < n; ) {
        int end = i;
        boolean plain = true;
        while (end < n && chars[end] != '\n') {
          char c = chars[end++];
          plain &= c >= 'a' && c <= 'z';
        }
        int next = end + 1;
        while (end > i && Character.isWhitespace(chars[end - 1])) {
          end--;
        }
        if (end > i && chars[i] != '#') {
          if (plain) {
            if (count == starts.length) {
              starts = Arrays.copyOf(starts, count * 2);
              ends = Arrays.copyOf(ends, count * 2);
            }
            sorted &= count == 0 || compare(chars, starts[count - 1], ends[count - 1], chars, i, end) < 0;
            starts[count] = i;
            ends[count++] = end;
          } else {
            others.add(foldPatternLiteral(new String(chars, i, end - i).strip().toLowerCase(Locale.ROOT)));
          }
        }
        i = next;
      }
      if (!sorted) { // not the shipped file: keep every word in the set instead
        for (int k = 0; k < count; k++) {
          others.add(new String(chars, starts[k], ends[k] - starts[k]));
        }
        count = 0;
      }
      return new Lexicon(chars, starts, ends, count, Set.copyOf(others));
    }

    private static int compare(char[] a, int as, int ae, char[] b, int bs, int be) {
      int n = Math.min(ae - as, be - bs);
      for (int k = 0; k < n; k++) {
        int d = a[as + k] - b[bs + k];
        if (d != 0) {
          return d;
        }
      }
      return (ae - as) - (be - bs);
    }

    static boolean contains(String w) {
      return WORDS.has(w);
    }

    private boolean has(String w) {
      if (others.contains(w)) {
        return true;
      }
      char[] key = w.toCharArray();
      int lo = 0;
      int hi = count - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = compare(chars, starts[mid], ends[mid], key, 0, key.length);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return true;
        }
      }
      return false;
    }

    /** How many words are known (for tests). */
    static int size() {
      return WORDS.count + WORDS.others.size();
    }
  }

  /** The TR39 skeleton of one letter if it is a single ASCII letter, else {@code null}. */
  static char skeletonLetter(char c) {
    String s = BMP_SKELETON[c];
    if (s == null) {
      s = Spoof.CHECKER.getSkeleton(String.valueOf(c));
      BMP_SKELETON[c] = s;
    }
    if (s.length() == 1) {
      char k = Character.toLowerCase(s.charAt(0));
      if (k >= 'a' && k <= 'z') {
        return k;
      }
    }
    return 0;
  }

  /** Word-level pass: confusables inside Latin words, leetspeak, spaced letters, split words. */
  private static final class Words {
    /** Longest token read as leetspeak, and the most ambiguous digits tried per token (2^6 readings). */
    private static final int MAX_LEET_TOKEN = 24;
    private static final int MAX_AMBIGUOUS = 6;
    /** Most pieces and longest piece of a split word, longest run of splitters between two pieces. */
    private static final int MAX_PIECES = 8;
    private static final int MAX_PIECE = 24;
    private static final int MAX_SEPARATOR = 8;
    /** Prefixes that ordinary text hyphenates ("re-iterating", "co-operate"): such a join is no evidence. */
    private static final Set<String> PREFIXES = Set.of("anti", "auto", "bi", "co", "counter", "de", "dis", "e", "ex",
        "inter", "mega", "micro", "mid", "mis", "multi", "non", "out", "over", "post", "pre", "pro", "re", "self",
        "semi", "sub", "super", "tri", "ultra", "un", "under");

    /** The folded chars, changed in place by the word folds. */
    final char[] buf;
    final int[] inOrigin;
    final int inLen;
    String text;
    int[] origin;
    int confusables;
    int leet;
    int spaced;

    /** Words with leet characters, in text order: start, end, word index, line, Latin letters, flags. */
    private int[] tokens;
    private int tokenCount;
    /** Split words joined whose tail was no word and whose head no prefix ("li-mitations"). */
    private int splits;
    /** Starts of words of ASCII letters followed by a splitter: where a split word may begin. */
    private int[] splitStarts;
    private int splitCount;

    Words(char[] buf, int[] inOrigin, int inLen) {
      this.buf = buf;
      this.inOrigin = inOrigin;
      this.inLen = inLen;
    }

    void run() {
      foldWords(buf);
      if (tokenCount > 0) {
        foldLeetTokens(buf);
      }
      join(buf);
    }

    private static boolean isWordChar(char c) {
      if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '@' || c == '$';
      }
      return Character.isLetterOrDigit(c);
    }

    private static boolean isAsciiLetter(char c) {
      return c >= 'a' && c <= 'z';
    }

    /** The classic in-word leet map: unambiguous digits only. */
    private static char leetOf(char c) {
      return switch (c) {
        case '0' -> 'o';
        case '1' -> 'i';
        case '3' -> 'e';
        case '4', '@' -> 'a';
        case '5', '$' -> 's';
        case '7' -> 't';
        default -> 0;
      };
    }

    /** Every letter a leet character may stand for, the likeliest first; null if none. */
    private static String leetReadings(char c) {
      return switch (c) {
        case '0' -> "o";
        case '1' -> "il";
        case '2' -> "zr";
        case '3' -> "e";
        case '4', '@' -> "a";
        case '5', '$' -> "s";
        case '6' -> "gb";
        case '7' -> "t";
        case '8' -> "b";
        case '9' -> "g";
        default -> null;
      };
    }

    private static final int CLASSIC = 1;
    /** Letters and leet characters alternate at least twice ({@code h0w}, {@code 51mp13}), unlike "100ms" or "mp3". */
    private static final int MIXED = 2;

    private void foldWords(char[] buf) {
      int i = 0;
      int word = 0;
      int line = 0;
      while (i < inLen) {
        if (!isWordChar(buf[i])) {
          if (buf[i] == '\n') {
            line++;
          }
          i++;
          continue;
        }
        int start = i;
        int latin = 0;
        int other = 0;
        int digits = 0;
        int leetChars = 0;
        int letters = 0;
        while (i < inLen && isWordChar(buf[i])) {
          char c = buf[i];
          if (c >= 'a' && c <= 'z') {
            latin++;
            letters++;
          } else if (Character.isLetter(c)) {
            letters++;
            if (!Character.isSurrogate(c) && UScript.getScript(c) != UScript.LATIN) {
              other++;
            }
          } else {
            if (leetOf(c) != 0) {
              digits++;
            }
            if (leetReadings(c) != null) {
              leetChars++;
            }
          }
          i++;
        }
        int end = i;
        word++;
        if (latin > 0 && other > 0) {
          for (int k = start; k < end; k++) {
            char c = buf[k];
            if (c >= 0x80 && Character.isLetter(c) && !Character.isSurrogate(c)) {
              char s = skeletonLetter(c);
              if (s != 0) {
                buf[k] = s;
                confusables++;
              }
            }
          }
        }
        // Leet only where digits sit among Latin letters; "2024" or "mp3" barely change.
        boolean classic = digits > 0 && latin >= 2 && latin >= digits && other == 0;
        if (leetChars > 0 && letters == latin && latin + leetChars == end - start && end - start <= MAX_LEET_TOKEN) {
          addToken(start, end, word, line, latin, (classic ? CLASSIC : 0) | (latin > 0 && blocks(buf, start, end) >= 3 ? MIXED : 0));
        } else if (classic) {
          foldClassic(buf, start, end);
        }
        // Letters after the leet fold, which runs before the join ("sh0-w").
        if (latin + leetChars == end - start && end < inLen && isSplitter(buf[end])
            && (start == 0 || !isSplitter(buf[start - 1]))) {
          if (splitStarts == null) {
            splitStarts = new int[8];
          } else if (splitCount == splitStarts.length) {
            splitStarts = Arrays.copyOf(splitStarts, splitCount * 2);
          }
          splitStarts[splitCount++] = start;
        }
      }
    }

    /** How many runs of letters and of other chars a word has: "h0w" 3, "100ms" 2. */
    private static int blocks(char[] buf, int start, int end) {
      int blocks = 1;
      for (int k = start + 1; k < end; k++) {
        if (isAsciiLetter(buf[k]) != isAsciiLetter(buf[k - 1])) {
          blocks++;
        }
      }
      return blocks;
    }

    private void foldClassic(char[] buf, int start, int end) {
      // Evidence only where digits sit between letters ("h4ck"): "3rd", "web01", "python3" are words.
      boolean among = blocks(buf, start, end) >= 3;
      boolean changed = false;
      for (int k = start; k < end; k++) {
        char l = leetOf(buf[k]);
        if (l != 0) {
          buf[k] = l;
          changed = true;
        }
      }
      if (changed && among) {
        leet++;
      }
    }

    private void addToken(int start, int end, int word, int line, int latin, int flags) {
      if (tokens == null) {
        tokens = new int[6 * 8];
      } else if ((tokenCount + 1) * 6 > tokens.length) {
        tokens = Arrays.copyOf(tokens, tokens.length * 2);
      }
      int t = tokenCount++ * 6;
      tokens[t] = start;
      tokens[t + 1] = end;
      tokens[t + 2] = word;
      tokens[t + 3] = line;
      tokens[t + 4] = latin;
      tokens[t + 5] = flags;
    }

    /**
     * Reads tokens written in leetspeak. A token where letters and leet characters alternate at
     * least twice and that reads as a known word under some choice for its ambiguous digits
     * ({@code 51mp13} is "simple": the first 1 an i, the second an l) is a leet word. Leet words are
     * folded when another one is within three words on the same line, or when the in-word fold
     * would have folded them anyway, or when they are long enough ({@code 5y573m}). Any other
     * token of leet characters and letters, or of digits alone ({@code 70}, {@code m3}), is read
     * only right next to a leet word of such a line and only when it reads as a word ("to", "me"),
     * so numbers with units ("100ms"), dates, prices, versions and ids elsewhere stay as they are.
     * Tokens that read as no word keep the classic fold.
     */
    private void foldLeetTokens(char[] buf) {
      String[] reading = new String[tokenCount];
      boolean[] leetWord = new boolean[tokenCount];
      for (int t = 0; t < tokenCount; t++) {
        if ((tokens[t * 6 + 5] & MIXED) != 0) {
          reading[t] = wordReading(buf, tokens[t * 6], tokens[t * 6 + 1]);
          leetWord[t] = reading[t] != null;
        }
      }
      boolean[] inRun = new boolean[tokenCount];
      int lastLeet = -1;
      for (int t = 0; t < tokenCount; t++) {
        if (!leetWord[t]) {
          continue;
        }
        if (lastLeet >= 0 && tokens[lastLeet * 6 + 3] == tokens[t * 6 + 3]
            && tokens[t * 6 + 2] - tokens[lastLeet * 6 + 2] <= 3) {
          inRun[lastLeet] = true;
          inRun[t] = true;
        }
        lastLeet = t;
      }
      for (int t = 0; t < tokenCount; t++) {
        int start = tokens[t * 6];
        int end = tokens[t * 6 + 1];
        boolean classic = (tokens[t * 6 + 5] & CLASSIC) != 0;
        if (leetWord[t] && (inRun[t] || end - start >= 5 && end - start - tokens[t * 6 + 4] >= 2)) {
          write(buf, start, reading[t]);
        } else if (!leetWord[t] && (nextToRun(t - 1, t, inRun) || nextToRun(t + 1, t, inRun))) {
          String r = wordReading(buf, start, end);
          if (r != null) {
            write(buf, start, r);
          } else if (classic) {
            foldClassic(buf, start, end);
          }
        } else if (classic) {
          if (reading[t] != null) {
            write(buf, start, reading[t]);
          } else {
            foldClassic(buf, start, end);
          }
        }
      }
    }

    /** Whether token {@code u} is a leet word of a run and the word right before or after {@code t}. */
    private boolean nextToRun(int u, int t, boolean[] inRun) {
      return u >= 0 && u < tokenCount && inRun[u] && tokens[u * 6 + 3] == tokens[t * 6 + 3]
          && Math.abs(tokens[u * 6 + 2] - tokens[t * 6 + 2]) == 1;
    }

    private void write(char[] buf, int start, String reading) {
      reading.getChars(0, reading.length(), buf, start);
      leet++;
    }

    /** The first reading of a token of letters and leet characters that is a known word, or null. */
    private static String wordReading(char[] buf, int start, int end) {
      char[] w = new char[end - start];
      int[] ambiguous = new int[MAX_AMBIGUOUS];
      int count = 0;
      for (int k = start; k < end; k++) {
        char c = buf[k];
        if (isAsciiLetter(c)) {
          w[k - start] = c;
          continue;
        }
        String options = leetReadings(c);
        w[k - start] = options.charAt(0);
        if (options.length() > 1 && count < MAX_AMBIGUOUS) {
          ambiguous[count++] = k - start;
        }
      }
      for (int mask = 0; mask < 1 << count; mask++) {
        for (int j = 0; j < count; j++) {
          int k = ambiguous[j];
          w[k] = leetReadings(buf[start + k]).charAt((mask >> j) & 1);
        }
        String s = new String(w);
        if (Lexicon.contains(s)) {
          return s;
        }
      }
      return null;
    }

    /**
     * Copies the text, joining runs of four or more single letters separated by one space, dot,
     * dash or underscore, and words split by hyphens, underscores or asterisks. Text with neither (almost all
     * of it) is not copied.
     */
    private void join(char[] buf) {
      Joined j = new Joined();
      int i = 0;
      int split = 0;
      int nextSplit = splitCount > 0 ? splitStarts[0] : -1;
      while (i < inLen) {
        if (j.out == null) {
          // Nothing joined yet, so nothing to copy: skip to where a spaced run or a split word may start.
          int stop = nextSplit >= 0 ? nextSplit : inLen;
          while (i < stop && (i + 2 >= inLen || !isSpacer(buf[i + 1]))) {
            i++;
          }
          if (i >= inLen) {
            break;
          }
        }
        int runEnd = spacedRunEnd(buf, i);
        if (runEnd > 0) {
          j.start(buf, i);
          spaced++;
          for (int k = i; k < runEnd; k += 2) {
            j.copy(buf, k);
          }
          i = runEnd;
        } else if (i == nextSplit) {
          i = splitWord(buf, i, j);
        } else {
          j.copy(buf, i++);
        }
        while (nextSplit >= 0 && nextSplit < i) {
          nextSplit = ++split < splitCount ? splitStarts[split] : -1;
        }
      }
      if (splits >= 2) {
        spaced += splits; // one odd split is ordinary ("gh-ost"); attacks split many words
      }
      if (j.out == null) {
        text = new String(buf, 0, inLen);
        origin = inOrigin;
      } else {
        j.origin[j.len] = inOrigin[inLen];
        text = new String(j.out, 0, j.len);
        origin = j.origin;
      }
    }

    /** The output of {@link #join}, allocated when the first join happens. */
    private final class Joined {
      char[] out;
      int[] origin;
      int len;

      void start(char[] buf, int upTo) {
        if (out == null) {
          out = new char[inLen];
          origin = new int[inLen + 1];
          System.arraycopy(buf, 0, out, 0, upTo);
          System.arraycopy(inOrigin, 0, origin, 0, upTo);
          len = upTo;
        }
      }

      void copy(char[] buf, int k) {
        if (out != null) {
          out[len] = buf[k];
          origin[len++] = inOrigin[k];
        }
      }
    }

    /**
     * Handles the word starting at {@code i}: if it is a word split by hyphens, underscores or asterisks whose
     * pieces join into a known word ("li-mitations", "i-nstruction", "ou- tside", "a-ss-ist-ant"),
     * writes it joined; otherwise copies it. Pieces that are all words ("well-known",
     * "state-of-the-art", "tool_input") and joins that are no word ("x-ray", "vpc_cidr") stay as
     * they are, and pieces next to digits (dates, phone numbers, "covid-19") are never joined.
     * Returns the index after what was handled.
     */
    private int splitWord(char[] buf, int i, Joined j) {
      int p = i;
      while (p < inLen && isAsciiLetter(buf[p])) {
        p++;
      }
      if (p == i || p >= inLen || !isSplitter(buf[p]) || p - i > MAX_PIECE) {
        int end = Math.max(p, i + 1);
        for (int k = i; k < end; k++) {
          j.copy(buf, k);
        }
        return end;
      }
      int[] starts = new int[MAX_PIECES];
      int[] ends = new int[MAX_PIECES];
      int pieces = 0;
      boolean clean = true;
      int q = i;
      while (true) {
        int s = q;
        while (q < inLen && isAsciiLetter(buf[q])) {
          q++;
        }
        if (q - s > MAX_PIECE || (q < inLen && isWordChar(buf[q]))) {
          clean = false; // a long run or a piece glued to digits: an id, a date, not a split word
          break;
        }
        starts[pieces] = s;
        ends[pieces++] = q;
        int r = q;
        while (r < inLen && isSplitter(buf[r]) && r - q < MAX_SEPARATOR) {
          r++;
        }
        if (r > q && r + 1 < inLen && buf[r] == ' ' && isHyphen(buf[r - 1]) && isAsciiLetter(buf[r + 1])) {
          r++; // "ou- tside": a hyphen at the end of a line or before a space
        }
        if (r == q || r >= inLen || !isAsciiLetter(buf[r]) || pieces == MAX_PIECES) {
          break;
        }
        q = r;
      }
      int end = clean ? ends[pieces - 1] : q;
      if (!clean || pieces < 2) {
        for (int k = i; k < end; k++) {
          j.copy(buf, k);
        }
        return end;
      }
      String[] piece = new String[pieces];
      boolean allWords = true;
      for (int k = 0; k < pieces; k++) {
        piece[k] = new String(buf, starts[k], ends[k] - starts[k]);
        allWords &= Lexicon.contains(piece[k]);
      }
      // joinAfter[k]: the separator after piece k is dropped.
      boolean[] joinAfter = new boolean[pieces];
      boolean counted = false;
      if (!allWords) {
        if (Lexicon.contains(String.join("", piece))) {
          Arrays.fill(joinAfter, 0, pieces - 1, true);
          for (int k = 1; k < pieces; k++) {
            counted |= suspicious(piece[k - 1], piece[k], Lexicon.contains(piece[k - 1]), Lexicon.contains(piece[k]));
          }
        } else {
          String cur = piece[0];
          for (int k = 1; k < pieces; k++) {
            String both = cur + piece[k];
            boolean curWord = Lexicon.contains(cur);
            boolean nextWord = Lexicon.contains(piece[k]);
            if (!(curWord && nextWord) && Lexicon.contains(both)) {
              joinAfter[k - 1] = true;
              counted |= suspicious(cur, piece[k], curWord, nextWord);
              cur = both;
            } else {
              cur = piece[k];
            }
          }
        }
      }
      boolean any = false;
      for (int k = 0; k < pieces - 1; k++) {
        any |= joinAfter[k];
      }
      if (any) {
        j.start(buf, i);
        if (counted) {
          splits++;
        }
      }
      for (int k = 0; k < pieces; k++) {
        for (int c = starts[k]; c < ends[k]; c++) {
          j.copy(buf, c);
        }
        if (k < pieces - 1 && !joinAfter[k]) {
          for (int c = ends[k]; c < starts[k + 1]; c++) {
            j.copy(buf, c);
          }
        }
      }
      return end;
    }

    /**
     * Whether joining {@code head} and {@code tail} undid an obfuscation: the tail is no word, the
     * head is no prefix ordinary text hyphenates, and not a word with a one-letter suffix split off
     * as code does ("delta_s").
     */
    private static boolean suspicious(String head, String tail, boolean headWord, boolean tailWord) {
      return !tailWord && !PREFIXES.contains(head) && !(headWord && tail.length() == 1);
    }

    /** End (exclusive, at the last letter + 1) of a spaced-letter run starting at i, or -1. */
    private int spacedRunEnd(char[] buf, int i) {
      if (i + 2 >= inLen || !isSpacer(buf[i + 1])) {
        return -1; // cheap test first: most chars are not followed by a spacer
      }
      if (!Character.isLetter(buf[i]) || (i > 0 && Character.isLetterOrDigit(buf[i - 1]))) {
        return -1;
      }
      int count = 1;
      int k = i;
      while (k + 2 < inLen) {
        if (!isSpacer(buf[k + 1])) {
          break;
        }
        char next = buf[k + 2];
        if (!Character.isLetter(next) || (k + 3 < inLen && Character.isLetterOrDigit(buf[k + 3]))) {
          break;
        }
        k += 2;
        count++;
      }
      if (count < 4 || isCjk(buf[i])) {
        return -1;
      }
      return k + 1;
    }

    /** What splits a word to dodge keyword rules: hyphens, underscores, asterisks. */
    private static boolean isSplitter(char c) {
      return c == '-' || c == '_' || c == '*' || isHyphen(c);
    }

    /** ASCII and Unicode hyphens; not dashes, which mark ranges ("a–d") and asides. */
    private static boolean isHyphen(char c) {
      return c == '-' || c == '\u2010' || c == '\u2011';
    }

    private static boolean isSpacer(char c) {
      return c == ' ' || c == '.' || c == '-' || c == '_';
    }

    private static boolean isCjk(char c) {
      return c >= 0x2E80;
    }
  }
}
