package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an audit log end to end and names the first place it differs from what its writer wrote.
 *
 * <p>For every line, in order: its own hash over its exact bytes, its sequence number, its link to
 * the line before; for every segment header, the tree root it repeats and its signing key; for
 * every checkpoint, the Ed25519 signature over tree size, root, time and flag, and that size and
 * root are those of the lines before it. The log must end with a closing checkpoint, and a
 * segment that ends without a checkpoint (a crash) must be followed by a RECOVERY record.
 *
 * <h2>Security guarantees</h2>
 * With the writer's public key given, a log that verifies is byte for byte what a holder of the
 * signing key wrote, up to its last checkpoint. Without it, verification proves only that the log
 * is consistent with the key it names itself. Cutting a log back to an earlier closing checkpoint
 * is detected only by comparing with a checkpoint kept elsewhere (see docs/AUDIT-REVIEW.md).
 *
 * <h2>Thread safety</h2>
 * Stateless; safe for concurrent use.
 */
public final class AuditVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditVerifier() {}

  /** Verifies {@code dir} against the writer's Ed25519 {@code publicKey}. */
  public static VerificationResult verify(Path dir, PublicKey publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    return new Run(dir, AuditKeys.rawPublicKey(publicKey)).run();
  }

  /** Verifies {@code dir} against the PEM public key in {@code publicKeyFile}. */
  public static VerificationResult verify(Path dir, Path publicKeyFile) {
    Objects.requireNonNull(publicKeyFile, "publicKeyFile");
    return verify(dir, AuditKeys.readPublicKey(publicKeyFile));
  }

  /**
   * Verifies {@code dir} against the signing key its first header names: proves internal
   * consistency only ({@link VerificationResult#signerFromLog()} is true).
   */
  public static VerificationResult verify(Path dir) {
    return new Run(dir, null).run();
  }

  /**
   * Remembers signatures already found valid: Ed25519 verification dominates repeated checks of
   * the same log (a reviewer re-running verify, tests), and a (key, message, signature) triple
   * that verified once always verifies.
   */
  static final class SignatureCache {
    private static final int MAX = 4096;
    private static final java.util.Map<String, Boolean> VALID = java.util.Collections.synchronizedMap(
        new java.util.LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
            return size() > MAX;
          }
        });

    private SignatureCache() {}

    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
      byte[] id = AuditCrypto.sha256(LogFormat.concat(LogFormat.concat(publicKey, signature), message));
      String key = Base64.getEncoder().encodeToString(id);
      if (VALID.containsKey(key)) {
        return true;
      }
      boolean ok = AuditCrypto.verify(publicKey, message, signature);
      if (ok) {
        VALID.put(key, Boolean.TRUE);
      }
      return ok;
    }
  }

  /** One verification pass; not thread-safe. */
  private static final class Run {
    private final Path dir;
    private byte[] trusted;
    private final boolean signerFromLog;
    private final LineParser parser = new LineParser();
    private final LineParser peek = new LineParser();
    private final MerkleTree tree = new MerkleTree();
    private byte[] prevLhB64 = LogFormat.GENESIS_B64.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private long expected;
    private String logId;
    private long segmentNumber;
    private int segmentsRead;
    private long records;
    private long checkpoints;
    private long recoveries;
    private long lastCheckpointSeq = -1;
    private VerificationResult.Checkpoint lastCheckpoint;

    Run(Path dir, byte[] trusted) {
      this.dir = Objects.requireNonNull(dir, "dir");
      this.trusted = trusted;
      this.signerFromLog = trusted == null;
    }

    VerificationResult run() {
      List<Path> segments;
      try {
        segments = Files.isDirectory(dir) ? LogFormat.segments(dir) : List.of();
      } catch (IOException e) {
        throw new AuditException("cannot list " + dir, e);
      }
      if (segments.isEmpty()) {
        throw new AuditException("no audit log segments (audit-NNNNNN.log) in " + dir);
      }
      boolean needRecovery = false;
      String crashedSegment = null;
      for (int s = 0; s < segments.size(); s++) {
        Path file = segments.get(s);
        String name = file.getFileName().toString();
        boolean lastSegment = s == segments.size() - 1;
        byte[] b;
        try {
          b = Files.readAllBytes(file);
        } catch (IOException e) {
          throw new AuditException("cannot read " + file, e);
        }
        segmentsRead++;
        int pos = 0;
        int lineNo = 0;
        String lastType = null;
        String lastFlag = null;
        while (pos < b.length) {
          int nl = indexOf(b, (byte) '\n', pos);
          if (nl < 0) {
            return fail(fragment(b, pos, name));
          }
          LineParser.Status status = parser.parse(b, pos, nl);
          if (status != LineParser.Status.OK) {
            return fail(problem(VerificationResult.Kind.MODIFIED, expected, name,
                status == LineParser.Status.BAD_HASH
                    ? "the line's bytes do not match its own hash" : "the line's layout is not valid"));
          }
          long seq = parser.seq;
          String type = parser.type;
          if (seq != expected) {
            return fail(outOfPlace(b, pos, nl, name, lineNo == 0));
          }
          if (!parser.prevEquals(b, prevLhB64)) {
            return fail(problem(VerificationResult.Kind.MODIFIED, seq, name,
                "the line does not link to the hash of seq " + (seq - 1)));
          }
          if ("rotation".equals(lastFlag) || "closing".equals(lastFlag)) {
            return fail(problem(VerificationResult.Kind.INSERTED, seq, name,
                "a line follows the segment's final checkpoint"));
          }
          if ((lineNo == 0) != type.equals("header")) {
            return fail(problem(VerificationResult.Kind.MODIFIED, seq, name, lineNo == 0
                ? "the segment does not start with a header" : "a header inside a segment"));
          }
          lastFlag = null;
          switch (type) {
            case "header" -> {
              Optional<VerificationResult.Problem> p = header(b, pos, nl, name, seq);
              if (p.isPresent()) {
                return fail(p.get());
              }
            }
            case "record" -> {
              records++;
              boolean recovery = "RECOVERY".equals(parser.kind);
              if (needRecovery && lineNo == 1 && !recovery) {
                return fail(problem(VerificationResult.Kind.TRUNCATED, seq, name, crashedSegment
                    + " ends without a checkpoint and no RECOVERY record follows"));
              }
              if (recovery) {
                recoveries++;
              }
              needRecovery = false;
            }
            default -> {
              JsonNode c = json(b, pos, nl);
              Optional<VerificationResult.Problem> p = checkpoint(c, name, seq);
              if (p.isPresent()) {
                return fail(p.get());
              }
              lastFlag = c.path("flag").asText();
            }
          }
          if (needRecovery && lineNo >= 1) {
            return fail(problem(VerificationResult.Kind.TRUNCATED, seq, name, crashedSegment
                + " ends without a checkpoint and no RECOVERY record follows"));
          }
          tree.append(parser.lh);
          prevLhB64 = Base64.getEncoder().encode(parser.lh);
          expected++;
          lineNo++;
          lastType = type;
          pos = nl + 1;
        }
        if (lineNo == 0) {
          return fail(problem(VerificationResult.Kind.TRUNCATED, expected, name,
              "the segment file is empty"));
        }
        boolean ended = "checkpoint".equals(lastType)
            && ("rotation".equals(lastFlag) || "closing".equals(lastFlag));
        if (lastSegment) {
          if (!ended) {
            return fail(problem(VerificationResult.Kind.TRUNCATED, expected, name,
                "the log ends after seq " + (expected - 1) + " without a closing checkpoint"
                    + " (writer crashed or still running, or the tail was cut)"));
          }
          if ("rotation".equals(lastFlag)) {
            return fail(problem(VerificationResult.Kind.TRUNCATED, expected, name,
                "the segment after " + name + " is missing"));
          }
        } else if (!ended) {
          needRecovery = true;
          crashedSegment = name;
        }
      }
      return result(Optional.empty());
    }

    private Optional<VerificationResult.Problem> header(
        byte[] b, int start, int end, String name, long seq) {
      JsonNode h = json(b, start, end);
      if (h == null || !LogFormat.FORMAT.equals(h.path("format").asText())) {
        return Optional.of(problem(VerificationResult.Kind.MODIFIED, seq, name,
            "not a " + LogFormat.FORMAT + " segment header"));
      }
      String log = h.path("log").asText();
      long number = h.path("segment").asLong();
      if (logId == null) {
        logId = log;
      } else if (!logId.equals(log)) {
        return Optional.of(problem(VerificationResult.Kind.INSERTED, seq, name,
            "the segment belongs to another log"));
      }
      if (segmentNumber != 0 && number != segmentNumber + 1) {
        return Optional.of(problem(number > segmentNumber + 1 ? VerificationResult.Kind.DELETED
            : VerificationResult.Kind.REORDERED, seq, name, "segment " + number + " follows segment "
            + segmentNumber));
      }
      segmentNumber = number;
      if (h.path("treeSize").asLong(-1) != tree.size()
          || !Arrays.equals(b64(h.path("treeRoot").asText()), tree.root())) {
        return Optional.of(problem(VerificationResult.Kind.MODIFIED, seq, name,
            "the header's tree size or root differs from the lines before it"));
      }
      byte[] signer = b64(h.path("signer").asText());
      if (trusted == null) {
        trusted = signer;
      } else if (!Arrays.equals(trusted, signer)) {
        return Optional.of(problem(VerificationResult.Kind.BAD_SIGNATURE, seq, name,
            "the segment names a different signing key than the trusted one"));
      }
      return Optional.empty();
    }

    private Optional<VerificationResult.Problem> checkpoint(JsonNode c, String name, long seq) {
      if (c == null) {
        return Optional.of(problem(VerificationResult.Kind.MODIFIED, seq, name,
            "the checkpoint is not valid JSON"));
      }
      if (!signatureValid(c)) {
        return Optional.of(problem(VerificationResult.Kind.BAD_SIGNATURE, seq, name,
            "the checkpoint's signature does not verify under the trusted key"));
      }
      long size = c.path("size").asLong(-1);
      if (size != seq || !logId.equals(c.path("log").asText())) {
        return Optional.of(problem(VerificationResult.Kind.REPLAYED_CHECKPOINT, seq, name,
            "a checkpoint signed for tree size " + size + " stands at seq " + seq));
      }
      if (!Arrays.equals(b64(c.path("root").asText()), tree.root())) {
        long from = lastCheckpointSeq + 1;
        return Optional.of(problem(VerificationResult.Kind.MODIFIED, from, name,
            "lines " + from + ".." + (seq - 1) + " differ from what checkpoint " + seq + " signed"));
      }
      checkpoints++;
      lastCheckpointSeq = seq;
      lastCheckpoint = new VerificationResult.Checkpoint(size, c.path("root").asText(),
          c.path("time").asText(), c.path("flag").asText());
      return Optional.empty();
    }

    private boolean signatureValid(JsonNode c) {
      if (trusted == null) {
        return false;
      }
      try {
        byte[] note = LogFormat.checkpointNote(c.path("log").asText(), c.path("size").asLong(-1),
            c.path("root").asText(), c.path("time").asText(), c.path("flag").asText());
        return SignatureCache.verify(trusted, note, b64(c.path("sig").asText()));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    /** A well-formed line whose sequence number is not the one expected here. */
    private VerificationResult.Problem outOfPlace(
        byte[] b, int start, int end, String name, boolean firstInSegment) {
      long seq = parser.seq;
      if (seq < expected) {
        if (parser.type.equals("checkpoint") && signatureValid(json(b, start, end))) {
          return problem(VerificationResult.Kind.REPLAYED_CHECKPOINT, expected, name,
              "the checkpoint signed at seq " + seq + " appears again at seq " + expected);
        }
        return problem(VerificationResult.Kind.INSERTED, expected, name,
            "found seq " + seq + " where seq " + expected + " belongs");
      }
      int nextEnd = indexOf(b, (byte) '\n', end + 1);
      if (nextEnd > 0 && peek.parse(b, end + 1, nextEnd) == LineParser.Status.OK
          && peek.seq == expected) {
        return problem(VerificationResult.Kind.REORDERED, expected, name,
            "seq " + seq + " comes before seq " + expected);
      }
      return problem(VerificationResult.Kind.DELETED, expected, name, (seq - expected == 1
          ? "seq " + expected + " is missing" : "seq " + expected + ".." + (seq - 1) + " are missing")
          + (firstInSegment && parser.type.equals("header") ? " (a segment was removed)" : ""));
    }

    /** An unterminated last line: torn by a crash or a cut, or an altered line terminator. */
    private VerificationResult.Problem fragment(byte[] b, int start, String name) {
      int end = b.length;
      if (end - start > 1 && peek.parse(b, start, end - 1) == LineParser.Status.OK
          && peek.seq == expected) {
        return problem(VerificationResult.Kind.MODIFIED, expected, name,
            "the line's terminator was altered");
      }
      return problem(VerificationResult.Kind.TRUNCATED, expected, name, "the last line is torn ("
          + (end - start) + " bytes without a line end) after seq " + (expected - 1));
    }

    private VerificationResult.Problem problem(
        VerificationResult.Kind kind, long seq, String segment, String detail) {
      return new VerificationResult.Problem(kind, seq, segment, detail);
    }

    private VerificationResult fail(VerificationResult.Problem p) {
      return result(Optional.of(p));
    }

    private VerificationResult result(Optional<VerificationResult.Problem> p) {
      return new VerificationResult(p, segmentsRead, expected, records, checkpoints, recoveries,
          Optional.ofNullable(lastCheckpoint), signerFromLog);
    }

    private static JsonNode json(byte[] b, int start, int end) {
      try {
        return JSON.readTree(b, start, end - start);
      } catch (IOException e) {
        return null;
      }
    }

    private static byte[] b64(String s) {
      try {
        return Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        return new byte[0];
      }
    }

    private static int indexOf(byte[] b, byte x, int from) {
      return Bytes.indexOf(b, x, from);
    }
  }
}
