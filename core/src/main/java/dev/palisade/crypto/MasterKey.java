package dev.palisade.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A 256-bit key-encryption key that protects a {@link Keyset} at rest (AES-256-GCM key wrapping).
 *
 * <p>Typically held by a secrets manager or an environment variable and given to
 * {@link Keyset#read} and {@link Keyset#write}.
 *
 * <h2>Security</h2>
 * The key bytes are only reachable through methods that take a {@link SecretKeyAccess};
 * {@code toString} prints nothing secret.
 */
public final class MasterKey {

  static final int BYTES = 32;

  private final byte[] key;

  private MasterKey(byte[] key) {
    this.key = key;
  }

  /** A fresh random master key. */
  public static MasterKey generate() {
    return new MasterKey(Gcm.randomBytes(BYTES));
  }

  /** A master key from its 32 raw bytes (copied). */
  public static MasterKey fromBytes(byte[] bytes, SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("master key must be 32 bytes, was " + bytes.length);
    }
    return new MasterKey(bytes.clone());
  }

  /** A master key from the standard Base64 of its 32 bytes, as kept in a secrets manager. */
  public static MasterKey fromBase64(String base64, SecretKeyAccess access) {
    Objects.requireNonNull(base64, "base64");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("master key is not valid Base64"); // no key text echoed
    }
    try {
      return fromBytes(bytes, access);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** A copy of the raw key bytes. */
  public byte[] toBytes(SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    return key.clone();
  }

  /** The standard Base64 of the raw key bytes. */
  public String toBase64(SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    return Base64.getEncoder().encodeToString(key);
  }

  byte[] bytes() {
    return key;
  }

  @Override
  public String toString() {
    return "MasterKey{AES-256}";
  }
}
