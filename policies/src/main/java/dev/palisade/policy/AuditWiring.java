package dev.palisade.policy;

import dev.palisade.audit.AuditKeys;
import dev.palisade.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;

/** Opens the audit log a policy's {@code audit} section describes. */
final class AuditWiring {

  private AuditWiring() {}

  static AuditLog open(Policy policy, Function<String, String> env) {
    AuditSettings a = policy.audit();
    if (!a.enabled() || a.directory().isEmpty() || a.keyDirectory().isEmpty() || a.masterKey().isEmpty()) {
      throw PolicyException.of(policy.id(), "audit", "the policy enables no audit log (it needs directory,"
          + " keyDirectory and masterKey)");
    }
    KeyRef ref = policy.keys().get(a.masterKey().get());
    byte[] stored = ref.read(env);
    byte[] master = decode(stored, ref);
    Arrays.fill(stored, (byte) 0);
    try {
      AuditLog.Builder b = AuditLog.builder()
          .directory(a.directory().get())
          .keys(AuditKeys.load(a.keyDirectory().get(), master))
          .segmentMaxBytes(a.rotateBytes());
      a.rotateAfter().ifPresent(b::segmentMaxAge);
      return b.build();
    } finally {
      Arrays.fill(master, (byte) 0);
    }
  }

  /** A master key is 32 raw bytes (a key file) or their base64 (a variable or a text file). */
  private static byte[] decode(byte[] stored, KeyRef ref) {
    if (stored.length == 32) {
      return stored.clone();
    }
    try {
      byte[] k = Base64.getDecoder().decode(new String(stored, StandardCharsets.US_ASCII).strip());
      if (k.length == 32) {
        return k;
      }
    } catch (IllegalArgumentException e) {
      // reported below, without the value
    }
    throw PolicyException.of("keys." + ref.name(), "", "the audit master key must be 32 bytes or their base64 ("
        + ref.source().name().toLowerCase() + " " + ref.location() + ")");
  }
}
