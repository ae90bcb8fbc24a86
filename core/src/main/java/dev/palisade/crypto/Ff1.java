package dev.palisade.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Format-preserving encryption with FF1 (NIST SP 800-38G) over AES-256, on Bouncy Castle's
 * {@code FPEFF1Engine}: a 16-digit card number encrypts to 16 digits, {@code 555-123-4567} to
 * another {@code ddd-ddd-dddd}.
 *
 * <p>The caller names an alphabet (e.g. {@link #DIGITS}); characters of the value that are in the
 * alphabet are encrypted as one FF1 numeral string, and every other character (a separator such
 * as a space or a dash) is taken out first and put back at its position afterwards. Characters
 * outside the alphabet therefore never reach the engine, and stay as they were.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>FF1 is a keyed permutation of the strings of one length over one alphabet, for each
 *       tweak: different values never encrypt to the same output, and the same value always
 *       encrypts to the same output. Pass a tweak (e.g. the tenant and conversation) to make
 *       outputs differ between contexts.
 *   <li>The domain must have at least a million values ({@code radix^length >= 10^6}, SP 800-38G
 *       rev. 1): six digits, or five letters. Shorter inputs are refused ({@link #fits}); FF1
 *       on a tiny domain is easily inverted by enumeration.
 *   <li>Separators are not encrypted: their number and positions are visible in the output.
 *   <li>The output does not name its key; keep the key id beside it ({@link #primaryKeyId()}) to
 *       decrypt after a rotation.
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Immutable and safe for concurrent use.
 */
public final class Ff1 {

  /** The decimal digits, radix 10. */
  public static final String DIGITS = "0123456789";
  /** Digits then lower-case letters, radix 36 (the alphabet of NIST's radix-36 sample). */
  public static final String LOWER_ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyz";
  /** Digits, upper-case then lower-case letters, radix 62. */
  public static final String ALPHANUMERIC =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** SP 800-38G rev. 1: radix^minlen >= 1,000,000. */
  static final double MIN_DOMAIN = 1_000_000d;

  private static final byte[] NO_TWEAK = new byte[0];

  private final Keyset keyset;
  private final byte[] rawKey; // only for the NIST vectors, which use their own AES keys

  private Ff1(Keyset keyset, byte[] rawKey) {
    this.keyset = keyset;
    this.rawKey = rawKey;
  }

  /** FF1 over {@code keyset}: encrypts with its primary key. */
  public static Ff1 of(Keyset keyset) {
    return new Ff1(Objects.requireNonNull(keyset, "keyset"), null);
  }

  /** FF1 directly under an AES key (16, 24 or 32 bytes), for published test vectors. */
  static Ff1 withRawAesKey(byte[] aesKey) {
    return new Ff1(null, aesKey.clone());
  }

  /** The id of the key {@link #encrypt} uses. */
  public int primaryKeyId() {
    if (keyset == null) {
      throw new IllegalStateException("raw-key FF1 has no key id");
    }
    return keyset.primaryKeyId();
  }

  /**
   * True when the characters of {@code value} that are in {@code alphabet} form a domain FF1 may
   * encrypt: {@code radix^count >= 10^6} (and at least two of them).
   */
  public static boolean fits(CharSequence value, String alphabet) {
    int radix = checkAlphabet(alphabet);
    int n = 0;
    for (int i = 0; i < value.length(); i++) {
      if (alphabet.indexOf(value.charAt(i)) >= 0) {
        n++;
      }
    }
    return fits(radix, n);
  }

  static boolean fits(int radix, int length) {
    return length >= 2 && Math.pow(radix, length) >= MIN_DOMAIN;
  }

  /**
   * Encrypts the alphabet characters of {@code value} with the primary key, keeping all other
   * characters in place.
   *
   * @throws IllegalArgumentException if the value does not {@link #fits fit} FF1's domain rule
   *     (the message gives counts, never the value)
   */
  public String encrypt(String value, String alphabet, byte[] tweak) {
    return process(true, value, alphabet, tweak, keyset == null ? rawKey : keyset.primary().ff1Key);
  }

  /** Decrypts a value made by {@link #encrypt} with key {@code keyId} and the same tweak. */
  public String decrypt(String value, String alphabet, byte[] tweak, int keyId) {
    byte[] key = keyset == null ? rawKey : keyset.key(keyId).ff1Key;
    return process(false, value, alphabet, tweak, key);
  }

  /** Decrypts a value made by {@link #encrypt} with the current primary key. */
  public String decrypt(String value, String alphabet, byte[] tweak) {
    return process(false, value, alphabet, tweak, keyset == null ? rawKey : keyset.primary().ff1Key);
  }

  private static String process(boolean encrypt, String value, String alphabet, byte[] tweak, byte[] key) {
    Objects.requireNonNull(value, "value");
    int radix = checkAlphabet(alphabet);
    // Strip the separators: only numerals reach the engine.
    byte[] numerals = new byte[value.length()];
    int n = 0;
    for (int i = 0; i < value.length(); i++) {
      int d = alphabet.indexOf(value.charAt(i));
      if (d >= 0) {
        numerals[n++] = (byte) d;
      }
    }
    if (!fits(radix, n)) {
      throw new IllegalArgumentException(
          "FF1 domain too small: " + n + " characters of radix " + radix
              + " (radix^length must be at least 10^6)");
    }
    FPEEngine engine = new FPEFF1Engine(AESEngine.newInstance());
    engine.init(encrypt, new FPEParameters(new KeyParameter(key), radix, tweak == null ? NO_TWEAK : tweak));
    byte[] out = new byte[n];
    engine.processBlock(numerals, 0, n, out, 0);
    // Put the separators back where they were.
    char[] result = value.toCharArray();
    int j = 0;
    for (int i = 0; i < result.length; i++) {
      if (alphabet.indexOf(result[i]) >= 0) {
        result[i] = alphabet.charAt(out[j++] & 0xff);
      }
    }
    java.util.Arrays.fill(numerals, (byte) 0);
    return new String(result);
  }

  private static int checkAlphabet(String alphabet) {
    Objects.requireNonNull(alphabet, "alphabet");
    int radix = alphabet.length();
    if (radix < 2 || radix > 256) {
      throw new IllegalArgumentException("alphabet must have 2 to 256 characters, had " + radix);
    }
    if (alphabet.chars().distinct().count() != radix) {
      throw new IllegalArgumentException("alphabet characters must be distinct");
    }
    return radix;
  }

  @Override
  public String toString() {
    return keyset == null ? "Ff1{raw key}" : "Ff1{AES-256, primary=" + keyset.primaryKeyId() + "}";
  }
}
