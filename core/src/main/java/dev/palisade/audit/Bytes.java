package dev.palisade.audit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-array scanning for the verifier's hot loop. */
final class Bytes {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Bytes() {}

  /** The first index of {@code x} in {@code b} at or after {@code from}, or -1. */
  static int indexOf(byte[] b, byte x, int from) {
    int i = from;
    // Eight bytes at a time: a byte of v is zero exactly where b holds x (SWAR zero-byte test).
    long pattern = (x & 0xffL) * ONES;
    for (; i + 8 <= b.length; i += 8) {
      long v = (long) LONGS.get(b, i) ^ pattern;
      long found = (v - ONES) & ~v & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
