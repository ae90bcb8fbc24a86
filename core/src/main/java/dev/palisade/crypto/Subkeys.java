package dev.palisade.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 derivation of one 256-bit subkey per purpose from a keyset key. */
final class Subkeys {

  static final String AEAD = "palisade/aead/aes256-gcm";
  static final String FF1 = "palisade/fpe/ff1-aes256";
  static final String HMAC = "palisade/prf/hmac-sha256";

  private Subkeys() {}

  static byte[] derive(byte[] keyMaterial, String purpose) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(keyMaterial, null, purpose.getBytes(StandardCharsets.US_ASCII)));
    byte[] out = new byte[32];
    hkdf.generateBytes(out, 0, out.length);
    return out;
  }
}
