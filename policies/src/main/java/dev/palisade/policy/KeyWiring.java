package dev.palisade.policy;

import dev.palisade.crypto.Keyset;
import dev.palisade.crypto.MasterKey;
import dev.palisade.crypto.SecretKeyAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a policy's key references into keysets. The one place in this module that touches key
 * bytes; errors name the variable or file, never a value.
 */
final class KeyWiring {

  private KeyWiring() {}

  static Keyset keyset(KeyRef ref, Map<String, KeyRef> keys, Function<String, String> env) {
    // Reading keys named by a policy the deployment wrote is the intended use of the key material.
    SecretKeyAccess access = SecretKeyAccess.insecure();
    if (ref.source() == KeyRef.Source.ENV) {
      byte[] stored = ref.read(env);
      try {
        byte[] key = Base64.getDecoder().decode(new String(stored, StandardCharsets.US_ASCII).strip());
        try {
          return Keyset.importKey(1, key, access);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      } catch (IllegalArgumentException e) {
        throw PolicyException.of("keys." + ref.name(), "", "environment variable " + ref.location()
            + " must hold base64 of 32 bytes");
      } finally {
        Arrays.fill(stored, (byte) 0);
      }
    }
    KeyRef masterRef = keys.get(ref.masterKey().orElseThrow());
    String master = new String(masterRef.read(env), StandardCharsets.US_ASCII).strip();
    try {
      return Keyset.read(Path.of(ref.location()), MasterKey.fromBase64(master, access));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw PolicyException.of("keys." + ref.name(), "", "cannot open keyset file " + ref.location()
          + " with master key " + masterRef.location() + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
