package dev.palisade.detectors.injection;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decoding layer: finds spans that hide text in an encoding (base64, base32, hex, URL
 * percent-encoding, {@code \\u}/{@code \\x} escapes, HTML character references, Morse code, binary
 * and Braille) and whole texts written in ROT13
 * or backwards, and returns the readable text behind them so it can be scanned again.
 *
 * <p>Bounded: at most {@link #MAX_SPANS} spans per text, each at most {@link #MAX_SPAN_CHARS} chars
 * of encoded input; only results that are mostly printable text are kept. Recursion depth is the
 * caller's business (see {@code InjectionEngine}).
 *
 * <h2>Thread safety</h2>
 * Stateless.
 */
final class Decoder {

  static final int MAX_SPANS = 16;
  static final int MAX_SPAN_CHARS = 16 * 1024;

  /** One decoded span: where it was in the scanned text, how it was encoded, and what it says. */
  record Decoded(int start, int end, String encoding, String text) {
    @Override
    public String toString() {
      return "Decoded[" + start + ", " + end + ", " + encoding + ", chars=" + text.length() + "]";
    }
  }

  // Possessive quantifiers: no backtracking into the runs.
  private static final Pattern BASE64 =
      Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}+={0,2}+");
  private static final Pattern HEX =
      Pattern.compile("(?<![0-9A-Fa-f])(?:(?:0x)?[0-9A-Fa-f]{2}[ :,]?+){12,}+");
  private static final Pattern PERCENT = Pattern.compile("(?:[^\\s%]{0,40}+%[0-9A-Fa-f]{2}){4,}+[^\\s%]{0,40}+");
  private static final Pattern ESCAPES = Pattern.compile(
      "(?:(?:\\\\u[0-9A-Fa-f]{4}|\\\\x[0-9A-Fa-f]{2}|&#x?[0-9A-Fa-f]{1,6};)[ ,.]?+){4,}+");

  private Decoder() {}

  // What each ASCII character may be part of, for the pass that picks the decoders to run.
  private static final byte IN_B64 = 1;
  private static final byte IN_HEX = 2;
  private static final byte IN_MORSE = 4;
  private static final byte IN_BITS = 8;
  private static final byte[] KIND = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      boolean letterOrDigit =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      boolean hexDigit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      KIND[c] = (byte) ((letterOrDigit || c == '+' || c == '/' || c == '-' || c == '_' ? IN_B64 : 0)
          | (hexDigit || c == ' ' || c == ':' || c == ',' || c == 'x' ? IN_HEX : 0)
          | (c == '.' || c == '-' || c == ' ' || c == '/' ? IN_MORSE : 0)
          | (c == '0' || c == '1' || c == ' ' ? IN_BITS : 0));
    }
  }

  /** Decodes the encoded spans of {@code text}; never throws. */
  static List<Decoded> decode(String text) {
    List<Decoded> out = new ArrayList<>(2);
    // One cheap pass decides which decoders can possibly find something: the longest run of
    // characters each encoding is written in, and whether there are percent signs or escapes.
    int percents = 0;
    boolean escapes = false;
    int b64 = 0;
    int hex = 0;
    int morse = 0;
    int bits = 0;
    int braille = 0;
    int longestB64 = 0;
    int longestHex = 0;
    int longestMorse = 0;
    int longestBits = 0;
    char[] chunk = new char[Math.min(text.length(), 512)];
    for (int base = 0, n = text.length(); base < n; base += chunk.length) {
      int len = Math.min(chunk.length, n - base);
      text.getChars(base, base + len, chunk, 0);
      for (int i = 0; i < len; i++) {
        char c = chunk[i];
        int kind = 0;
        if (c < 128) {
          kind = KIND[c];
        } else if (c >= BRAILLE && c <= BRAILLE + 0xFF) {
          braille++;
        }
        b64 = (kind & IN_B64) != 0 ? b64 + 1 : 0;
        hex = (kind & IN_HEX) != 0 ? hex + 1 : 0;
        morse = (kind & IN_MORSE) != 0 ? morse + 1 : 0;
        bits = (kind & IN_BITS) != 0 ? bits + 1 : 0;
        longestB64 = Math.max(longestB64, b64);
        longestHex = Math.max(longestHex, hex);
        longestMorse = Math.max(longestMorse, morse);
        longestBits = Math.max(longestBits, bits);
        if (c == '%') {
          percents++;
        } else if ((c == '\\' || c == '&') && base + i + 1 < n) {
          char d = text.charAt(base + i + 1);
          escapes |= d == 'u' || d == 'x' || d == '#';
        }
      }
    }
    if (longestB64 >= 16) {
      base64(text, out);
      byteSpans(text, BASE32, "base32", Decoder::base32Bytes, out); // its alphabet is part of base64's
    }
    if (longestHex >= 24) {
      byteSpans(text, HEX, "hex", Decoder::hexBytes, out);
    }
    if (percents >= 4) {
      percent(text, out);
    }
    if (escapes) {
      escapes(text, out);
    }
    if (longestMorse >= 40) {
      morse(text, out);
    }
    if (longestBits >= 64) {
      byteSpans(text, BINARY, "binary", Decoder::binaryBytes, out);
    }
    if (braille >= 8) {
      braille(text, out);
    }
    return out;
  }

  private static final Pattern BASE32 = Pattern.compile("(?<![A-Za-z0-9])[A-Z2-7]{16,}+={0,6}+(?![A-Za-z0-9])");

  /** Base32 (RFC 4648): upper-case letters and the digits 2 to 7, five bits a character. */
  private static byte[] base32Bytes(String span) {
    String core = span.replace("=", "");
    byte[] bytes = new byte[core.length() * 5 / 8];
    long buffer = 0;
    int held = 0;
    int at = 0;
    for (int i = 0; i < core.length(); i++) {
      char c = core.charAt(i);
      buffer = (buffer << 5) | (c >= 'A' ? c - 'A' : c - '2' + 26);
      held += 5;
      if (held >= 8) {
        held -= 8;
        bytes[at++] = (byte) (buffer >>> held);
      }
    }
    return bytes;
  }

  /** The Unicode Braille block; its cells are dot patterns, bit k for dot k + 1. */
  private static final char BRAILLE = '\u2800';
  /** Grade-1 Braille: the dot patterns of a to z. */
  private static final int[] BRAILLE_LETTERS = {
      0x01, 0x03, 0x09, 0x19, 0x11, 0x0B, 0x1B, 0x13, 0x0A, 0x1A, 0x05, 0x07, 0x0D,
      0x1D, 0x15, 0x0F, 0x1F, 0x17, 0x0E, 0x1E, 0x25, 0x27, 0x3A, 0x2D, 0x3D, 0x35};
  private static final char[] BRAILLE_TEXT = new char[256];
  private static final int BRAILLE_NUMBER = 0x3C;
  private static final int BRAILLE_CAPITAL = 0x20;

  static {
    for (int i = 0; i < BRAILLE_LETTERS.length; i++) {
      BRAILLE_TEXT[BRAILLE_LETTERS[i]] = (char) ('a' + i);
    }
    BRAILLE_TEXT[0] = ' ';
    BRAILLE_TEXT[0x32] = '.';
    BRAILLE_TEXT[0x02] = ',';
    BRAILLE_TEXT[0x26] = '?';
    BRAILLE_TEXT[0x16] = '!';
    BRAILLE_TEXT[0x04] = '\'';
  }

  /**
   * Grade-1 Braille written with the Unicode Braille cells ("⠊⠛⠝⠕⠗⠑ ⠁⠇⠇"): letters, the number sign
   * before a to j for the digits, the capital sign dropped; a run must be mostly readable.
   */
  private static void braille(String text, List<Decoded> out) {
    int n = text.length();
    int i = 0;
    while (out.size() < MAX_SPANS && i < n) {
      char c = text.charAt(i);
      if (c < BRAILLE || c > BRAILLE + 0xFF) {
        i++;
        continue;
      }
      int start = i;
      StringBuilder sb = new StringBuilder();
      int cells = 0;
      int readable = 0;
      boolean number = false;
      for (; i < n && i - start < MAX_SPAN_CHARS; i++) {
        char d = text.charAt(i);
        if (d == ' ' || d == '\n') {
          sb.append(d);
          number = false;
          continue;
        }
        if (d < BRAILLE || d > BRAILLE + 0xFF) {
          break;
        }
        int dots = d - BRAILLE;
        cells++;
        if (dots == BRAILLE_CAPITAL) {
          readable++;
        } else if (dots == BRAILLE_NUMBER) {
          readable++;
          number = true;
        } else if (BRAILLE_TEXT[dots] != 0) {
          readable++;
          char t = BRAILLE_TEXT[dots];
          boolean digit = number && t >= 'a' && t <= 'j';
          sb.append(digit ? (char) (t == 'j' ? '0' : '1' + (t - 'a')) : t);
          number &= digit;
        }
      }
      String decoded = sb.toString().trim();
      if (cells >= 8 && readable * 10 >= cells * 9 && hasLetters(decoded)) {
        out.add(new Decoded(start, i, "braille", decoded));
      }
    }
  }

  private static final Pattern BINARY = Pattern.compile("(?<![01])(?:[01]{8}+ ?+){8,}+");

  /** Bytes written as groups of eight binary digits ("01101001 01100111 ..."). */
  private static byte[] binaryBytes(String span) {
    String bits = span.replace(" ", "");
    byte[] bytes = new byte[bits.length() / 8];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(bits.substring(8 * i, 8 * i + 8), 2);
    }
    return bytes;
  }

  /**
   * Each span of {@code pattern} in {@code text} (at most {@link #MAX_SPAN_CHARS} of it) turned into
   * bytes by {@code bytesOf}, kept when they read as text.
   */
  private static void byteSpans(String text, Pattern pattern, String encoding,
      Function<String, byte[]> bytesOf, List<Decoded> out) {
    Matcher m = pattern.matcher(text);
    while (out.size() < MAX_SPANS && m.find()) {
      int end = Math.min(m.end(), m.start() + MAX_SPAN_CHARS);
      String decoded = printable(bytesOf.apply(text.substring(m.start(), end)));
      if (decoded != null) {
        out.add(new Decoded(m.start(), end, encoding, decoded));
      }
    }
  }

  private static final Pattern MORSE = Pattern.compile("(?:[.-]{1,7}+(?: ?+/ ?+| {1,3}+|$)){8,}+");
  private static final Map<String, Character> MORSE_CODES = new HashMap<>();

  static {
    String[] codes = {".-", "-...", "-.-.", "-..", ".", "..-.", "--.", "....", "..", ".---", "-.-", ".-..", "--",
        "-.", "---", ".--.", "--.-", ".-.", "...", "-", "..-", "...-", ".--", "-..-", "-.--", "--.."};
    for (int i = 0; i < codes.length; i++) {
      MORSE_CODES.put(codes[i], (char) ('a' + i));
    }
    String[] digits = {"-----", ".----", "..---", "...--", "....-", ".....", "-....", "--...", "---..", "----."};
    for (int i = 0; i < digits.length; i++) {
      MORSE_CODES.put(digits[i], (char) ('0' + i));
    }
    MORSE_CODES.put(".-.-.-", '.');
    MORSE_CODES.put("--..--", ',');
    MORSE_CODES.put("..--..", '?');
    MORSE_CODES.put("-.-.--", '!');
    MORSE_CODES.put(".----.", '\'');
  }

  /** Morse code: letters separated by a space, words by two or more spaces or a slash. */
  private static void morse(String text, List<Decoded> out) {
    Matcher m = MORSE.matcher(text);
    while (out.size() < MAX_SPANS && m.find()) {
      int end = Math.min(m.end(), m.start() + MAX_SPAN_CHARS);
      StringBuilder sb = new StringBuilder();
      int valid = 0;
      int total = 0;
      int i = m.start();
      while (i < end) {
        char c = text.charAt(i);
        if (c == '.' || c == '-') {
          int j = i;
          while (j < end && (text.charAt(j) == '.' || text.charAt(j) == '-')) {
            j++;
          }
          Character letter = MORSE_CODES.get(text.substring(i, j));
          total++;
          if (letter != null) {
            valid++;
            sb.append(letter.charValue());
          }
          i = j;
        } else {
          int j = i;
          boolean slash = false;
          while (j < end && (text.charAt(j) == ' ' || text.charAt(j) == '/')) {
            slash |= text.charAt(j) == '/';
            j++;
          }
          if ((slash || j - i >= 2) && sb.length() > 0) {
            sb.append(' ');
          }
          i = j;
        }
      }
      if (total >= 8 && valid * 10 >= total * 9 && hasLetters(sb.toString())) {
        out.add(new Decoded(m.start(), end, "morse", sb.toString().trim()));
      }
    }
  }

  private static void base64(String text, List<Decoded> out) {
    Matcher m = BASE64.matcher(text);
    while (out.size() < MAX_SPANS && m.find()) {
      String s = m.group();
      if (s.length() > MAX_SPAN_CHARS) {
        s = s.substring(0, MAX_SPAN_CHARS & ~3);
      }
      if (!looksLikeBase64(s)) {
        continue;
      }
      String body = s.replace('-', '+').replace('_', '/');
      int eq = body.indexOf('=');
      String core = eq >= 0 ? body.substring(0, eq) : body;
      if (core.length() % 4 == 1) {
        core = core.substring(0, core.length() - 1);
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(pad(core));
      } catch (IllegalArgumentException e) {
        continue;
      }
      String decoded = printable(bytes);
      if (decoded != null) {
        out.add(new Decoded(m.start(), m.start() + s.length(), "base64", decoded));
      }
    }
  }

  /** Plain words and identifiers are long runs of letters too; base64 mixes cases and digits. */
  private static boolean looksLikeBase64(String s) {
    int upper = 0;
    int lower = 0;
    int digit = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        upper++;
      } else if (c >= 'a' && c <= 'z') {
        lower++;
      } else if (c >= '0' && c <= '9') {
        digit++;
      }
    }
    return upper > 0 && lower > 0 && (digit > 0 || upper * 8 >= s.length()) && s.length() >= 16;
  }

  private static String pad(String core) {
    int r = core.length() % 4;
    return r == 0 ? core : core + "==".substring(0, 4 - r);
  }

  private static byte[] hexBytes(String span) {
    String s = span.replace("0x", "").replaceAll("[ :,]", "");
    byte[] bytes = new byte[s.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ((Character.digit(s.charAt(2 * i), 16) << 4) | Character.digit(s.charAt(2 * i + 1), 16));
    }
    return bytes;
  }

  private static void percent(String text, List<Decoded> out) {
    Matcher m = PERCENT.matcher(text);
    while (out.size() < MAX_SPANS && m.find()) {
      int end = Math.min(m.end(), m.start() + MAX_SPAN_CHARS);
      String s = text.substring(m.start(), end);
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '%' && i + 2 < s.length()
            && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
          bytes.write((Character.digit(s.charAt(i + 1), 16) << 4) | Character.digit(s.charAt(i + 2), 16));
          i += 2;
        } else if (c == '+') {
          bytes.write(' ');
        } else {
          byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
          bytes.write(b, 0, b.length);
        }
      }
      String decoded = printable(bytes.toByteArray());
      if (decoded != null) {
        out.add(new Decoded(m.start(), end, "url", decoded));
      }
    }
  }

  private static void escapes(String text, List<Decoded> out) {
    if (text.indexOf('\\') < 0 && text.indexOf('&') < 0) {
      return;
    }
    Matcher m = ESCAPES.matcher(text);
    while (out.size() < MAX_SPANS && m.find()) {
      int end = Math.min(m.end(), m.start() + MAX_SPAN_CHARS);
      String s = text.substring(m.start(), end);
      StringBuilder sb = new StringBuilder();
      int escapes = 0;
      for (int i = 0; i < s.length(); ) {
        if (s.startsWith("\\u", i) && i + 6 <= s.length()) {
          sb.append((char) Integer.parseInt(s, i + 2, i + 6, 16));
          i += 6;
          escapes++;
        } else if (s.startsWith("\\x", i) && i + 4 <= s.length()) {
          sb.append((char) Integer.parseInt(s, i + 2, i + 4, 16));
          i += 4;
          escapes++;
        } else if (s.startsWith("&#", i) && s.indexOf(';', i) > 0) {
          int semi = s.indexOf(';', i);
          boolean hexRef = s.charAt(i + 2) == 'x';
          int cp = Integer.parseInt(s, i + (hexRef ? 3 : 2), semi, hexRef ? 16 : 10);
          if (Character.isValidCodePoint(cp)) {
            sb.appendCodePoint(cp);
          }
          i = semi + 1;
          escapes++;
        } else if (s.charAt(i) == '&' && s.indexOf(';', i) > 0) {
          int semi = s.indexOf(';', i);
          sb.append(switch (s.substring(i + 1, semi)) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> " ";
          });
          i = semi + 1;
        } else {
          sb.append(s.charAt(i));
          i++;
        }
      }
      if (escapes >= 4) {
        String decoded = sb.toString();
        if (printableRatio(decoded) >= 0.85) {
          out.add(new Decoded(m.start(), end, "escape", decoded));
        }
      }
    }
  }

  /** The bytes as UTF-8 text if they decode cleanly and are mostly printable, else {@code null}. */
  static String printable(byte[] bytes) {
    if (bytes.length < 6) {
      return null;
    }
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    String s;
    try {
      CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes));
      s = cb.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    return printableRatio(s) >= 0.85 && hasLetters(s) ? s : null;
  }

  private static boolean hasLetters(String s) {
    int letters = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        letters++;
      }
    }
    return letters * 2 >= s.length();
  }

  private static double printableRatio(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    int ok = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\t' || c == '\r' || (!Character.isISOControl(c) && c != 0xFFFD)) {
        ok++;
      }
    }
    return ok / (double) s.length();
  }

  /** ROT13 of ASCII letters. */
  static String rot13(String s) {
    return shift(s, 13);
  }

  /** Each ASCII letter moved {@code k} places back in the alphabet: undoes a Caesar shift of k. */
  static String shift(String s, int k) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      char x = c[i];
      if (x >= 'a' && x <= 'z') {
        c[i] = (char) ('a' + (x - 'a' + 26 - k) % 26);
      } else if (x >= 'A' && x <= 'Z') {
        c[i] = (char) ('A' + (x - 'A' + 26 - k) % 26);
      }
    }
    return new String(c);
  }

  /** Log frequencies of a-z in English text (per mille, from common letter tables). */
  private static final double[] LOG_FREQ = logs(
      82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1);

  private static double[] logs(int... perMille) {
    double[] out = new double[perMille.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.log(perMille[i]);
    }
    return out;
  }

  /**
   * The Caesar shift under which the ASCII letters of {@code s} are most like English by letter
   * frequency (0: as they are); one count of the letters and 26 x 26 products, so cheap enough to
   * ask of every text.
   */
  static int likelyShift(String s) {
    int[] count = new int[26];
    for (int i = 0, n = s.length(); i < n; i++) {
      char x = s.charAt(i);
      if (x >= 'a' && x <= 'z') {
        count[x - 'a']++;
      }
    }
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 26; k++) {
      double score = 0;
      for (int c = 0; c < 26; c++) {
        score += count[c] * LOG_FREQ[(c + 26 - k) % 26];
      }
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    return best;
  }

  private static final String[] COMMON = {
    " the ", " you ", " and ", " to ", " all ", " your ", " of ", " is ", " a ", " in ", " instructions", " ignore",
    " how ", " do ", " i ", " me ", " my ", " what ", " for ", " with ", " from ", " it ", " this ", " that ", " can ",
    " give ", " tell ", " are ", " not ", " now ", " any ", " no "
  };

  /** {@link #englishScore} stops counting here. */
  static final int MAX_ENGLISH_SCORE = 64;

  /** How many common English words a folded text contains (at most {@link #MAX_ENGLISH_SCORE}); ROT13 or reversed English has few. */
  static int englishScore(String folded) {
    return englishScore(folded, MAX_ENGLISH_SCORE);
  }

  /** {@link #englishScore}, counted only up to {@code cap}: the callers compare it with a bound. */
  static int englishScore(String folded, int cap) {
    int score = 0;
    for (String w : COMMON) {
      int from = 0;
      int k;
      while (score < cap && (k = folded.indexOf(w, from)) >= 0) {
        score++;
        from = k + w.length();
      }
    }
    return score;
  }
}
