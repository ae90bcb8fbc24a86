package dev.palisade.audit;

import static dev.palisade.audit.AuditFixtures.call;
import static dev.palisade.audit.AuditFixtures.lines;
import static dev.palisade.audit.AuditFixtures.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashRecoveryTest {
  @TempDir Path tmp;

  @Test
  void aWriterKilledMidWriteLeavesAVerifiablePrefixAndResumesWithARecoveryRecord()
      throws Exception {
    AuditFixtures.keys(tmp);
    Path dir = tmp.resolve("log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashWriterMain.class.getName(), dir.toString(), tmp.resolve("keys").toString());
    pb.environment().put(AuditKeys.MASTER_KEY_ENV,
        Base64.getEncoder().encodeToString(AuditFixtures.MASTER_KEY));
    pb.redirectErrorStream(true);
    Process child = pb.start();
    long flushed = 0;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String line;
      while (flushed < 50 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
        if (line.startsWith("flushed ")) {
          flushed = Long.parseLong(line.substring(8));
        }
      }
      child.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no closing checkpoint
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(flushed).as("records the child reported durable").isGreaterThanOrEqualTo(50);

    AuditKeys keys = AuditKeys.load(tmp.resolve("keys"), AuditFixtures.MASTER_KEY);
    VerificationResult crashed = AuditVerifier.verify(dir, keys.publicKey());
    assertThat(crashed.problem()).get().extracting(VerificationResult.Problem::kind)
        .isEqualTo(VerificationResult.Kind.TRUNCATED);
    // Everything the writer had flushed is intact up to the point of the crash.
    assertThat(crashed.records()).isGreaterThanOrEqualTo(flushed);

    try (AuditLog log = AuditLog.open(dir, keys)) {
      for (int i = 0; i < 5; i++) {
        log.append(call(i));
      }
    }
    VerificationResult resumed = AuditVerifier.verify(dir, keys.publicKey());
    assertThat(resumed.problem()).isEmpty();
    assertThat(resumed.recoveries()).isEqualTo(1);
    assertThat(resumed.records()).isEqualTo(crashed.records() + 1 + 5);
    AuditEntry recovery = AuditReader.open(dir).query(AuditQuery.builder().kind("RECOVERY").build())
        .get(0);
    assertThat(recovery.json().path("details").path("lastSeq").asLong())
        .isEqualTo(crashed.lines() - 1);
  }

  /** Closes a log, then makes it look like the writer died while writing its last line. */
  private Path crashedLog(Path dir, AuditKeys keys, String tornTail) throws Exception {
    try (AuditLog log = AuditLog.open(dir, keys)) {
      for (int i = 0; i < 6; i++) {
        log.append(call(i));
      }
    }
    Path last = AuditFixtures.segments(dir).get(0);
    List<byte[]> lines = new ArrayList<>(lines(last));
    lines.remove(lines.size() - 1); // the closing checkpoint never made it
    lines.add(tornTail.getBytes(StandardCharsets.US_ASCII));
    writeLines(last, lines);
    return last;
  }

  @Test
  void aTornTailIsCutOffRecordedAndTheChainContinues() throws Exception {
    AuditKeys keys = AuditFixtures.keys(tmp);
    Path dir = tmp.resolve("log");
    crashedLog(dir, keys, "{\"seq\":7,\"prev\":\"qq");
    VerificationResult before = AuditVerifier.verify(dir, keys.publicKey());
    assertThat(before.problem()).get().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(VerificationResult.Kind.TRUNCATED);
      assertThat(p.seq()).isEqualTo(7);
      assertThat(p.detail()).isEqualTo("the last line is torn (19 bytes without a line end) after seq 6");
    });
    try (AuditLog log = AuditLog.open(dir, keys)) {
      log.append(call(9));
    }
    VerificationResult after = AuditVerifier.verify(dir, keys.publicKey());
    assertThat(after.problem()).isEmpty();
    assertThat(after.recoveries()).isEqualTo(1);
    AuditEntry recovery = AuditReader.open(dir).query(AuditQuery.builder().kind("RECOVERY").build())
        .get(0);
    assertThat(recovery.json().path("details").path("tornBytes").asText()).isEqualTo("19");
    assertThat(recovery.json().path("details").path("lastSeq").asText()).isEqualTo("6");
    assertThat(recovery.json().path("details").path("segment").asText()).isEqualTo("audit-000001.log");
  }

  @Test
  void aCrashWhileCreatingASegmentIsRecovered() throws Exception {
    AuditKeys keys = AuditFixtures.keys(tmp);
    Path dir = tmp.resolve("log");
    try (AuditLog log = AuditLog.open(dir, keys)) {
      log.append(call(1));
    }
    Files.write(dir.resolve("audit-000002.log"), "{\"seq\":4,\"pr".getBytes(StandardCharsets.US_ASCII));
    try (AuditLog log = AuditLog.open(dir, keys)) {
      log.append(call(2));
    }
    VerificationResult r = AuditVerifier.verify(dir, keys.publicKey());
    assertThat(r.problem()).isEmpty();
    assertThat(r.recoveries()).isEqualTo(1);
    AuditEntry recovery = AuditReader.open(dir).query(AuditQuery.builder().kind("RECOVERY").build())
        .get(0);
    assertThat(recovery.json().path("details").path("removedSegment").asText())
        .isEqualTo("audit-000002.log");
  }

  @Test
  void aTamperedLogIsNotResumed() throws Exception {
    AuditKeys keys = AuditFixtures.keys(tmp);
    Path dir = tmp.resolve("log");
    try (AuditLog log = AuditLog.open(dir, keys)) {
      for (int i = 0; i < 4; i++) {
        log.append(call(i));
      }
    }
    Path seg = AuditFixtures.segments(dir).get(0);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      long at = lines(seg).get(0).length + 20;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
    assertThatThrownBy(() -> AuditLog.open(dir, keys))
        .isInstanceOf(AuditException.class)
        .hasMessage("refusing to write: audit-000001.log fails verification at seq 1; run"
            + " `palisade audit verify " + dir + "`");
  }
}
