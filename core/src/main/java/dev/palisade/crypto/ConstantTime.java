package dev.palisade.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** Comparisons whose running time does not depend on where two secrets first differ. */
public final class ConstantTime {

  private ConstantTime() {}

  /**
   * True when both arrays have the same length and content. The time taken depends only on the
   * lengths, so a MAC or pseudonym can be checked without a timing side channel.
   */
  public static boolean equals(byte[] a, byte[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    // MessageDigest.isEqual is constant-time for equal lengths since JDK 6u17.
    return MessageDigest.isEqual(a, b);
  }

  /** {@link #equals(byte[], byte[])} on the UTF-8 encodings of two strings. */
  public static boolean equals(String a, String b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
