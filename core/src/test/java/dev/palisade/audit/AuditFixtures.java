package dev.palisade.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keys, clocks and records shared by the audit tests. */
final class AuditFixtures {
  static final byte[] MASTER_KEY = new byte[32];

  static {
    Arrays.fill(MASTER_KEY, (byte) 7);
  }

  private AuditFixtures() {}

  static AuditKeys keys(Path tmp) {
    return AuditKeys.create(tmp.resolve("keys"), MASTER_KEY);
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

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
      return now;
    }
  }

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  /** A call record whose ids and payload are recognisable strings that must never reach disk raw. */
  static AuditRecord call(int i) {
    return AuditRecord.builder()
        .time(T0.plusSeconds(i))
        .tenantId("tenant-acme")
        .conversationId("conversation-" + (i % 3))
        .subjectId("subject-" + (i % 2))
        .policy("gdpr", "3", "ab".repeat(32))
        .decision(i % 4 == 0 ? "BLOCK" : "TRANSFORM")
        .action("pii.email", "anonymize")
        .finding(new AuditRecord.FindingEntry("EMAIL_ADDRESS", 10, 27, "email", 0.95, "user", 0))
        .latency("input", 120_000L + i)
        .latency("model", 5_000_000L)
        .provider("openai")
        .model("gpt-4o-mini")
        .tokens(42, 17)
        .payload("request", "Mail jane.doe" + i + "@example.com about the contract")
        .payload("answer", "Done, secret answer " + i)
        .build();
  }

  /** The segment files of {@code dir} in order. */
  static List<Path> segments(Path dir) throws IOException {
    return LogFormat.segments(dir);
  }

  /** Every line of {@code file} with its newline. */
  static List<byte[]> lines(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n') {
        out.add(Arrays.copyOfRange(b, start, i + 1));
        start = i + 1;
      }
    }
    if (start < b.length) {
      out.add(Arrays.copyOfRange(b, start, b.length));
    }
    return out;
  }

  static void writeLines(Path file, List<byte[]> lines) throws IOException {
    int n = 0;
    for (byte[] l : lines) {
      n += l.length;
    }
    byte[] out = new byte[n];
    int p = 0;
    for (byte[] l : lines) {
      System.arraycopy(l, 0, out, p, l.length);
      p += l.length;
    }
    Files.write(file, out);
  }

  /** The seq of a log line. */
  static long seqOf(byte[] line) {
    String s = new String(line, java.nio.charset.StandardCharsets.US_ASCII);
    int a = s.indexOf(':') + 1;
    int b = s.indexOf(',');
    return Long.parseLong(s.substring(a, b));
  }
}
