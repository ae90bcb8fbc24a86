package dev.palisade.detectors.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Primitive arrays and strings in one little-endian byte array, for tables computed at build time
 * and loaded at every cold start. A reader copies each array out in one bulk operation, so loading
 * costs little even before the JIT has compiled anything.
 *
 * <p>There is no schema: a reader must ask for the values in the order the writer wrote them.
 * Shared machinery of the detectors; not part of Palisade's supported API.
 */
public final class Pack {

  private Pack() {}

  /** Appends values; {@link #toByteArray} returns what was written. Not thread-safe. */
  public static final class Writer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public Writer putInt(int v) {
      bytes.write(v);
      bytes.write(v >>> 8);
      bytes.write(v >>> 16);
      bytes.write(v >>> 24);
      return this;
    }

    public Writer putInts(int[] values) {
      putInt(values.length);
      for (int v : values) {
        putInt(v);
      }
      return this;
    }

    public Writer putDoubles(double[] values) {
      long[] bits = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        bits[i] = Double.doubleToLongBits(values[i]);
      }
      return putLongs(bits);
    }

    public Writer putLongs(long[] values) {
      putInt(values.length);
      for (long v : values) {
        putInt((int) v).putInt((int) (v >>> 32));
      }
      return this;
    }

    public Writer putChars(char[] values) {
      putInt(values.length);
      for (char c : values) {
        bytes.write(c);
        bytes.write(c >>> 8);
      }
      return this;
    }

    /** Arrays that may be null, as their lengths (-1 for null) and then their values end to end. */
    public Writer putIntArrays(int[][] arrays) {
      int[] lengths = new int[arrays.length];
      int total = 0;
      for (int i = 0; i < arrays.length; i++) {
        lengths[i] = arrays[i] == null ? -1 : arrays[i].length;
        total += Math.max(0, lengths[i]);
      }
      int[] all = new int[total];
      int at = 0;
      for (int[] a : arrays) {
        if (a != null) {
          System.arraycopy(a, 0, all, at, a.length);
          at += a.length;
        }
      }
      return putInts(lengths).putInts(all);
    }

    public Writer putCharArrays(char[][] arrays) {
      int[] lengths = new int[arrays.length];
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < arrays.length; i++) {
        lengths[i] = arrays[i].length;
        all.append(arrays[i]);
      }
      return putInts(lengths).putChars(all.toString().toCharArray());
    }

    public Writer putStrings(String[] strings) {
      char[][] chars = new char[strings.length][];
      for (int i = 0; i < strings.length; i++) {
        chars[i] = strings[i].toCharArray();
      }
      return putCharArrays(chars);
    }

    public byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }

  /** Reads values back in the order they were written; throws on reading past the end. */
  public static final class Reader {
    private final ByteBuffer buf;

    public Reader(byte[] bytes) {
      this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public int getInt() {
      return buf.getInt();
    }

    public int[] getInts() {
      int[] values = new int[length()];
      buf.asIntBuffer().get(values);
      buf.position(buf.position() + values.length * 4);
      return values;
    }

    public double[] getDoubles() {
      double[] values = new double[length()];
      buf.asDoubleBuffer().get(values);
      buf.position(buf.position() + values.length * 8);
      return values;
    }

    public long[] getLongs() {
      long[] values = new long[length()];
      buf.asLongBuffer().get(values);
      buf.position(buf.position() + values.length * 8);
      return values;
    }

    public char[] getChars() {
      char[] values = new char[length()];
      buf.asCharBuffer().get(values);
      buf.position(buf.position() + values.length * 2);
      return values;
    }

    public int[][] getIntArrays() {
      int[] lengths = getInts();
      int[] all = getInts();
      int[][] arrays = new int[lengths.length][];
      int at = 0;
      for (int i = 0; i < lengths.length; i++) {
        if (lengths[i] >= 0) {
          arrays[i] = Arrays.copyOfRange(all, at, at + lengths[i]);
          at += lengths[i];
        }
      }
      return arrays;
    }

    public char[][] getCharArrays() {
      int[] lengths = getInts();
      char[] all = getChars();
      char[][] arrays = new char[lengths.length][];
      int at = 0;
      for (int i = 0; i < lengths.length; i++) {
        arrays[i] = Arrays.copyOfRange(all, at, at + lengths[i]);
        at += lengths[i];
      }
      return arrays;
    }

    public String[] getStrings() {
      char[][] chars = getCharArrays();
      String[] strings = new String[chars.length];
      for (int i = 0; i < chars.length; i++) {
        strings[i] = new String(chars[i]);
      }
      return strings;
    }

    /** Whether every byte has been read. */
    public boolean atEnd() {
      return !buf.hasRemaining();
    }

    private int length() {
      int n = buf.getInt();
      if (n < 0 || n > buf.remaining()) {
        throw new IllegalStateException(
            "corrupt pack: array length " + n + " at byte " + buf.position());
      }
      return n;
    }
  }
}
