package dev.palisade.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Ff1Test {

  private static final String K128 = "2B7E151628AED2A6ABF7158809CF4F3C";
  private static final String K192 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F";
  private static final String K256 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94";

  /** NIST SP 800-38G FF1 samples 1 to 9 (csrc.nist.gov, "FF1samples.pdf"). */
  @ParameterizedTest(name = "sample {0}")
  @CsvSource({
      "1, " + K128 + ", '', 10, 0123456789, 2433477484",
      "2, " + K128 + ", 39383736353433323130, 10, 0123456789, 6124200773",
      "3, " + K128 + ", 3737373770717273373737, 36, 0123456789abcdefghi, a9tv40mll9kdu509eum",
      "4, " + K192 + ", '', 10, 0123456789, 2830668132",
      "5, " + K192 + ", 39383736353433323130, 10, 0123456789, 2496655549",
      "6, " + K192 + ", 3737373770717273373737, 36, 0123456789abcdefghi, xbj3kv35jrawxv32ysr",
      "7, " + K256 + ", '', 10, 0123456789, 6657667009",
      "8, " + K256 + ", 39383736353433323130, 10, 0123456789, 1001623463",
      "9, " + K256 + ", 3737373770717273373737, 36, 0123456789abcdefghi, xs8a0azh2avyalyzuwd",
  })
  void nistSampleVectors(int sample, String key, String tweak, int radix, String pt, String ct) {
    Ff1 ff1 = Ff1.withRawAesKey(HexFormat.of().parseHex(key));
    byte[] t = HexFormat.of().parseHex(tweak);
    String alphabet = radix == 10 ? Ff1.DIGITS : Ff1.LOWER_ALPHANUMERIC;
    assertThat(ff1.encrypt(pt, alphabet, t)).isEqualTo(ct);
    assertThat(ff1.decrypt(ct, alphabet, t)).isEqualTo(pt);
  }

  @Test
  void separatorsStayInPlaceAndNeverReachTheEngine() {
    Ff1 ff1 = Ff1.of(Keyset.generate());
    byte[] tweak = "t".getBytes(StandardCharsets.UTF_8);
    String card = "4111 1111-1111 1111";
    String enc = ff1.encrypt(card, Ff1.DIGITS, tweak);
    assertThat(enc).matches("\\d{4} \\d{4}-\\d{4} \\d{4}");
    // The digits alone encrypt to the same digits: the separators took no part in it.
    assertThat(ff1.encrypt(card.replaceAll("\\D", ""), Ff1.DIGITS, tweak))
        .isEqualTo(enc.replaceAll("\\D", ""));
    assertThat(ff1.decrypt(enc, Ff1.DIGITS, tweak)).isEqualTo(card);
  }

  @Test
  void domainRuleNeedsAMillionValues() {
    assertThat(Ff1.fits("12345", Ff1.DIGITS)).isFalse();
    assertThat(Ff1.fits("123456", Ff1.DIGITS)).isTrue();
    assertThat(Ff1.fits("12-34-5", Ff1.DIGITS)).isFalse();
    assertThat(Ff1.fits("abcd", Ff1.ALPHANUMERIC)).isTrue(); // 62^4 > 10^6
    assertThat(Ff1.fits("abc", Ff1.ALPHANUMERIC)).isFalse();
    Ff1 ff1 = Ff1.of(Keyset.generate());
    assertThatThrownBy(() -> ff1.encrypt("98765", Ff1.DIGITS, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FF1 domain too small: 5 characters of radix 10 (radix^length must be at least 10^6)")
        .hasMessageNotContaining("98765");
  }

  @Test
  void isAPermutationAndRoundTrips() {
    Keyset keyset = Keyset.generate();
    Ff1 ff1 = Ff1.of(keyset);
    Random random = new Random(42);
    Set<String> outputs = new HashSet<>();
    Set<String> inputs = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String v = String.format("%06d", random.nextInt(1_000_000));
      if (!inputs.add(v)) {
        continue;
      }
      String e = ff1.encrypt(v, Ff1.DIGITS, null);
      assertThat(e).hasSize(6).matches("\\d+");
      assertThat(outputs.add(e)).as("no two values share an output").isTrue();
      assertThat(ff1.decrypt(e, Ff1.DIGITS, null, keyset.primaryKeyId())).isEqualTo(v);
    }
  }

  @Test
  void tweakAndKeyChangeTheOutputAndOldKeysStillDecrypt() {
    Keyset k1 = Keyset.generate();
    String v = "5500000000000004";
    String a = Ff1.of(k1).encrypt(v, Ff1.DIGITS, new byte[] {1});
    String b = Ff1.of(k1).encrypt(v, Ff1.DIGITS, new byte[] {2});
    assertThat(a).isNotEqualTo(b);
    Keyset k2 = k1.rotate();
    String c = Ff1.of(k2).encrypt(v, Ff1.DIGITS, new byte[] {1});
    assertThat(c).isNotEqualTo(a);
    assertThat(Ff1.of(k2).decrypt(a, Ff1.DIGITS, new byte[] {1}, k1.primaryKeyId())).isEqualTo(v);
  }

  @Test
  void toStringShowsNoKey() {
    Keyset keyset = Keyset.generate();
    assertThat(Ff1.of(keyset).toString()).isEqualTo("Ff1{AES-256, primary=1}");
  }
}
