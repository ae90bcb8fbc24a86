package dev.palisade.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File names, signed-checkpoint text and key derivation shared by the writer, verifier and reader. */
final class LogFormat {
  static final String FORMAT = "palisade-audit/1";
  static final byte[] GENESIS = new byte[32];
  static final String GENESIS_B64 = Base64.getEncoder().encodeToString(GENESIS);
  private static final Pattern SEGMENT = Pattern.compile("audit-(\\d{6,})\\.log");

  private LogFormat() {}

  static String segmentName(long number) {
    return String.format("audit-%06d.log", number);
  }

  static Path payloadFile(Path segment) {
    String n = segment.getFileName().toString();
    return segment.resolveSibling(n.substring(0, n.length() - 4) + ".payloads");
  }

  /** Segment number of {@code file}, or -1 if it is not a segment. */
  static long segmentNumber(Path file) {
    Matcher m = SEGMENT.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The segment files of {@code dir} in order. */
  static List<Path> segments(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> segmentNumber(p) >= 0).forEach(out::add);
    }
    out.sort((a, b) -> Long.compare(segmentNumber(a), segmentNumber(b)));
    return out;
  }

  /** The text an Ed25519 checkpoint signature covers (C2SP signed-note style, one field a line). */
  static byte[] checkpointNote(String logId, long size, String rootB64, String time, String flag) {
    return AuditCrypto.utf8(FORMAT + " checkpoint\nlog " + logId + "\nsize " + size + "\nroot "
        + rootB64 + "\ntime " + time + "\nflag " + flag + "\n");
  }

  /** The key of one subject's payloads in one segment: neither key alone decrypts them. */
  static byte[] payloadKey(byte[] subjectKey, byte[] dataKey, long segment) {
    byte[] msg = new byte[8 + dataKey.length];
    ByteBuffer.wrap(msg).putLong(segment).put(dataKey);
    return AuditCrypto.hmac(subjectKey, concat(AuditCrypto.utf8(FORMAT + " payload key\n"), msg));
  }

  /** Sequence numbers are unique within a segment's data key, so the nonce never repeats. */
  static byte[] payloadNonce(long seq) {
    return ByteBuffer.allocate(AuditCrypto.NONCE_BYTES).putLong(seq).putInt(0).array();
  }

  static byte[] payloadAad(String logId, long seq, String subject) {
    return AuditCrypto.utf8(FORMAT + " payload|" + logId + "|" + seq + "|" + subject);
  }

  static byte[] dataKeyAad(String logId, long segment) {
    return AuditCrypto.utf8(FORMAT + " data key|" + logId + "|" + segment);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
