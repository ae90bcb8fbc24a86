package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detect.Channel;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  @Test
  void toStringShowsNoIdsPayloadOrDetails() {
    AuditRecord r = AuditFixtures.call(1).toBuilder().detail("reason", "ticket-secret-77").build();
    assertThat(r.toString())
        .isEqualTo("AuditRecord[kind=CALL, time=2026-11-27T10:00:01Z, decision=TRANSFORM, rules=1,"
            + " findings=1, payload=present]")
        .doesNotContain("tenant-acme", "conversation", "subject", "jane", "ticket-secret");
  }

  @Test
  void findingsComeFromDetectorFindingsWithoutText() {
    Finding f = Finding.of(EntityType.EMAIL_ADDRESS, 3, 20, 0.9, "email");
    assertThat(AuditRecord.FindingEntry.of(f, Channel.DOCUMENT, 2))
        .isEqualTo(new AuditRecord.FindingEntry("EMAIL_ADDRESS", 3, 20, "email", 0.9, "document", 2));
  }

  @Test
  void buildersValidateWithPreciseMessages() {
    assertThatThrownBy(() -> AuditRecord.builder().decision("DENY"))
        .hasMessage("decision must be one of ALLOW, MONITOR, TRANSFORM, BLOCK, was \"DENY\"");
    assertThatThrownBy(() -> AuditRecord.builder().build())
        .hasMessage("a CALL record needs a decision");
    assertThatThrownBy(() -> AuditRecord.builder().kind(AuditRecord.Kind.REVEAL)
        .payload("x", "y").build())
        .hasMessage("a record with a payload needs a subjectId or a tenantId");
    assertThatThrownBy(() -> AuditRecord.builder().latency("model", -1))
        .hasMessage("latency of stage model must be >= 0, was -1");
    assertThatThrownBy(() -> new AuditRecord.FindingEntry("X", 5, 2, "d", 0.5, "user", 0))
        .hasMessage("finding offsets must satisfy 0 <= start <= end, were [5, 2)");
  }

  @Test
  void theSubjectDefaultsToTheTenantAndCollectionsAreImmutable() {
    AuditRecord r = AuditRecord.builder().decision("ALLOW").tenantId("t1").build();
    assertThat(r.subjectId()).contains("t1");
    assertThatThrownBy(() -> r.actions().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theNoopSinkAcceptsAndTheRecordingSinkKeepsRecords() {
    AuditSink.noop().append(AuditFixtures.call(1));
    RecordingAuditSink sink = new RecordingAuditSink();
    sink.append(AuditFixtures.call(1));
    assertThat(sink.single().decision()).contains("TRANSFORM");
    sink.close();
    assertThatThrownBy(() -> sink.append(AuditFixtures.call(2))).isInstanceOf(AuditException.class);
  }
}
