package dev.palisade.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysetTest {

  @Test
  void rotationAddsAPrimaryAndKeepsOldKeys() {
    Keyset k1 = Keyset.generate();
    Keyset k2 = k1.rotate();
    Keyset k3 = k2.rotate();
    assertThat(k3.keyIds()).containsExactly(1, 2, 3);
    assertThat(k3.primaryKeyId()).isEqualTo(3);
    assertThat(k1.keyIds()).containsExactly(1); // immutable
    assertThat(k3.withPrimary(1).primaryKeyId()).isEqualTo(1);
    assertThatThrownBy(() -> k3.withoutKey(3))
        .hasMessage("key id 3 is the primary; make another key primary first");
    assertThatThrownBy(() -> k3.withPrimary(9)).hasMessage("key id 9 is not in the keyset [1, 2, 3]");
  }

  @Test
  void writesAndReadsAWrappedFile(@TempDir Path dir) throws Exception {
    Keyset keyset = Keyset.generate().rotate();
    MasterKey master = MasterKey.generate();
    Path file = dir.resolve("keyset.json");
    keyset.write(file, master);
    String content = Files.readString(file);
    for (int id : keyset.keyIds()) {
      byte[] raw = keyset.keyBytes(id, SecretKeyAccess.insecure());
      assertThat(content).doesNotContain(Base64.getEncoder().encodeToString(raw))
          .doesNotContainIgnoringCase(HexFormat.of().formatHex(raw));
    }
    Keyset back = Keyset.read(file, master);
    assertThat(back.keyIds()).containsExactly(1, 2);
    assertThat(back.primaryKeyId()).isEqualTo(2);
    byte[] ct = Aead.of(keyset).encrypt("x".getBytes(StandardCharsets.UTF_8), null);
    assertThat(Aead.of(back).decrypt(ct, null)).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void wrongMasterKeyOrAlteredFileIsRejected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keyset.json");
    Keyset.generate().write(file, MasterKey.generate());
    assertThatThrownBy(() -> Keyset.read(file, MasterKey.generate()))
        .isInstanceOf(GeneralSecurityException.class);
    String json = Files.readString(file).replace("\"primaryKeyId\"", "\"x\"")
        .replace("palisade-keyset/1", "palisade-keyset/9");
    assertThatThrownBy(() -> Keyset.fromEncryptedJson(json, MasterKey.generate()))
        .isInstanceOf(IOException.class)
        .hasMessage("not a keyset file: \"format\" must be \"palisade-keyset/1\"");
  }

  @Test
  void masterKeyRoundTripsThroughBase64() throws Exception {
    MasterKey m = MasterKey.generate();
    String b64 = m.toBase64(SecretKeyAccess.insecure());
    MasterKey same = MasterKey.fromBase64(b64, SecretKeyAccess.insecure());
    Keyset k = Keyset.generate();
    assertThat(Keyset.fromEncryptedJson(k.toEncryptedJson(m), same).keyIds()).containsExactly(1);
    assertThatThrownBy(() -> MasterKey.fromBase64("not base64!", SecretKeyAccess.insecure()))
        .hasMessage("master key is not valid Base64");
    assertThatThrownBy(() -> MasterKey.fromBytes(new byte[3], null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringAndGettersRevealNoKeyBytes() {
    Keyset keyset = Keyset.generate().rotate();
    MasterKey master = MasterKey.generate();
    String shown = keyset + " " + master + " " + Aead.of(keyset) + " " + Pseudonyms.of(keyset)
        + " " + Ff1.of(keyset);
    assertThat(shown).isEqualTo("Keyset{primary=2, keys=[1, 2]} MasterKey{AES-256} "
        + "Aead{AES-256-GCM, primary=2} Pseudonyms{HMAC-SHA256, primary=2} Ff1{AES-256, primary=2}");
    // No public method hands out bytes unless it is given a SecretKeyAccess.
    for (Class<?> c : new Class<?>[] {Keyset.class, MasterKey.class}) {
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == byte[].class) {
          assertThat(m.getParameterTypes()).as(m.toString()).contains(SecretKeyAccess.class);
        }
      }
    }
  }

  @Test
  void importedKeysAreUsable() throws Exception {
    byte[] raw = new byte[32];
    raw[0] = 7;
    Keyset a = Keyset.importKey(5, raw, SecretKeyAccess.insecure());
    Keyset b = Keyset.importKey(5, raw, SecretKeyAccess.insecure());
    assertThat(Aead.of(b).decrypt(Aead.of(a).encrypt(new byte[] {1}, null), null)).containsExactly(1);
    assertThat(Pseudonyms.of(a).pseudonym("d", "v", 16)).isEqualTo(Pseudonyms.of(b).pseudonym("d", "v", 16));
  }
}
