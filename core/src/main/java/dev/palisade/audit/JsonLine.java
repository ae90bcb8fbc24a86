package dev.palisade.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes one log line: compact JSON in a fixed field order, ending with the line's own hash.
 *
 * <p>Layout: {@code {"seq":N,"prev":"B64","type":"T",...,"lh":"B64"}\n} where {@code lh} is
 * SHA-256 of every byte before {@code ,"lh":"} and {@code prev} is the previous line's {@code lh}.
 * The hash chain therefore covers the exact bytes of every line. Not thread-safe; reusable.
 */
final class JsonLine {
  static final byte[] LH_MARK = ",\"lh\":\"".getBytes(StandardCharsets.US_ASCII);
  /** {@code ,"lh":"} + 44 base64 characters + {@code "}}. */
  static final int LH_SUFFIX = LH_MARK.length + 44 + 2;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf = new byte[1024];
  private int len;
  // first[depth]: no member written yet at this nesting depth.
  private final boolean[] first = new boolean[16];
  private int depth;

  JsonLine begin(long seq, byte[] prev, String type) {
    len = 0;
    depth = 0;
    raw("{\"seq\":");
    raw(Long.toString(seq));
    raw(",\"prev\":\"");
    raw(Base64.getEncoder().encodeToString(prev));
    raw("\",\"type\":\"");
    raw(type);
    raw("\"");
    first[0] = false;
    return this;
  }

  JsonLine name(String name) {
    if (!first[depth]) {
      put((byte) ',');
    }
    first[depth] = false;
    string(name);
    put((byte) ':');
    return this;
  }

  JsonLine field(String name, String value) {
    name(name);
    string(value);
    return this;
  }

  JsonLine field(String name, long value) {
    name(name);
    raw(Long.toString(value));
    return this;
  }

  JsonLine field(String name, double value) {
    name(name);
    raw(Double.isFinite(value) ? Double.toString(value) : "null");
    return this;
  }

  JsonLine field(String name, boolean value) {
    name(name);
    raw(value ? "true" : "false");
    return this;
  }

  JsonLine beginObject(String name) {
    name(name);
    return open((byte) '{');
  }

  /** Starts an object as an array element. */
  JsonLine beginElement() {
    if (!first[depth]) {
      put((byte) ',');
    }
    first[depth] = false;
    return open((byte) '{');
  }

  private JsonLine open(byte bracket) {
    put(bracket);
    first[++depth] = true;
    return this;
  }

  JsonLine endObject() {
    put((byte) '}');
    depth--;
    return this;
  }

  JsonLine beginArray(String name) {
    name(name);
    return open((byte) '[');
  }

  JsonLine endArray() {
    put((byte) ']');
    depth--;
    return this;
  }

  /** Appends an array element string. */
  JsonLine element(String value) {
    if (!first[depth]) {
      put((byte) ',');
    }
    first[depth] = false;
    string(value);
    return this;
  }

  /** Closes the line with its hash; returns the hash. The line is then in {@link #bytes()}. */
  byte[] finish(MessageDigest digest) {
    if (depth != 0) {
      throw new IllegalStateException("unbalanced JSON line, depth " + depth);
    }
    digest.reset();
    digest.update(buf, 0, len);
    byte[] lh = digest.digest();
    raw(",\"lh\":\"");
    raw(Base64.getEncoder().encodeToString(lh));
    raw("\"}\n");
    return lh;
  }

  byte[] bytes() {
    return Arrays.copyOf(buf, len);
  }

  byte[] buffer() {
    return buf;
  }

  int length() {
    return len;
  }

  private void string(String s) {
    int n = s.length();
    if (len + n + 2 <= buf.length || grow(n + 2)) {
      // Fast path: plain printable ASCII needs no escaping and is copied as is.
      int p = len;
      buf[p++] = '"';
      int i = 0;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
          break;
        }
        buf[p++] = (byte) c;
      }
      if (i == n) {
        buf[p++] = '"';
        len = p;
        return;
      }
    }
    slowString(s);
  }

  private boolean grow(int extra) {
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    return true;
  }

  private void slowString(String s) {
    put((byte) '"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        put((byte) '\\');
        put((byte) c);
      } else if (c < 0x20 || c == 0x7f) {
        put((byte) '\\');
        put((byte) 'u');
        put((byte) '0');
        put((byte) '0');
        put(HEX[c >> 4]);
        put(HEX[c & 0xf]);
      } else if (c < 0x80) {
        put((byte) c);
      } else if (Character.isSurrogate(c)) {
        // Surrogates as \\u escapes so lone halves survive as valid JSON and exact UTF-8 bytes.
        put((byte) '\\');
        put((byte) 'u');
        put(HEX[(c >> 12) & 0xf]);
        put(HEX[(c >> 8) & 0xf]);
        put(HEX[(c >> 4) & 0xf]);
        put(HEX[c & 0xf]);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
          put(x);
        }
      }
    }
    put((byte) '"');
  }

  private void raw(String s) {
    for (int i = 0; i < s.length(); i++) {
      put((byte) s.charAt(i));
    }
  }

  private void put(byte b) {
    if (len == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[len++] = b;
  }
}
