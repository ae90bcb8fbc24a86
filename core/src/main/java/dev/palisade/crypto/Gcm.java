package dev.palisade.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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

  private Gcm() {}

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Writes ciphertext || tag into {@code out} at {@code offset}; returns the bytes written. */
  static int seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int offset) {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(true, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce, aad));
    int n = gcm.processBytes(plaintext, 0, plaintext.length, out, offset);
    try {
      return n + gcm.doFinal(out, offset + n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("GCM encryption failed", e); // cannot happen when encrypting
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
    GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(false, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce, aad));
    byte[] out = new byte[length - TAG_BYTES];
    int n = gcm.processBytes(in, offset, length, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new GeneralSecurityException("decryption failed: wrong key, associated data or ciphertext");
    }
    return out;
  }
}
