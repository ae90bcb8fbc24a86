package dev.palisade.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Keyed pseudonyms: HMAC-SHA256 of a value under the keyset's primary key, truncated.
 *
 * <p>The same value under the same key always gives the same pseudonym, across calls, threads and
 * processes, so records can be linked without revealing who they are about (a pseudonym in the
 * sense of GDPR Art. 4(5): re-identification needs the key, kept separately).
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Without the key, a pseudonym reveals nothing about its value and cannot be computed for a
 *       guessed value (unlike a plain hash of a phone number, which is easily enumerated).
 *   <li>A pseudonym of {@code n} hex characters collides by chance after about 2<sup>2n</sup>
 *       values; 16 (64 bits) is the default.
 *   <li>Pseudonyms change when the primary key changes; {@link #primaryKeyId()} says which key
 *       made them. Compare MACs with {@link ConstantTime#equals(byte[], byte[])}.
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Immutable and safe for concurrent use.
 */
public final class Pseudonyms {

  /** Hex characters in a default pseudonym (64 bits). */
  public static final int DEFAULT_HEX_CHARS = 16;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Keyset keyset;

  private Pseudonyms(Keyset keyset) {
    this.keyset = keyset;
  }

  public static Pseudonyms of(Keyset keyset) {
    return new Pseudonyms(Objects.requireNonNull(keyset, "keyset"));
  }

  /** The id of the key pseudonyms are made with. */
  public int primaryKeyId() {
    return keyset.primaryKeyId();
  }

  /** The full 32-byte HMAC-SHA256 of {@code data} under the primary key. */
  public byte[] mac(byte[] data) {
    Objects.requireNonNull(data, "data");
    return mac(keyset.primary().hmacKey, data);
  }

  /** The full HMAC-SHA256 of {@code data} under key {@code keyId}, for checking old MACs. */
  public byte[] mac(byte[] data, int keyId) {
    Objects.requireNonNull(data, "data");
    return mac(keyset.key(keyId).hmacKey, data);
  }

  /**
   * The first {@code hexChars} lower-case hex characters (8 to 64) of the HMAC of
   * {@code domain}, a zero byte and {@code value} (UTF-8). The domain (e.g. an entity type)
   * keeps pseudonyms of different kinds of value apart.
   */
  public String pseudonym(String domain, String value, int hexChars) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(value, "value");
    if (hexChars < 8 || hexChars > 64) {
      throw new IllegalArgumentException("hexChars must be in [8, 64], was " + hexChars);
    }
    byte[] d = domain.getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[d.length + 1 + v.length];
    System.arraycopy(d, 0, input, 0, d.length);
    System.arraycopy(v, 0, input, d.length + 1, v.length);
    byte[] mac = mac(keyset.primary().hmacKey, input);
    java.util.Arrays.fill(input, (byte) 0);
    java.util.Arrays.fill(v, (byte) 0);
    char[] out = new char[hexChars];
    for (int i = 0; i < hexChars; i++) {
      int b = mac[i >> 1] & 0xff;
      out[i] = HEX[(i & 1) == 0 ? b >>> 4 : b & 0xf];
    }
    return new String(out);
  }

  static byte[] mac(byte[] key, byte[] data) {
    HMac hmac = new HMac(new SHA256Digest());
    hmac.init(new KeyParameter(key));
    hmac.update(data, 0, data.length);
    byte[] out = new byte[hmac.getMacSize()];
    hmac.doFinal(out, 0);
    return out;
  }

  @Override
  public String toString() {
    return "Pseudonyms{HMAC-SHA256, primary=" + keyset.primaryKeyId() + "}";
  }
}
