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
 * @param signingKey the name of the key (in the policy's {@code keys}) that signs checkpoints
 * @param encryptionKey the name of the key that encrypts captured payloads
 */
public record AuditSettings(boolean enabled, Optional<Path> directory, long rotateBytes,
    Optional<Duration> rotateAfter, Optional<Duration> retention, PayloadCapture payloads,
    Optional<String> signingKey, Optional<String> encryptionKey) {

  /** How much of a call's content the audit log keeps. */
  public enum PayloadCapture {
    /** Nothing: rule ids, entity types, offsets and scores only. */
    NONE,
    /** Keyed digests of the content, to match a record against a known text. */
    HASHED,
    /** The content, encrypted with {@code encryptionKey}. */
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
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(encryptionKey, "encryptionKey");
  }
}
