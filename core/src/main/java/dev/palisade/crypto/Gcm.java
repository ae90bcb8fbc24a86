package dev.palisade.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.WeakHashMap;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-256-GCM with a 96-bit nonce and a 128-bit tag on Bouncy Castle's lightweight API. */
final class Gcm {

  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;

  // One generator for the process: SecureRandom is thread-safe and seeding it is slow.
  static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Per-thread ciphers by key array (identity): initializing GCM for a key builds its
   * multiplication tables, which costs more than sealing a short value, so a thread keeps the
   * initialized cipher and re-initializes it with only a new nonce. Weak keys let a key's cipher
   * go when the key does.
   */
  private static final ThreadLocal<Map<byte[], GCMModeCipher>> CIPHERS =
      ThreadLocal.withInitial(WeakHashMap::new);

  private Gcm() {}

  private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
    Map<byte[], GCMModeCipher> ciphers = CIPHERS.get();
    GCMModeCipher gcm = ciphers.get(key);
    if (gcm == null) {
      gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
      gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce, aad));
      if (ciphers.size() >= 64) {
        ciphers.clear();
      }
      ciphers.put(key, gcm);
    } else {
      // A null key keeps the key and tables; Bouncy Castle still refuses a repeated nonce.
      gcm.init(encrypt, new AEADParameters(null, TAG_BYTES * 8, nonce, aad));
    }
    return gcm;
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Writes ciphertext || tag into {@code out} at {@code offset}; returns the bytes written. */
  static int seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int offset) {
    try {
      GCMModeCipher gcm = cipher(true, key, nonce, aad);
      int n = gcm.processBytes(plaintext, 0, plaintext.length, out, offset);
      return n + gcm.doFinal(out, offset + n);
    } catch (InvalidCipherTextException | RuntimeException e) {
      CIPHERS.get().remove(key); // start from a fresh cipher after any failure
      throw new IllegalStateException("GCM encryption failed", e);
    }
  }

  static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG_BYTES];
    seal(key, nonce, aad, plaintext, out, 0);
    return out;
  }

  static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int offset, int length)
      throws GeneralSecurityException {
    if (length < TAG_BYTES) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    byte[] out = new byte[length - TAG_BYTES];
    try {
      GCMModeCipher gcm = cipher(false, key, nonce, aad);
      int n = gcm.processBytes(in, offset, length, out, 0);
      gcm.doFinal(out, n);
      return out;
    } catch (InvalidCipherTextException | RuntimeException e) {
      CIPHERS.get().remove(key); // start from a fresh cipher after any failure
      java.util.Arrays.fill(out, (byte) 0);
      throw new GeneralSecurityException("decryption failed: wrong key, associated data or ciphertext");
    }
  }
}
