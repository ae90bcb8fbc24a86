package dev.palisade.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy says about the audit log.
 *
 * @param enabled whether to write one
 * @param directory where its segments go
 * @param rotateBytes start a new segment at this size
 * @param rotateAfter start a new segment after this long
 * @param retention delete sealed segments older than this
 * @param payloads what of the call content is kept
 * @param keyDirectory the audit key directory
 * @param masterKey the name of the key (in the policy's {@code keys}) that unlocks it
 */
public record AuditSettings(boolean enabled, Optional<Path> directory, long rotateBytes,
    Optional<Duration> rotateAfter, Optional<Duration> retention, PayloadCapture payloads,
    Optional<Path> keyDirectory, Optional<String> masterKey) {

  /** How much of a call's content the audit log keeps. */
  public enum PayloadCapture {
    /** Nothing: rule ids, entity types, offsets and scores only. */
    NONE,
    /** The content, encrypted under a key per data subject, so that it can be erased. */
    ENCRYPTED
  }

  /** Default segment size: 64 MiB. */
  public static final long DEFAULT_ROTATE_BYTES = 64L << 20;

  /** No audit log. */
  public static final AuditSettings NONE = new AuditSettings(false, Optional.empty(), DEFAULT_ROTATE_BYTES,
      Optional.empty(), Optional.empty(), PayloadCapture.NONE, Optional.empty(), Optional.empty());

  public AuditSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(rotateAfter, "rotateAfter");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(keyDirectory, "keyDirectory");
    Objects.requireNonNull(masterKey, "masterKey");
  }
}
