package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validators against published examples, and their refusal to throw on any string. */
class ChecksTest {

  @ParameterizedTest
  @CsvSource({
    "4111111111111111, true", "4012888888881881, true", "378282246310005, true",
    "6011111111111117, true", "5105105105105100, true", "4111111111111112, false",
    "1234567890123456, false", "0000000000000000, false"})
  void creditCards(String number, boolean valid) {
    assertThat(Checks.creditCard(number)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({
    "GB82WEST12345698765432, true", "DE89370400440532013000, true", "FR1420041010050500013M02606, true",
    "NL91ABNA0417164300, true", "GB82WEST12345698765433, false", "DE89370400440532013001, false"})
  void ibans(String iban, boolean valid) {
    assertThat(Checks.ibanMod97(iban)).isEqualTo(valid);
  }

  @Test
  void verhoeffOnItsPublishedExample() {
    assertThat(Checks.verhoeff("2363")).isTrue();
    assertThat(Checks.verhoeff("2364")).isFalse();
  }

  @Test
  void bech32OnBip173Vectors() {
    assertThat(Checks.bech32("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")).isTrue();
    assertThat(Checks.bech32("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")).isTrue();
    assertThat(Checks.bech32("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")).isFalse();
  }

  @Test
  void base58checkOnKnownAddresses() {
    assertThat(Checks.base58check("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")).isTrue();
    assertThat(Checks.base58check("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")).isTrue();
    assertThat(Checks.base58check("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3")).isFalse();
  }

  @Test
  void ipv6Forms() {
    assertThat(Scanners.ipv6("::")).isTrue();
    assertThat(Scanners.ipv6("::1")).isTrue();
    assertThat(Scanners.ipv6("2001:db8::1")).isTrue();
    assertThat(Scanners.ipv6("::ffff:192.0.2.1")).isTrue();
    assertThat(Scanners.ipv6("1:2:3:4:5:6:7:8")).isTrue();
    assertThat(Scanners.ipv6("1:2:3:4:5:6:7")).isFalse();
    assertThat(Scanners.ipv6("2001::db8::1")).isFalse();
    assertThat(Scanners.ipv6(":::")).isFalse();
    assertThat(Scanners.ipv6("12345::1")).isFalse();
  }

  @Test
  void validatorsNeverThrowOnRandomStrings() {
    Random random = new Random(1234);
    String alphabet = "0123456789ABCDEFXYZabcxyz -./:_+";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(40);
      for (int k = 0; k < len; k++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      for (Rule rule : Rules.all()) {
        double score = rule.scorer().score(s);
        assertThat(score).isLessThanOrEqualTo(1.0);
      }
    }
  }
}
