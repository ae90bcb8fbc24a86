package dev.palisade.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An immutable set of 256-bit keys, each with an integer id, one of which is the primary.
 *
 * <p>New ciphertexts, FF1 values and pseudonyms are made with the primary key; ciphertexts name
 * the id of the key that made them, so anything made with a key still in the set can be
 * decrypted. Rotation is "add a key and make it primary" ({@link #rotate()}); a key is removed
 * ({@link #withoutKey}) only once nothing made with it is still needed.
 *
 * <p>At rest a keyset is a small JSON file whose key material is wrapped with AES-256-GCM under a
 * {@link MasterKey} ({@link #write}, {@link #read}).
 *
 * <h2>Security guarantees</h2>
 * Key bytes never appear in a getter or {@code toString}; {@link #keyBytes} needs a
 * {@link SecretKeyAccess}. Each primitive works with a subkey derived per purpose (HKDF-SHA256),
 * never with the stored key itself.
 *
 * <h2>Thread safety</h2>
 * Immutable and safe to share. The AES-GCM invocation count of each key lives with the key and is
 * shared by every keyset and {@link Aead} that holds it in this process.
 */
public final class Keyset {

  static final String FILE_FORMAT = "palisade-keyset/1";
  static final int KEY_BYTES = 32;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One key with its per-purpose subkeys; package-private so no caller can reach the bytes. */
  static final class Key {
    final int id;
    private final byte[] material;
    final byte[] aeadKey;
    final byte[] ff1Key;
    final byte[] hmacKey;
    final AtomicLong aeadInvocations = new AtomicLong();

    Key(int id, byte[] material) {
      this.id = id;
      this.material = material;
      this.aeadKey = Subkeys.derive(material, Subkeys.AEAD);
      this.ff1Key = Subkeys.derive(material, Subkeys.FF1);
      this.hmacKey = Subkeys.derive(material, Subkeys.HMAC);
    }

    @Override
    public String toString() {
      return "Key{id=" + id + "}";
    }
  }

  private final Map<Integer, Key> keys; // insertion order = creation order
  private final Key primary;

  private Keyset(Map<Integer, Key> keys, int primaryId) {
    this.keys = Collections.unmodifiableMap(keys);
    this.primary = keys.get(primaryId);
    if (primary == null) {
      throw new IllegalArgumentException("primary key id " + primaryId + " is not in the keyset");
    }
  }

  /** A new keyset with one fresh random key (id 1) as primary. */
  public static Keyset generate() {
    Map<Integer, Key> keys = new LinkedHashMap<>();
    keys.put(1, new Key(1, Gcm.randomBytes(KEY_BYTES)));
    return new Keyset(keys, 1);
  }

  /**
   * A keyset of one key with the given id and raw bytes (copied), for importing keys that were
   * made elsewhere. Prefer {@link #generate()}.
   */
  public static Keyset importKey(int id, byte[] keyBytes, SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    Objects.requireNonNull(keyBytes, "keyBytes");
    checkId(id);
    if (keyBytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("key must be 32 bytes, was " + keyBytes.length);
    }
    Map<Integer, Key> keys = new LinkedHashMap<>();
    keys.put(id, new Key(id, keyBytes.clone()));
    return new Keyset(keys, id);
  }

  /** This keyset plus a fresh random key, which becomes the primary. Older keys still decrypt. */
  public Keyset rotate() {
    int id = Collections.max(keys.keySet()) + 1;
    Map<Integer, Key> copy = new LinkedHashMap<>(keys);
    copy.put(id, new Key(id, Gcm.randomBytes(KEY_BYTES)));
    return new Keyset(copy, id);
  }

  /** This keyset with another of its keys as primary (e.g. to roll back a rotation). */
  public Keyset withPrimary(int keyId) {
    if (!keys.containsKey(keyId)) {
      throw new IllegalArgumentException("key id " + keyId + " is not in the keyset " + keyIds());
    }
    return new Keyset(new LinkedHashMap<>(keys), keyId);
  }

  /** This keyset without a non-primary key; what that key made can no longer be decrypted. */
  public Keyset withoutKey(int keyId) {
    if (!keys.containsKey(keyId)) {
      throw new IllegalArgumentException("key id " + keyId + " is not in the keyset " + keyIds());
    }
    if (keyId == primary.id) {
      throw new IllegalArgumentException("key id " + keyId + " is the primary; make another key primary first");
    }
    Map<Integer, Key> copy = new LinkedHashMap<>(keys);
    copy.remove(keyId);
    return new Keyset(copy, primary.id);
  }

  /** The id of the key new values are made with. */
  public int primaryKeyId() {
    return primary.id;
  }

  /** The ids of all keys, oldest first. */
  public List<Integer> keyIds() {
    return List.copyOf(keys.keySet());
  }

  public boolean containsKey(int keyId) {
    return keys.containsKey(keyId);
  }

  /** A copy of one key's raw bytes, for export to another key store. */
  public byte[] keyBytes(int keyId, SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    return key(keyId).material.clone();
  }

  Key primary() {
    return primary;
  }

  /** The key with this id; the message names only the id. */
  Key key(int keyId) {
    Key k = keys.get(keyId);
    if (k == null) {
      throw new IllegalArgumentException("key id " + keyId + " is not in the keyset " + keyIds());
    }
    return k;
  }

  Key keyOrNull(int keyId) {
    return keys.get(keyId);
  }

  // ---- at rest ----

  /**
   * Writes this keyset to {@code file} with its key material wrapped under {@code masterKey}
   * (AES-256-GCM, random nonce, the file format as associated data). The file is replaced
   * atomically where the file system allows.
   */
  public void write(Path file, MasterKey masterKey) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] json = toEncryptedJson(masterKey).getBytes(StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".keyset", ".tmp");
    try {
      Files.write(tmp, json);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a keyset written by {@link #write}.
   *
   * @throws GeneralSecurityException if the master key is wrong or the file was altered
   * @throws IOException if the file cannot be read or is not a keyset file
   */
  public static Keyset read(Path file, MasterKey masterKey) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(file, "file");
    return fromEncryptedJson(Files.readString(file, StandardCharsets.UTF_8), masterKey);
  }

  /** The keyset file's content as a string; see {@link #write}. */
  public String toEncryptedJson(MasterKey masterKey) {
    Objects.requireNonNull(masterKey, "masterKey");
    ObjectNode inner = JSON.createObjectNode();
    inner.put("primary", primary.id);
    ArrayNode list = inner.putArray("keys");
    for (Key k : keys.values()) {
      list.addObject().put("id", k.id).put("material", k.material);
    }
    byte[] plain;
    try {
      plain = JSON.writeValueAsBytes(inner);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize keyset", e);
    }
    byte[] nonce = Gcm.randomBytes(Gcm.NONCE_BYTES);
    byte[] sealed = Gcm.seal(masterKey.bytes(), nonce, FILE_FORMAT.getBytes(StandardCharsets.US_ASCII), plain);
    Arrays.fill(plain, (byte) 0);
    ObjectNode outer = JSON.createObjectNode();
    outer.put("format", FILE_FORMAT);
    outer.put("primaryKeyId", primary.id);
    outer.put("nonce", Base64.getEncoder().encodeToString(nonce));
    outer.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
    return outer.toPrettyString();
  }

  /** Parses the content of a keyset file; see {@link #read}. */
  public static Keyset fromEncryptedJson(String json, MasterKey masterKey)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(masterKey, "masterKey");
    JsonNode outer = JSON.readTree(json);
    if (outer == null || !FILE_FORMAT.equals(outer.path("format").asText())) {
      throw new IOException("not a keyset file: \"format\" must be \"" + FILE_FORMAT + "\"");
    }
    byte[] nonce = base64Field(outer, "nonce");
    byte[] sealed = base64Field(outer, "ciphertext");
    if (nonce.length != Gcm.NONCE_BYTES) {
      throw new IOException("keyset file: \"nonce\" must be 12 bytes");
    }
    byte[] plain = Gcm.open(masterKey.bytes(), nonce, FILE_FORMAT.getBytes(StandardCharsets.US_ASCII),
        sealed, 0, sealed.length);
    try {
      JsonNode inner = JSON.readTree(plain);
      Map<Integer, Key> keys = new LinkedHashMap<>();
      for (JsonNode k : inner.path("keys")) {
        int id = k.path("id").asInt(0);
        checkId(id);
        byte[] material = k.path("material").binaryValue();
        if (material == null || material.length != KEY_BYTES) {
          throw new IOException("keyset file: key " + id + " must have 32 bytes of material");
        }
        if (keys.put(id, new Key(id, material)) != null) {
          throw new IOException("keyset file: duplicate key id " + id);
        }
      }
      if (keys.isEmpty()) {
        throw new IOException("keyset file holds no keys");
      }
      int primaryId = inner.path("primary").asInt(0);
      if (!keys.containsKey(primaryId)) {
        throw new IOException("keyset file: primary key id " + primaryId + " is not among its keys");
      }
      return new Keyset(keys, primaryId);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] base64Field(JsonNode node, String field) throws IOException {
    try {
      return Base64.getDecoder().decode(node.path(field).asText(""));
    } catch (IllegalArgumentException e) {
      throw new IOException("keyset file: \"" + field + "\" is not valid Base64");
    }
  }

  private static void checkId(int id) {
    if (id <= 0) {
      throw new IllegalArgumentException("key id must be positive, was " + id);
    }
  }

  @Override
  public String toString() {
    List<Integer> ids = new ArrayList<>(keys.keySet());
    return "Keyset{primary=" + primary.id + ", keys=" + ids + "}";
  }
}
