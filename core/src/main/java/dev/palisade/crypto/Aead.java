package dev.palisade.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Authenticated encryption with associated data: AES-256-GCM over the keys of a {@link Keyset}.
 *
 * <p>Ciphertext layout: {@code 0x01 | key id (4 bytes, big-endian) | nonce (12) | ciphertext |
 * tag (16)}. Encryption uses the keyset's primary key; decryption uses the key the ciphertext
 * names, so ciphertexts made before a rotation still decrypt.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Confidentiality and integrity of the plaintext, and integrity of the associated data
 *       (bind a ciphertext to its context, e.g. tenant and conversation, through it).
 *   <li>Nonces are 96 random bits from {@link java.security.SecureRandom}. To keep the chance of
 *       a repeated nonce under 2<sup>-32</sup> (NIST SP 800-38D, section 8.3), each key encrypts
 *       at most {@link #MAX_INVOCATIONS_PER_KEY} times; after that {@code encrypt} throws
 *       {@link IllegalStateException} until the keyset is rotated. The count lives with the key
 *       in this process (shared by every {@code Aead} over keysets holding it); a keyset loaded
 *       in several processes counts per process, so rotate well before the limit.
 *   <li>Decryption failures say nothing about why, beyond "wrong key, data or ciphertext".
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Immutable and safe for concurrent use.
 */
public final class Aead {

  /** 2<sup>32</sup> encryptions per key with random 96-bit nonces (NIST SP 800-38D 8.3). */
  public static final long MAX_INVOCATIONS_PER_KEY = 1L << 32;

  static final byte VERSION = 1;
  static final int HEADER_BYTES = 1 + 4 + Gcm.NONCE_BYTES;
  /** Bytes an encryption adds to the plaintext. */
  public static final int OVERHEAD_BYTES = HEADER_BYTES + Gcm.TAG_BYTES;

  private static final byte[] NO_AAD = new byte[0];

  private final Keyset keyset;
  private final long invocationLimit;

  private Aead(Keyset keyset, long invocationLimit) {
    this.keyset = keyset;
    this.invocationLimit = invocationLimit;
  }

  /** An AEAD over {@code keyset}: encrypts with its primary key, decrypts with any of its keys. */
  public static Aead of(Keyset keyset) {
    return new Aead(Objects.requireNonNull(keyset, "keyset"), MAX_INVOCATIONS_PER_KEY);
  }

  /** For tests: a lower invocation limit. */
  static Aead withInvocationLimit(Keyset keyset, long limit) {
    return new Aead(keyset, limit);
  }

  /** The id of the key {@link #encrypt} uses. */
  public int primaryKeyId() {
    return keyset.primaryKeyId();
  }

  /**
   * Encrypts {@code plaintext} and authenticates it together with {@code associatedData} (which
   * must be given again, unchanged, to decrypt; it is not part of the output).
   *
   * @throws IllegalStateException if the primary key has reached its invocation limit
   */
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] aad = associatedData == null ? NO_AAD : associatedData;
    Keyset.Key key = keyset.primary();
    if (key.aeadInvocations.incrementAndGet() > invocationLimit) {
      key.aeadInvocations.decrementAndGet();
      throw new IllegalStateException(
          "key " + key.id + " reached its AES-GCM invocation limit of " + invocationLimit
              + "; rotate the keyset");
    }
    byte[] out = new byte[HEADER_BYTES + plaintext.length + Gcm.TAG_BYTES];
    out[0] = VERSION;
    writeInt(out, 1, key.id);
    byte[] nonce = Gcm.randomBytes(Gcm.NONCE_BYTES);
    System.arraycopy(nonce, 0, out, 5, Gcm.NONCE_BYTES);
    Gcm.seal(key.aeadKey, nonce, aad, plaintext, out, HEADER_BYTES);
    return out;
  }

  /**
   * Decrypts a ciphertext made by {@link #encrypt} with any key still in the keyset.
   *
   * @throws GeneralSecurityException if the key is not in the keyset, or the ciphertext or the
   *     associated data was altered
   */
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    byte[] aad = associatedData == null ? NO_AAD : associatedData;
    if (ciphertext.length < OVERHEAD_BYTES || ciphertext[0] != VERSION) {
      throw new GeneralSecurityException("not a Palisade AES-GCM ciphertext");
    }
    int id = readInt(ciphertext, 1);
    Keyset.Key key = keyset.keyOrNull(id);
    if (key == null) {
      throw new GeneralSecurityException("ciphertext was made with key " + id + ", which is not in the keyset");
    }
    byte[] nonce = Arrays.copyOfRange(ciphertext, 5, HEADER_BYTES);
    return Gcm.open(key.aeadKey, nonce, aad, ciphertext, HEADER_BYTES, ciphertext.length - HEADER_BYTES);
  }

  /** The id of the key that made {@code ciphertext}, read from its header. */
  public static int keyIdOf(byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (ciphertext.length < OVERHEAD_BYTES || ciphertext[0] != VERSION) {
      throw new IllegalArgumentException("not a Palisade AES-GCM ciphertext");
    }
    return readInt(ciphertext, 1);
  }

  @Override
  public String toString() {
    return "Aead{AES-256-GCM, primary=" + keyset.primaryKeyId() + "}";
  }

  private static void writeInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static int readInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }
}
