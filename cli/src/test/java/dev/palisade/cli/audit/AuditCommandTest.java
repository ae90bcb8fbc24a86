package dev.palisade.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditKeys;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  @TempDir Path tmp;
  private Path log;
  private Path keyDir;
  private Path masterKeyFile;
  private String out;
  private String err;

  @BeforeEach
  void createKeysAndLog() throws Exception {
    keyDir = tmp.resolve("keys");
    log = tmp.resolve("log");
    masterKeyFile = tmp.resolve("master.key");
    Files.writeString(masterKeyFile, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    assertThat(run("init-keys", "--keys", keyDir.toString(), "--master-key-file",
        masterKeyFile.toString())).isZero();
    assertThat(out).contains("created audit keys at " + keyDir);
    AuditKeys keys = AuditKeys.load(keyDir, new byte[32]);
    try (AuditLog audit = AuditLog.open(log, keys)) {
      for (int i = 0; i < 6; i++) {
        AuditRecord.Builder r = AuditRecord.builder().time(T0.plusSeconds(60L * i)).tenantId("acme")
            .conversationId("conv-" + (i % 2)).policy("gdpr", "2", "ff".repeat(32))
            .decision(i == 3 ? "BLOCK" : "ALLOW").action("pii", i == 3 ? "block" : "allow")
            .finding(new AuditRecord.FindingEntry(i == 3 ? "US_SSN" : "PERSON", 0, 4, "ner", 0.9,
                "user", 0))
            .model("gpt-4o").provider("openai").tokens(10, 20).latency("total", 1000)
            .payload("request", "the raw prompt " + i);
        if (i == 5) {
          r.decision("MONITOR").action("injection", "MONITOR").monitored("injection", "BLOCK");
        }
        audit.append(r.build());
      }
    }
  }

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cl = new CommandLine(new AuditCommand());
    cl.setOut(new PrintWriter(o));
    cl.setErr(new PrintWriter(e));
    int code = cl.execute(args);
    out = o.toString();
    err = e.toString();
    return code;
  }

  private String[] withKeys(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--keys", keyDir.toString(), "--master-key-file", masterKeyFile.toString()));
    return all.toArray(String[]::new);
  }

  @Test
  void verifyExitsZeroForAnIntactLog() {
    assertThat(run("verify", log.toString(), "--public-key", keyDir.resolve("public.pem").toString()))
        .isZero();
    assertThat(out).startsWith("OK: 1 segments, 8 lines (6 records, 1 signed checkpoints,"
        + " 0 crash recoveries)");
    assertThat(err).isEmpty();
  }

  @Test
  void verifyWithoutAPublicKeyWarns() {
    assertThat(run("verify", log.toString())).isZero();
    assertThat(err).contains("warning: no --public-key given");
  }

  @Test
  void verifyExitsOneAndSaysWhereAndHowForATamperedLog() throws Exception {
    Path seg = log.resolve("audit-000001.log");
    List<String> lines = Files.readAllLines(seg);
    long offset = lines.get(0).length() + 1 + lines.get(1).length() + 1 + 30; // inside seq 2
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x20);
    }
    assertThat(run("verify", log.toString(), "--public-key",
        keyDir.resolve("public.pem").toString())).isEqualTo(1);
    assertThat(out).startsWith("TAMPERED: MODIFIED at seq 2 in audit-000001.log: the line's bytes"
        + " do not match its own hash");
  }

  @Test
  void verifyExitsTwoOnBadUsage() {
    assertThat(run("verify")).isEqualTo(2);
    assertThat(run("verify", tmp.resolve("missing").toString())).isEqualTo(2);
    assertThat(err).contains("not a directory");
    assertThat(run("verify", log.toString(), "--bogus")).isEqualTo(2);
  }

  @Test
  void queryFiltersAndRedacts() throws Exception {
    assertThat(run("query", log.toString(), "--decision", "BLOCK")).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode r = JSON.readTree(lines.get(0));
    assertThat(r.path("seq").asLong()).isEqualTo(4);
    assertThat(r.path("payload").asText()).isEqualTo("encrypted");
    assertThat(r.has("lh")).isFalse();
    assertThat(out).doesNotContain("raw prompt", "acme", "conv-");

    assertThat(run("query", log.toString(), "--type", "PERSON", "--format", "table")).isZero();
    assertThat(out.lines()).hasSize(6).first().asString().startsWith("SEQ");

    assertThat(run(withKeys("query", log.toString(), "--conversation", "conv-1"))).isZero();
    assertThat(out.lines()).hasSize(3);

    assertThat(run("query", log.toString(), "--since", "2026-11-27T10:02:00Z", "--until",
        "2026-11-27T10:04:00Z")).isZero();
    assertThat(out.lines()).hasSize(2);

    assertThat(run("query", log.toString(), "--would", "block")).isZero();
    assertThat(out.lines()).singleElement().satisfies(line -> {
      assertThat(JSON.readTree(line).path("seq").asLong()).isEqualTo(6);
      assertThat(JSON.readTree(line).path("monitored").path("injection").asText()).isEqualTo("BLOCK");
    });
    assertThat(run("query", log.toString(), "--would", "REDACT")).isZero();
    assertThat(out).isEmpty();
    assertThat(run("query", log.toString(), "--would", "stop")).isEqualTo(2);
    assertThat(err).contains("--would must be BLOCK, REDACT or ANONYMIZE, was \"stop\"");

    assertThat(run("query", log.toString(), "--since", "yesterday")).isEqualTo(2);
    assertThat(err).contains("--since must be an ISO instant");
    assertThat(run("query", log.toString(), "--conversation", "conv-1")).isEqualTo(2);
    assertThat(err).contains("this command needs keys");
  }

  @Test
  void showPrintsOneLineAndItsPayloadState() throws Exception {
    assertThat(run(withKeys("show", log.toString(), "3"))).isZero();
    assertThat(out).contains("\"seq\" : 3", "segment: audit-000001.log", "payload: available");
    assertThat(out).doesNotContain("raw prompt");
    assertThat(run("show", log.toString(), "99")).isEqualTo(1);
    assertThat(err).contains("no line with seq 99");
  }

  @Test
  void revealDecryptsAndLeavesATrail() throws Exception {
    assertThat(run(withKeys("reveal", log.toString(), "2", "--actor", "alice", "--reason",
        "DSAR-1"))).isZero();
    assertThat(JSON.readTree(out).path("request").asText()).isEqualTo("the raw prompt 1");
    assertThat(run("query", log.toString(), "--kind", "REVEAL")).isZero();
    JsonNode reveal = JSON.readTree(out.lines().findFirst().orElseThrow());
    assertThat(reveal.path("details").path("actor").asText()).isEqualTo("alice");
    assertThat(reveal.path("details").path("target").asText()).isEqualTo("2");
    assertThat(run("verify", log.toString())).isZero();

    assertThat(run("reveal", log.toString(), "2", "--actor", "alice")).isEqualTo(2);
    assertThat(err).contains("--reason");
  }

  @Test
  void forgetShredsTheSubjectAndTheLogStillVerifies() {
    assertThat(run(withKeys("forget", log.toString(), "--subject", "acme", "--actor", "dpo",
        "--reason", "Art. 17 request 5"))).isZero();
    assertThat(out).contains("subject key destroyed");
    assertThat(run(withKeys("show", log.toString(), "1"))).isZero();
    assertThat(out).contains("payload: erased");
    assertThat(run(withKeys("reveal", log.toString(), "1", "--actor", "a", "--reason", "r")))
        .isEqualTo(1);
    assertThat(err).contains("was erased");
    assertThat(run("verify", log.toString(), "--public-key", keyDir.resolve("public.pem").toString()))
        .isZero();
  }

  @Test
  void exportWritesCsvAndJsonl() throws Exception {
    assertThat(run("export", log.toString(), "--format", "csv")).isZero();
    List<String> rows = out.lines().toList();
    assertThat(rows.get(0)).isEqualTo(String.join(",", ExportCommand.CSV_COLUMNS));
    assertThat(rows).hasSize(7);
    assertThat(rows.get(4)).startsWith("4,2026-11-27T10:03:00Z,CALL,BLOCK,gdpr,2,");
    assertThat(rows.get(4)).contains(",1,US_SSN,pii=block,1000,openai,gpt-4o,10,20,encrypted,");
    assertThat(rows.get(4)).endsWith(",encrypted,,");
    assertThat(rows.get(6)).contains(",MONITOR,").endsWith(",encrypted,,injection=BLOCK");

    Path file = tmp.resolve("export.jsonl");
    assertThat(run("export", log.toString(), "--format", "jsonl", "-o", file.toString())).isZero();
    assertThat(Files.readAllLines(file)).hasSize(6);
    assertThat(run("export", log.toString())).isEqualTo(2);
  }

  @Test
  void csvCellsAreQuotedAndFormulasNeutralised() {
    assertThat(ExportCommand.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(ExportCommand.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ExportCommand.csv("=cmd()")).isEqualTo("'=cmd()");
    assertThat(ExportCommand.csv("-12")).isEqualTo("-12");
  }

  @Test
  void rotateKeyAndPruneAreRecorded() {
    assertThat(run(withKeys("rotate-key", log.toString(), "--actor", "ops"))).isZero();
    assertThat(out).contains("key-encryption key 2 is now primary");
    assertThat(run(withKeys("prune", log.toString(), "--before", "2100-01-01", "--actor", "job")))
        .isZero();
    assertThat(out).contains("payloads dropped from 3 segment(s): [1, 2, 3]");
    assertThat(run("query", log.toString(), "--kind", "ERASURE")).isZero();
    assertThat(out.lines()).hasSize(1);
    assertThat(run("verify", log.toString())).isZero();
  }

  @Test
  void theTopLevelCommandWithoutASubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("--help")).isZero();
    assertThat(out).contains("verify", "query", "reveal", "forget", "rotate-key");
  }
}
