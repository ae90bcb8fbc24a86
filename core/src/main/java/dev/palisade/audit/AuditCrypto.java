package dev.palisade.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The few primitives the audit log needs (AES-256-GCM, HMAC-SHA256, SHA-256, Ed25519), used
 * through JCA and Bouncy Castle directly so this package has no other crypto dependency.
 */
final class AuditCrypto {
  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(AuditCrypto::newSha256);

  // Looking a cipher up costs more than using it; init() with a fresh key and nonce resets it.
  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  });

  private AuditCrypto() {}

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static byte[] sha256(byte[] data) {
    MessageDigest d = SHA256.get();
    d.reset();
    return d.digest(data);
  }

  static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256(data));
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    return hmac(key, data.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
    try {
      Cipher c = GCM.get();
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad);
      return c.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts, or throws {@link AuditException} naming {@code what} when the tag does not verify. */
  static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad, String what) {
    try {
      Cipher c = GCM.get();
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad);
      return c.doFinal(ciphertext);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new AuditException("cannot decrypt " + what + ": wrong key or altered ciphertext");
    } catch (GeneralSecurityException e) {
      throw new AuditException("cannot decrypt " + what, e);
    }
  }

  static byte[] ed25519Public(byte[] seed) {
    return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
  }

  static byte[] sign(byte[] seed, byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, new Ed25519PrivateKeyParameters(seed, 0));
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE || signature.length != 64) {
      return false;
    }
    Ed25519Signer s = new Ed25519Signer();
    s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    s.update(message, 0, message.length);
    return s.verifySignature(signature);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
