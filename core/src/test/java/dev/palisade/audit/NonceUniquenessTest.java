package dev.palisade.audit;

import static dev.palisade.audit.AuditFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-GCM nonces never repeat under one key, across segments, restarts and key rotation. */
class NonceUniquenessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void noKeyEverSeesTheSameNonceTwice() throws Exception {
    AuditKeys keys = AuditFixtures.keys(tmp);
    Path dir = tmp.resolve("log");
    for (int run = 0; run < 3; run++) {
      try (AuditLog log = AuditLog.builder().directory(dir).keys(keys)
          .clock(new AuditFixtures.MutableClock(T0)).segmentMaxBytes(8 * 1024).build()) {
        for (int i = 0; i < 60; i++) {
          log.append(AuditFixtures.call(i).toBuilder().subjectId("subject-" + (i % 5)).build());
        }
        if (run == 1) {
          log.rotateKey("test");
        }
      }
    }
    // (hex key, hex nonce) pairs, with the actual keys recomputed from the key material.
    Set<String> used = new HashSet<>();
    int payloads = 0;
    int wraps = 0;
    for (Path seg : AuditFixtures.segments(dir)) {
      JsonNode header = AuditReader.readHeader(seg);
      JsonNode dk = header.path("dataKey");
      byte[] kek = keys.kek(dk.path("kek").asInt());
      assertThat(used.add(hex(kek) + "/" + dk.path("nonce").asText())).isTrue();
      wraps++;
      long number = header.path("segment").asLong();
      byte[] dataKey = AuditCrypto.open(kek, AuditKeys.b64(dk.path("nonce").asText()),
          AuditKeys.b64(dk.path("wrapped").asText()),
          LogFormat.dataKeyAad(header.path("log").asText(), number), "data key");
      Path payloadFile = LogFormat.payloadFile(seg);
      for (String line : Files.readAllLines(payloadFile)) {
        JsonNode p = JSON.readTree(line);
        AuditKeys.SubjectKey sk = keys.subjectKey(p.path("subject").asText(), false);
        byte[] key = LogFormat.payloadKey(sk.key(), dataKey, number);
        assertThat(used.add(hex(key) + "/" + p.path("nonce").asText()))
            .as("nonce reuse at seq %s", p.path("seq")).isTrue();
        payloads++;
      }
    }
    try (Stream<Path> files = Files.list(keys.subjectDir())) {
      for (Path f : files.toList()) {
        JsonNode n = JSON.readTree(f.toFile());
        assertThat(used.add(hex(keys.kek(n.path("kek").asInt())) + "/" + n.path("nonce").asText()))
            .isTrue();
        wraps++;
      }
    }
    assertThat(payloads).isEqualTo(180);
    assertThat(wraps).isGreaterThan(10);
    assertThat(List.copyOf(used)).hasSize(payloads + wraps);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
