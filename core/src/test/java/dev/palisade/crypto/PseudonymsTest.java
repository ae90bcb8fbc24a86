package dev.palisade.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

  @Test
  void hmacSha256MatchesRfc4231TestCase2() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    byte[] mac = Pseudonyms.mac("Jefe".getBytes(StandardCharsets.US_ASCII),
        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void stableTruncatedAndKeyed() {
    Keyset keyset = Keyset.generate();
    Pseudonyms p = Pseudonyms.of(keyset);
    String a = p.pseudonym("PERSON", "Ada Lovelace", 16);
    assertThat(a).hasSize(16).matches("[0-9a-f]+");
    assertThat(Pseudonyms.of(keyset).pseudonym("PERSON", "Ada Lovelace", 16)).isEqualTo(a);
    assertThat(p.pseudonym("PERSON", "Ada Lovelace", 32)).startsWith(a);
    assertThat(p.pseudonym("LOCATION", "Ada Lovelace", 16)).isNotEqualTo(a);
    assertThat(p.pseudonym("PERSON", "Ada Lovelac", 16)).isNotEqualTo(a);
    assertThat(Pseudonyms.of(Keyset.generate()).pseudonym("PERSON", "Ada Lovelace", 16)).isNotEqualTo(a);
    assertThat(Pseudonyms.of(keyset.rotate()).pseudonym("PERSON", "Ada Lovelace", 16)).isNotEqualTo(a);
  }

  @Test
  void constantTimeEquals() {
    assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
    assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
    assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1})).isFalse();
    assertThat(ConstantTime.equals("abc", "abc")).isTrue();
    assertThat(ConstantTime.equals("abc", "abd")).isFalse();
  }
}
