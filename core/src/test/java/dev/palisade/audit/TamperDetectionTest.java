package dev.palisade.audit;

import static dev.palisade.audit.AuditFixtures.T0;
import static dev.palisade.audit.AuditFixtures.lines;
import static dev.palisade.audit.AuditFixtures.seqOf;
import static dev.palisade.audit.AuditFixtures.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.VerificationResult.Kind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a small three-segment log in every way the issue lists and checks that verification
 * names the first bad sequence number and the kind of damage.
 */
class TamperDetectionTest {
  @TempDir Path tmp;
  private Path dir;
  private AuditKeys keys;
  private List<Path> segments;
  private java.security.PublicKey publicKey;

  @BeforeEach
  void writeSmallLog() throws IOException {
    dir = tmp.resolve("log");
    keys = AuditFixtures.keys(tmp);
    AuditFixtures.MutableClock clock = new AuditFixtures.MutableClock(T0);
    try (AuditLog log = AuditLog.builder().directory(dir).keys(keys).clock(clock)
        .checkpointEvery(2).segmentMaxAge(Duration.ofHours(1)).build()) {
      for (int i = 0; i < 5; i++) {
        log.append(small(i));
        log.flush();
        if (i == 1 || i == 3) {
          clock.advance(Duration.ofHours(2)); // the next record rotates
        }
      }
    }
    segments = AuditFixtures.segments(dir);
    publicKey = keys.publicKey();
    assertThat(segments).hasSize(3);
    assertThat(verify().problem()).isEmpty();
  }

  private static AuditRecord small(int i) {
    AuditRecord.Builder b = AuditRecord.builder().time(T0.plusSeconds(i)).tenantId("t")
        .conversationId("c" + i).decision(i % 2 == 0 ? "ALLOW" : "BLOCK").action("r1", "block")
        .finding(new AuditRecord.FindingEntry("PERSON", 1, 5, "ner", 0.5, "user", 0));
    if (i == 3) {
      b.payload("request", "hello " + i);
    }
    return b.build();
  }

  private VerificationResult verify() {
    return AuditVerifier.verify(dir, publicKey);
  }

  private VerificationResult.Problem problem() {
    VerificationResult r = verify();
    assertThat(r.problem()).as("tampering must be detected").isPresent();
    return r.problem().get();
  }

  @Test
  void everyFlippedByteIsReportedAsModifiedAtItsLine() throws IOException {
    int checked = 0;
    for (Path file : segments) {
      byte[] original = Files.readAllBytes(file);
      long[] seqAt = seqByOffset(original);
      // Written in place: rewriting whole files makes ext4 flush on close, which is slow.
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        for (int i = 0; i < original.length; i++) {
          f.seek(i);
          f.write(original[i] ^ 0x01);
          VerificationResult.Problem p = problem();
          assertThat(p.kind()).as("flip at %s:%d", file.getFileName(), i).isEqualTo(Kind.MODIFIED);
          assertThat(p.seq()).as("flip at %s:%d", file.getFileName(), i).isEqualTo(seqAt[i]);
          f.seek(i);
          f.write(original[i]);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(2000);
    assertThat(verify().problem()).isEmpty();
  }

  @Test
  void everyDeletedLineIsReportedAtItsSequenceNumber() throws IOException {
    for (int s = 0; s < segments.size(); s++) {
      Path file = segments.get(s);
      List<byte[]> lines = lines(file);
      for (int i = 0; i < lines.size(); i++) {
        List<byte[]> damaged = new ArrayList<>(lines);
        damaged.remove(i);
        writeLines(file, damaged);
        VerificationResult.Problem p = problem();
        boolean lastOfLog = s == segments.size() - 1 && i == lines.size() - 1;
        assertThat(p.kind()).as("line %d of %s", i, file.getFileName())
            .isEqualTo(lastOfLog ? Kind.TRUNCATED : Kind.DELETED);
        assertThat(p.seq()).isEqualTo(seqOf(lines.get(i)));
      }
      writeLines(file, lines);
    }
  }

  @Test
  void everySwapOfNeighboursIsReportedAsReordered() throws IOException {
    for (Path file : segments) {
      List<byte[]> lines = lines(file);
      for (int i = 0; i + 1 < lines.size(); i++) {
        List<byte[]> damaged = new ArrayList<>(lines);
        damaged.set(i, lines.get(i + 1));
        damaged.set(i + 1, lines.get(i));
        writeLines(file, damaged);
        VerificationResult.Problem p = problem();
        assertThat(p.kind()).as("swap %d of %s", i, file.getFileName()).isEqualTo(Kind.REORDERED);
        assertThat(p.seq()).isEqualTo(seqOf(lines.get(i)));
      }
      writeLines(file, lines);
    }
  }

  @Test
  void truncatingTheLastSegmentAtEveryOffsetIsReportedAsTruncated() throws IOException {
    Path file = segments.get(segments.size() - 1);
    byte[] original = Files.readAllBytes(file);
    long[] seqAt = seqByOffset(original);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      for (int len = original.length - 1; len >= 0; len--) {
        f.setLength(len);
        VerificationResult.Problem p = problem();
        assertThat(p.kind()).as("cut at %d", len).isEqualTo(Kind.TRUNCATED);
        assertThat(p.seq()).as("cut at %d", len).isEqualTo(seqAt[len]);
      }
    }
  }

  @Test
  void truncatingAnEarlierSegmentIsReportedAtTheFirstLostLine() throws IOException {
    Path file = segments.get(0);
    byte[] original = Files.readAllBytes(file);
    long[] seqAt = seqByOffset(original);
    // Every line boundary and its neighbours, plus a seeded sample of the other offsets.
    java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>();
    for (int i = 0; i < original.length; i++) {
      if (original[i] == '\n') {
        cuts.addAll(List.of(i - 1, i, i + 1));
      }
    }
    new java.util.Random(7).ints(200, 0, original.length).forEach(cuts::add);
    cuts.add(0);
    cuts.removeIf(c -> c < 0 || c >= original.length);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      for (int len : cuts.descendingSet()) {
        f.setLength(len);
        VerificationResult.Problem p = problem();
        assertThat(p.kind()).as("cut at %d", len).isIn(Kind.TRUNCATED, Kind.DELETED);
        assertThat(p.seq()).as("cut at %d", len).isEqualTo(seqAt[len]);
      }
    }
  }

  @Test
  void droppingASegmentIsReported() throws IOException {
    for (int s = 0; s < segments.size(); s++) {
      Path file = segments.get(s);
      byte[] original = Files.readAllBytes(file);
      long headerSeq = seqOf(lines(file).get(0));
      Files.delete(file);
      VerificationResult.Problem p = problem();
      assertThat(p.kind()).as("dropped %s", file.getFileName())
          .isEqualTo(s == segments.size() - 1 ? Kind.TRUNCATED : Kind.DELETED);
      assertThat(p.seq()).isEqualTo(headerSeq);
      Files.write(file, original);
    }
  }

  @Test
  void anOldCheckpointReplayedAnywhereIsReported() throws IOException {
    Path first = segments.get(0);
    byte[] oldCheckpoint = lines(first).stream().filter(l -> type(l).equals("checkpoint"))
        .findFirst().orElseThrow();
    Path last = segments.get(2);
    List<byte[]> lines = lines(last);
    int closing = lines.size() - 1;
    long closingSeq = seqOf(lines.get(closing));

    // Inserted verbatim after the second line.
    List<byte[]> damaged = new ArrayList<>(lines);
    damaged.add(2, oldCheckpoint);
    writeLines(last, damaged);
    assertThat(problem()).extracting(VerificationResult.Problem::kind, VerificationResult.Problem::seq)
        .containsExactly(Kind.REPLAYED_CHECKPOINT, seqOf(lines.get(2)));

    // Replacing the closing checkpoint, to hide what came after it.
    damaged = new ArrayList<>(lines);
    damaged.set(closing, oldCheckpoint);
    writeLines(last, damaged);
    assertThat(problem()).extracting(VerificationResult.Problem::kind, VerificationResult.Problem::seq)
        .containsExactly(Kind.REPLAYED_CHECKPOINT, closingSeq);

    // Renumbered and relinked so that the hash chain holds: the signed size still gives it away.
    damaged = new ArrayList<>(lines);
    damaged.set(closing, relink(oldCheckpoint, closingSeq, lhOf(lines.get(closing - 1))));
    writeLines(last, damaged);
    assertThat(problem()).extracting(VerificationResult.Problem::kind, VerificationResult.Problem::seq)
        .containsExactly(Kind.REPLAYED_CHECKPOINT, closingSeq);
  }

  @Test
  void aRecordRewrittenWithTheWholeChainRecomputedIsCaughtByTheNextCheckpoint() throws IOException {
    Path file = segments.get(1);
    List<byte[]> lines = lines(file);
    int target = 1; // the first record of segment 2
    String text = new String(lines.get(target), StandardCharsets.UTF_8);
    assertThat(text).contains("\"decision\":\"");
    String forged = text.replace("\"decision\":\"BLOCK\"", "\"decision\":\"ALLOW\"")
        .replace("\"decision\":\"ALLOW\"", "\"decision\":\"MONITOR\"");
    List<byte[]> damaged = new ArrayList<>(lines);
    damaged.set(target, forged.getBytes(StandardCharsets.UTF_8));
    // Recompute every later hash, as an attacker without the signing key would.
    byte[] prev = lhOf(damaged.get(target - 1));
    for (int i = target; i < damaged.size(); i++) {
      damaged.set(i, relink(damaged.get(i), seqOf(damaged.get(i)), prev));
      prev = lhOf(damaged.get(i));
    }
    writeLines(file, damaged);
    VerificationResult.Problem p = problem();
    assertThat(p.kind()).isEqualTo(Kind.MODIFIED);
    assertThat(p.seq()).isLessThanOrEqualTo(seqOf(lines.get(target)));
    assertThat(p.detail()).contains("differ from what checkpoint");
  }

  @Test
  void aCheckpointSignedWithAnotherKeyIsABadSignature() throws Exception {
    AuditKeys other = AuditKeys.create(tmp.resolve("other"), AuditFixtures.MASTER_KEY);
    VerificationResult r = AuditVerifier.verify(dir, other.publicKey());
    assertThat(r.problem()).get().extracting(VerificationResult.Problem::kind,
        VerificationResult.Problem::seq).containsExactly(Kind.BAD_SIGNATURE, 0L);

    // A forger who re-signs the closing checkpoint with their own key.
    Path last = segments.get(2);
    List<byte[]> lines = lines(last);
    int closing = lines.size() - 1;
    String text = new String(lines.get(closing), StandardCharsets.UTF_8);
    String sig = text.replaceAll(".*\"sig\":\"([^\"]+)\".*\\s*", "$1");
    String forgedSig = Base64.getEncoder().encodeToString(AuditCrypto.sign(other.signingSeed(),
        "anything".getBytes(StandardCharsets.UTF_8)));
    byte[] forged = text.replace(sig, forgedSig).getBytes(StandardCharsets.UTF_8);
    List<byte[]> damaged = new ArrayList<>(lines);
    damaged.set(closing, relink(forged, seqOf(forged), lhOf(lines.get(closing - 1))));
    writeLines(last, damaged);
    assertThat(problem()).extracting(VerificationResult.Problem::kind, VerificationResult.Problem::seq)
        .containsExactly(Kind.BAD_SIGNATURE, seqOf(forged));
  }

  @Test
  void withoutAPublicKeyTheLogsOwnKeyIsUsedAndSaidSo() {
    VerificationResult r = AuditVerifier.verify(dir);
    assertThat(r.intact()).isTrue();
    assertThat(r.signerFromLog()).isTrue();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** For every byte offset (and the end), the seq of the line it belongs to. */
  private static long[] seqByOffset(byte[] b) {
    long[] out = new long[b.length + 1];
    int start = 0;
    long seq = -1;
    for (int i = 0; i < b.length; i++) {
      if (i == start) {
        int nl = i;
        while (b[nl] != '\n') {
          nl++;
        }
        seq = seqOf(Arrays.copyOfRange(b, start, nl + 1));
      }
      out[i] = seq;
      if (b[i] == '\n') {
        start = i + 1;
      }
    }
    out[b.length] = seq + 1;
    return out;
  }

  private static String type(byte[] line) {
    String s = new String(line, StandardCharsets.UTF_8);
    int i = s.indexOf("\"type\":\"") + 8;
    return s.substring(i, s.indexOf('"', i));
  }

  private static byte[] lhOf(byte[] line) {
    String s = new String(line, StandardCharsets.US_ASCII).trim();
    return Base64.getDecoder().decode(s.substring(s.length() - 46, s.length() - 2));
  }

  /** The line with a new seq and prev, and its own hash recomputed. */
  private static byte[] relink(byte[] line, long seq, byte[] prev) {
    String s = new String(line, StandardCharsets.UTF_8).trim();
    String body = s.substring(0, s.length() - JsonLine.LH_SUFFIX);
    int afterPrev = body.indexOf("\",\"type\":");
    String newBody = "{\"seq\":" + seq + ",\"prev\":\"" + Base64.getEncoder().encodeToString(prev)
        + body.substring(afterPrev);
    try {
      byte[] lh = MessageDigest.getInstance("SHA-256")
          .digest(newBody.getBytes(StandardCharsets.UTF_8));
      return (newBody + ",\"lh\":\"" + Base64.getEncoder().encodeToString(lh) + "\"}\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
