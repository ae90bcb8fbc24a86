package dev.palisade.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AeadTest {

  private static final byte[] AAD = "tenant\0conversation".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripsAndNamesTheKey() throws Exception {
    Keyset keyset = Keyset.generate();
    Aead aead = Aead.of(keyset);
    byte[] pt = "4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8);
    byte[] ct = aead.encrypt(pt, AAD);
    assertThat(ct).hasSize(pt.length + Aead.OVERHEAD_BYTES);
    assertThat(Aead.keyIdOf(ct)).isEqualTo(1);
    assertThat(aead.decrypt(ct, AAD)).isEqualTo(pt);
  }

  @Test
  void wrongAssociatedDataOrTamperingFails() {
    Aead aead = Aead.of(Keyset.generate());
    byte[] ct = aead.encrypt("secret".getBytes(StandardCharsets.UTF_8), AAD);
    assertThatThrownBy(() -> aead.decrypt(ct, "other".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("decryption failed: wrong key, associated data or ciphertext");
    for (int i = 5; i < ct.length; i++) {
      byte[] t = ct.clone();
      t[i] ^= 1;
      assertThatThrownBy(() -> aead.decrypt(t, AAD)).isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> Aead.of(Keyset.generate()).decrypt(ct, AAD))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void rotationKeepsOldCiphertextsReadable() throws Exception {
    Keyset k1 = Keyset.generate();
    byte[] old = Aead.of(k1).encrypt(new byte[] {1, 2, 3}, AAD);
    Keyset k2 = k1.rotate();
    byte[] fresh = Aead.of(k2).encrypt(new byte[] {4}, AAD);
    assertThat(Aead.keyIdOf(fresh)).isEqualTo(2);
    assertThat(Aead.of(k2).decrypt(old, AAD)).containsExactly(1, 2, 3);
    Keyset k3 = k2.withoutKey(1);
    assertThatThrownBy(() -> Aead.of(k3).decrypt(old, AAD))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("ciphertext was made with key 1, which is not in the keyset");
  }

  @Test
  void neverRepeatsANonceUnderOneKey() {
    Aead aead = Aead.of(Keyset.generate());
    Set<ByteBuffer> nonces = ConcurrentHashMap.newKeySet();
    int n = 50_000;
    IntStream.range(0, n).parallel().forEach(i -> {
      byte[] ct = aead.encrypt(new byte[] {(byte) i}, null);
      nonces.add(ByteBuffer.wrap(Arrays.copyOfRange(ct, 5, 5 + 12)));
    });
    assertThat(nonces).hasSize(n);
  }

  @Test
  void stopsAtThePerKeyInvocationLimitUntilRotated() throws Exception {
    Keyset keyset = Keyset.generate();
    Aead limited = Aead.withInvocationLimit(keyset, 3);
    for (int i = 0; i < 3; i++) {
      limited.encrypt(new byte[] {1}, null);
    }
    assertThatThrownBy(() -> limited.encrypt(new byte[] {1}, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("key 1 reached its AES-GCM invocation limit of 3; rotate the keyset");
    // The count belongs to the key, so a new Aead over the same key is limited too.
    assertThatThrownBy(() -> Aead.withInvocationLimit(keyset, 3).encrypt(new byte[] {1}, null))
        .isInstanceOf(IllegalStateException.class);
    Keyset rotated = keyset.rotate();
    byte[] ct = Aead.withInvocationLimit(rotated, 3).encrypt(new byte[] {7}, null);
    assertThat(Aead.of(rotated).decrypt(ct, null)).containsExactly(7);
  }

  @Test
  void distinctCiphertextsForEqualPlaintexts() {
    Aead aead = Aead.of(Keyset.generate());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      seen.add(Arrays.toString(aead.encrypt(new byte[] {9}, AAD)));
    }
    assertThat(seen).hasSize(100);
  }
}
