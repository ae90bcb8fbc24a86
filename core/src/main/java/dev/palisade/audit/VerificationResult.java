package dev.palisade.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditVerifier} found: either an intact log, or the first problem with its sequence
 * number and kind. Immutable.
 *
 * @param problem the first problem, or empty when the log is intact
 * @param segments segment files read
 * @param lines lines verified before the first problem (all lines when intact)
 * @param records records among them
 * @param checkpoints signed checkpoints verified
 * @param recoveries RECOVERY records (restarts after a crash) among the records
 * @param lastCheckpoint the last verified checkpoint, or empty
 * @param signerFromLog true when no public key was given and signatures were checked against the
 *     key the log names itself, which proves consistency but not who wrote the log
 */
public record VerificationResult(
    Optional<Problem> problem,
    int segments,
    long lines,
    long records,
    long checkpoints,
    long recoveries,
    Optional<Checkpoint> lastCheckpoint,
    boolean signerFromLog) {

  /** How a log was damaged. */
  public enum Kind {
    /** A line's bytes differ from what was written. */
    MODIFIED,
    /** Lines or a whole segment are missing from the middle. */
    DELETED,
    /** A line that was never written by the log's writer at that position. */
    INSERTED,
    /** Lines are out of order. */
    REORDERED,
    /** The log ends early: torn last line, missing tail or missing last segment. */
    TRUNCATED,
    /** A checkpoint's signature does not verify under the trusted key. */
    BAD_SIGNATURE,
    /** A validly signed checkpoint from an earlier point of the log appears again. */
    REPLAYED_CHECKPOINT
  }

  /**
   * The first problem found.
   *
   * @param kind what happened
   * @param seq the first sequence number that is not as written
   * @param segment the segment file where it was found
   * @param detail a one-line explanation naming positions and fields, never contents
   */
  public record Problem(Kind kind, long seq, String segment, String detail) {
    public Problem {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(segment, "segment");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return kind + " at seq " + seq + " (" + segment + "): " + detail;
    }
  }

  /**
   * A signed checkpoint.
   *
   * @param size number of lines the tree covers
   * @param root base64 RFC 9162 root hash
   * @param time when it was signed
   * @param flag {@code periodic}, {@code rotation} or {@code closing}
   */
  public record Checkpoint(long size, String root, String time, String flag) {}

  public boolean intact() {
    return problem.isEmpty();
  }
}
