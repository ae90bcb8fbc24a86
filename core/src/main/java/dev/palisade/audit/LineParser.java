package dev.palisade.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks one log line's own hash and reads its fixed prefix ({@code seq}, {@code prev},
 * {@code type} and, for records, {@code kind}) without a full JSON parse, which keeps
 * verification fast. Not thread-safe; reusable.
 */
final class LineParser {
  enum Status { OK, BAD_HASH, BAD_LAYOUT }

  private static final byte[] SEQ = ascii("{\"seq\":");
  private static final byte[] PREV = ascii(",\"prev\":\"");
  private static final byte[] TYPE = ascii("\",\"type\":\"");
  private static final byte[] KIND = ascii(",\"kind\":\"");

  private final MessageDigest digest = AuditCrypto.newSha256();
  private final byte[] lhText = new byte[44];

  long seq;
  /** Offset of the 44 base64 characters of {@code prev} in the buffer. */
  int prevOffset;
  String type;
  /** The record kind, or null for other line types. */
  String kind;
  /** The line's own hash as computed (equal to its {@code lh} field when OK). */
  byte[] lh;

  /** Parses line bytes {@code [start, end)}, the newline excluded. */
  Status parse(byte[] b, int start, int end) {
    type = null;
    kind = null;
    lh = null;
    int body = end - JsonLine.LH_SUFFIX;
    if (body <= start
        || !regionEquals(b, body, JsonLine.LH_MARK)
        || b[end - 2] != '"'
        || b[end - 1] != '}') {
      return Status.BAD_HASH;
    }
    digest.reset();
    digest.update(b, start, body - start);
    lh = digest.digest();
    int n = Base64.getEncoder().encode(lh, lhText);
    if (n != 44 || !regionEquals(b, body + JsonLine.LH_MARK.length, lhText)) {
      return Status.BAD_HASH;
    }
    int p = start;
    if (!regionEquals(b, p, SEQ)) {
      return Status.BAD_LAYOUT;
    }
    p += SEQ.length;
    long v = 0;
    int digits = 0;
    while (p < body && b[p] >= '0' && b[p] <= '9' && digits < 18) {
      v = v * 10 + (b[p] - '0');
      p++;
      digits++;
    }
    if (digits == 0 || !regionEquals(b, p, PREV)) {
      return Status.BAD_LAYOUT;
    }
    seq = v;
    p += PREV.length;
    prevOffset = p;
    p += 44;
    if (p > body || !regionEquals(b, p, TYPE)) {
      return Status.BAD_LAYOUT;
    }
    p += TYPE.length;
    int q = p;
    while (q < body && b[q] != '"') {
      q++;
    }
    if (q >= body) {
      return Status.BAD_LAYOUT;
    }
    type = switch (new String(b, p, q - p, StandardCharsets.US_ASCII)) {
      case "header" -> "header";
      case "record" -> "record";
      case "checkpoint" -> "checkpoint";
      default -> null;
    };
    if (type == null) {
      return Status.BAD_LAYOUT;
    }
    if (type.equals("record")) {
      p = q + 1;
      if (!regionEquals(b, p, KIND)) {
        return Status.BAD_LAYOUT;
      }
      p += KIND.length;
      q = p;
      while (q < body && b[q] != '"') {
        q++;
      }
      if (q >= body) {
        return Status.BAD_LAYOUT;
      }
      kind = new String(b, p, q - p, StandardCharsets.US_ASCII);
    }
    return Status.OK;
  }

  /** True when this line's {@code prev} equals {@code expectedLhBase64}. */
  boolean prevEquals(byte[] b, byte[] expectedLhBase64) {
    return regionEquals(b, prevOffset, expectedLhBase64);
  }

  static boolean regionEquals(byte[] b, int off, byte[] expected) {
    if (off < 0 || off + expected.length > b.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[off + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
