package dev.palisade.audit;

import static dev.palisade.audit.AuditFixtures.T0;
import static dev.palisade.audit.AuditFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path tmp;

  private AuditLog.Builder builder(AuditKeys keys) {
    return AuditLog.builder().directory(tmp.resolve("log")).keys(keys)
        .clock(new AuditFixtures.MutableClock(T0)).checkpointEvery(4);
  }

  @Test
  void aWrittenLogVerifiesAndHoldsNoRawIdsOrPayloadText() throws Exception {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).build()) {
      for (int i = 0; i < 10; i++) {
        log.append(call(i));
      }
    }
    VerificationResult r = AuditVerifier.verify(tmp.resolve("log"), tmp.resolve("keys/public.pem"));
    assertThat(r.problem()).isEmpty();
    assertThat(r.records()).isEqualTo(10);
    // Two periodic checkpoints (after 4 and 8 records) and the closing one.
    assertThat(r.checkpoints()).isEqualTo(3);
    assertThat(r.lastCheckpoint()).get().extracting(VerificationResult.Checkpoint::flag)
        .isEqualTo("closing");
    assertThat(r.signerFromLog()).isFalse();

    try (Stream<Path> files = Files.list(tmp.resolve("log"))) {
      for (Path f : files.toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("tenant-acme", "conversation-", "subject-", "jane.doe",
            "secret answer", "contract");
      }
    }
  }

  @Test
  void aRecordIsOneJsonLineWithPseudonymsAndMetadata() {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).build()) {
      log.append(call(1));
    }
    AuditReader reader = AuditReader.open(tmp.resolve("log"), keys);
    AuditEntry e = reader.query(AuditQuery.all()).get(0);
    assertThat(e.seq()).isEqualTo(1);
    assertThat(e.kind()).contains("CALL");
    assertThat(e.decision()).contains("TRANSFORM");
    assertThat(e.policyId()).contains("gdpr");
    assertThat(e.findingTypes()).containsExactly("EMAIL_ADDRESS");
    assertThat(e.tenant()).contains(keys.pseudonym("tenant", "tenant-acme"));
    assertThat(e.conversation()).contains(reader.pseudonym("conversation", "conversation-1"));
    assertThat(e.json().path("latencyNanos").path("input").asLong()).isEqualTo(120_001L);
    assertThat(e.json().path("tokens").path("output").asLong()).isEqualTo(17);
    assertThat(e.json().path("findings").get(0).path("end").asInt()).isEqualTo(27);
    assertThat(e.redacted().path("payload").asText()).isEqualTo("encrypted");
    assertThat(e.redacted().has("lh")).isFalse();
    assertThat(reader.payloadStatus(1)).contains(AuditReader.PayloadStatus.AVAILABLE);
  }

  @Test
  void revealDecryptsAfterRecordingWhoAndWhy() {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).build()) {
      log.append(call(3));
      log.flush();
      Map<String, String> payload = log.reveal(1, "alice@compliance", "DSAR-17");
      assertThat(payload).containsEntry("request", "Mail jane.doe3@example.com about the contract")
          .containsEntry("answer", "Done, secret answer 3");
    }
    List<AuditEntry> reveals = AuditReader.open(tmp.resolve("log"))
        .query(AuditQuery.builder().kind("REVEAL").build());
    assertThat(reveals).hasSize(1);
    assertThat(reveals.get(0).json().path("details").path("target").asText()).isEqualTo("1");
    assertThat(reveals.get(0).json().path("details").path("actor").asText())
        .isEqualTo("alice@compliance");
    assertThat(AuditVerifier.verify(tmp.resolve("log"), keys.publicKey()).intact()).isTrue();
  }

  @Test
  void forgettingASubjectMakesItsPayloadsUnreadableButTheLogStillVerifies() {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).build()) {
      log.append(call(0)); // subject-0, seq 1
      log.append(call(1)); // subject-1, seq 2
      log.flush();
      assertThat(log.forget("subject-0", "bob", "GDPR Art. 17 request 9")).isTrue();
      assertThatThrownBy(() -> log.reveal(1, "alice", "check"))
          .isInstanceOf(AuditException.class)
          .hasMessage("the payload of record 1 was erased: its subject key was destroyed");
      assertThat(log.reveal(2, "alice", "check")).containsKey("request");
    }
    AuditReader reader = AuditReader.open(tmp.resolve("log"), keys);
    assertThat(reader.payloadStatus(1)).contains(AuditReader.PayloadStatus.ERASED);
    assertThat(reader.query(AuditQuery.builder().kind("ERASURE").build())).singleElement()
        .satisfies(e -> assertThat(e.subject()).contains(keys.pseudonym("subject", "subject-0")));
    assertThat(AuditVerifier.verify(tmp.resolve("log"), keys.publicKey()).problem()).isEmpty();
  }

  @Test
  void retentionPruningDropsOldPayloadsButKeepsTheLogVerifiable() {
    AuditKeys keys = AuditFixtures.keys(tmp);
    AuditFixtures.MutableClock clock = new AuditFixtures.MutableClock(T0);
    try (AuditLog log = builder(keys).clock(clock).segmentMaxAge(Duration.ofDays(1)).build()) {
      log.append(call(1).toBuilder().time(clock.instant()).build()); // seq 1, segment 1
      log.flush();
      clock.advance(Duration.ofDays(2));
      log.append(call(2).toBuilder().time(clock.instant()).build()); // rotates first
      log.flush();
      List<Long> pruned = log.prunePayloads(clock.instant(), "retention-job");
      assertThat(pruned).containsExactly(1L);
      assertThatThrownBy(() -> log.reveal(1, "alice", "audit"))
          .hasMessage("the payload of record 1 was pruned by retention");
    }
    assertThat(AuditReader.open(tmp.resolve("log")).payloadStatus(1))
        .contains(AuditReader.PayloadStatus.PRUNED);
    VerificationResult r = AuditVerifier.verify(tmp.resolve("log"), keys.publicKey());
    assertThat(r.problem()).isEmpty();
    assertThat(r.segments()).isEqualTo(2);
  }

  @Test
  void segmentsRotateBySizeAndEachHeaderLinksThePreviousRoot() throws Exception {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).segmentMaxBytes(4096).build()) {
      for (int i = 0; i < 40; i++) {
        log.append(call(i));
      }
    }
    List<Path> segments = AuditFixtures.segments(tmp.resolve("log"));
    assertThat(segments.size()).isGreaterThan(3);
    VerificationResult r = AuditVerifier.verify(tmp.resolve("log"), keys.publicKey());
    assertThat(r.problem()).isEmpty();
    assertThat(r.segments()).isEqualTo(segments.size());
    assertThat(r.records()).isEqualTo(40);
  }

  @Test
  void reopeningAClosedLogContinuesTheChainInANewSegment() {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).build()) {
      log.append(call(1));
    }
    try (AuditLog log = builder(keys).build()) {
      log.append(call(2));
    }
    VerificationResult r = AuditVerifier.verify(tmp.resolve("log"), keys.publicKey());
    assertThat(r.problem()).isEmpty();
    assertThat(r.segments()).isEqualTo(2);
    assertThat(r.recoveries()).isZero();
  }

  @Test
  void keyRotationWrapsNewSegmentsUnderTheNewKeyAndOldPayloadsStayReadable() {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).build()) {
      log.append(call(1));
      assertThat(log.rotateKey("ops")).isEqualTo(2);
      log.append(call(2));
      log.flush();
      assertThat(log.reveal(1, "alice", "audit")).containsKey("answer");
    }
    AuditKeys reloaded = AuditKeys.load(tmp.resolve("keys"), AuditFixtures.MASTER_KEY);
    assertThat(reloaded.primaryKekId()).isEqualTo(2);
    AuditReader reader = AuditReader.open(tmp.resolve("log"));
    assertThat(reader.entry(0).orElseThrow().json().path("dataKey").path("kek").asInt()).isEqualTo(1);
    long lastHeader = reader.query(AuditQuery.builder().kind("KEY_ROTATION").build()).get(0).seq() + 2;
    assertThat(reader.entry(lastHeader).orElseThrow().json().path("dataKey").path("kek").asInt())
        .isEqualTo(2);
    try (AuditLog log = builder(reloaded).build()) {
      assertThat(log.reveal(1, "alice", "after restart")).containsKey("request");
    }
    assertThat(AuditVerifier.verify(tmp.resolve("log"), keys.publicKey()).problem()).isEmpty();
  }

  @Test
  void pkcs12KeysWorkLikeAKeyDirectory() {
    char[] pw = "changeit-test".toCharArray();
    AuditKeys keys = AuditKeys.createPkcs12(tmp.resolve("audit.p12"), pw, tmp.resolve("subjects"));
    try (AuditLog log = builder(keys).build()) {
      log.append(call(1));
      log.flush();
      assertThat(log.reveal(1, "alice", "test")).containsKey("request");
    }
    AuditKeys loaded = AuditKeys.fromPkcs12(tmp.resolve("audit.p12"), pw, tmp.resolve("subjects"));
    assertThat(loaded.publicKey()).isEqualTo(keys.publicKey());
    assertThat(AuditVerifier.verify(tmp.resolve("log"), loaded.publicKey()).problem()).isEmpty();
    assertThatThrownBy(() -> AuditKeys.fromPkcs12(tmp.resolve("audit.p12"), "wrong".toCharArray(),
        tmp.resolve("subjects"))).isInstanceOf(AuditException.class)
        .hasMessageContaining("wrong password");
  }

  @Test
  void aWrongMasterKeyIsRejectedWithoutEchoingIt() {
    AuditFixtures.keys(tmp);
    byte[] wrong = new byte[32];
    assertThatThrownBy(() -> AuditKeys.load(tmp.resolve("keys"), wrong))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("is " + AuditKeys.MASTER_KEY_ENV + " the right master key?");
  }

  @Test
  void keysInsideTheLogDirectoryAreRefused() {
    AuditKeys keys = AuditKeys.create(tmp.resolve("log/keys"), AuditFixtures.MASTER_KEY);
    assertThatThrownBy(() -> AuditLog.builder().directory(tmp.resolve("log")).keys(keys).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must not be stored inside the log directory");
  }

  @Test
  void aSecondWriterOnTheSameDirectoryIsRefused() {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).build()) {
      assertThatThrownBy(() -> builder(keys).build())
          .isInstanceOf(AuditException.class)
          .hasMessageContaining("another writer holds the audit log");
    }
  }

  @Test
  void builderSettersValidateAtOnce() {
    assertThatThrownBy(() -> AuditLog.builder().checkpointEvery(0))
        .hasMessage("checkpointEvery must be >= 1, was 0");
    assertThatThrownBy(() -> AuditLog.builder().queueCapacity(0))
        .hasMessage("queueCapacity must be >= 1, was 0");
    assertThatThrownBy(() -> AuditLog.builder().segmentMaxBytes(10))
        .hasMessage("segmentMaxBytes must be >= 4096, was 10");
    assertThatThrownBy(() -> AuditLog.builder().build()).hasMessage("directory was not set");
  }

  /** A clock whose reads block while {@code gate} is closed: stalls the writer thread on demand. */
  private static final class GatedClock extends Clock {
    final CountDownLatch gate = new CountDownLatch(1);
    volatile boolean armed;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      if (armed && Thread.currentThread().getName().equals("palisade-audit-writer")) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return T0;
    }
  }

  @Test
  void aFullQueueFailsTheCallClosedUnderTheFailPolicy() {
    GatedClock clock = new GatedClock();
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).clock(clock).queueCapacity(2).batchSize(1)
        .whenFull(AuditLog.WhenFull.FAIL).build()) {
      clock.armed = true;
      int accepted = 0;
      try {
        for (int i = 0; i < 10; i++) {
          log.append(call(i));
          accepted++;
        }
      } catch (AuditException e) {
        assertThat(e).hasMessage("audit queue is full (2 records); failing the call closed");
      }
      // The writer holds at most one record (stalled on the clock) and the queue two.
      assertThat(accepted).isBetween(2, 3);
      clock.gate.countDown();
      log.flush();
      log.close();
      VerificationResult r = AuditVerifier.verify(tmp.resolve("log"), keys.publicKey());
      assertThat(r.problem()).isEmpty();
      // Every accepted record was written; none was dropped.
      assertThat(r.records()).isEqualTo(accepted);
    }
  }

  @Test
  void aFullQueueBlocksTheCallerUnderTheBlockPolicy() throws Exception {
    GatedClock clock = new GatedClock();
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).clock(clock).queueCapacity(1).batchSize(1).build()) {
      clock.armed = true;
      log.append(call(1));
      Thread.sleep(50); // let the writer take it and stall
      log.append(call(2)); // fills the queue
      CountDownLatch appended = new CountDownLatch(1);
      Thread t = new Thread(() -> {
        log.append(call(3));
        appended.countDown();
      });
      t.start();
      assertThat(appended.await(200, TimeUnit.MILLISECONDS)).isFalse();
      clock.gate.countDown();
      assertThat(appended.await(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(AuditVerifier.verify(tmp.resolve("log"), keys.publicKey()).records()).isEqualTo(3);
  }

  @Test
  void appendAfterCloseThrows() {
    AuditKeys keys = AuditFixtures.keys(tmp);
    AuditLog log = builder(keys).build();
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(call(1))).isInstanceOf(AuditException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void concurrentAppendersAreAllWrittenInOneChain() throws Exception {
    AuditKeys keys = AuditFixtures.keys(tmp);
    try (AuditLog log = builder(keys).checkpointEvery(50).segmentMaxBytes(64 * 1024).build()) {
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        int base = t * 250;
        threads[t] = new Thread(() -> {
          for (int i = 0; i < 250; i++) {
            log.append(call(base + i));
          }
        });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    VerificationResult r = AuditVerifier.verify(tmp.resolve("log"), keys.publicKey());
    assertThat(r.problem()).isEmpty();
    assertThat(r.records()).isEqualTo(1000);
  }
}
