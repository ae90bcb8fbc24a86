package dev.palisade.detectors.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PackTest {

  @Test
  void readsBackWhatWasWrittenInOrder() {
    byte[] bytes = new Pack.Writer()
        .putInt(-7)
        .putInts(new int[] {1, Integer.MIN_VALUE, Integer.MAX_VALUE})
        .putDoubles(new double[] {0.25, -1e300, Double.NaN})
        .putLongs(new long[] {-1L, Long.MIN_VALUE, 0x0123456789abcdefL})
        .putChars("aé中\uD83D\uDE00".toCharArray())
        .putIntArrays(new int[][] {{3}, null, {}, {4, 5}})
        .putCharArrays(new char[][] {"ab".toCharArray(), {}})
        .putStrings(new String[] {"", "ignore", "системный"})
        .toByteArray();
    Pack.Reader r = new Pack.Reader(bytes);
    assertThat(r.getInt()).isEqualTo(-7);
    assertThat(r.getInts()).containsExactly(1, Integer.MIN_VALUE, Integer.MAX_VALUE);
    assertThat(r.getDoubles()).containsExactly(0.25, -1e300, Double.NaN);
    assertThat(r.getLongs()).containsExactly(-1L, Long.MIN_VALUE, 0x0123456789abcdefL);
    assertThat(new String(r.getChars())).isEqualTo("aé中\uD83D\uDE00");
    assertThat(r.getIntArrays()).isDeepEqualTo(new int[][] {{3}, null, {}, {4, 5}});
    assertThat(r.getCharArrays()).isDeepEqualTo(new char[][] {"ab".toCharArray(), {}});
    assertThat(r.getStrings()).containsExactly("", "ignore", "системный");
    assertThat(r.atEnd()).isTrue();
  }

  @Test
  void aLengthPastTheEndIsReportedNotAllocated() {
    byte[] bytes = new Pack.Writer().putInt(Integer.MAX_VALUE).putInt(1).toByteArray();
    assertThatThrownBy(() -> new Pack.Reader(bytes).getInts())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("array length");
  }
}
