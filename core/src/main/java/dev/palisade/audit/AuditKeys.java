package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of an audit log: key-encryption keys with ids (one primary), the Ed25519 key that
 * signs checkpoints, the HMAC key for pseudonyms, and one destroyable key per subject.
 *
 * <p>Two storage forms, both kept outside the log directory:
 * <ul>
 *   <li>a key directory: {@code keyset.json} (AES-256-GCM under a 32-byte master key read from
 *       the environment variable {@value #MASTER_KEY_ENV}, base64), {@code public.pem} and
 *       {@code subjects/};
 *   <li>a PKCS#12 keystore (entries {@code kek-<id>}, {@code signing}, {@code pseudonym}) plus a
 *       subject directory.
 * </ul>
 * Subject keys live in {@code subjects/<pseudonym>.key}, each wrapped by a key-encryption key;
 * {@link #forget} overwrites and deletes one, which makes that subject's payloads unreadable.
 *
 * <h2>Security</h2>
 * No getter returns key bytes and {@link #toString()} prints ids only. Key bytes are reachable only
 * inside this package.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use.
 */
public final class AuditKeys {
  /** The environment variable holding the base64 master key of a key directory. */
  public static final String MASTER_KEY_ENV = "PALISADE_AUDIT_MASTER_KEY";

  private static final String KEYSET_FORMAT = "palisade-audit-keyset/1";
  private static final String SUBJECT_AAD = "palisade-audit-subject/1|";
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A subject key and the random id that tells its generations apart. */
  record SubjectKey(String kid, byte[] key) {
    @Override
    public String toString() {
      return "SubjectKey[kid=" + kid + "]";
    }
  }

  private final Path location;
  private final Path subjectDir;
  private final Storage storage;
  private final TreeMap<Integer, byte[]> keks;
  private final byte[] signingSeed;
  private final byte[] publicKey;
  private final byte[] pseudonymKey;
  private final Map<String, SubjectKey> subjectCache = new ConcurrentHashMap<>();
  // One initialised Mac per thread: pseudonyms are computed several times per record.
  private final ThreadLocal<Mac> pseudonymMac = ThreadLocal.withInitial(this::newPseudonymMac);

  /** Where the keyset is written back after a rotation. */
  private interface Storage {
    void save(AuditKeys keys) throws IOException;
  }

  private AuditKeys(
      Path location, Path subjectDir, Storage storage, TreeMap<Integer, byte[]> keks,
      byte[] signingSeed, byte[] pseudonymKey) {
    this.location = location;
    this.subjectDir = subjectDir;
    this.storage = storage;
    this.keks = keks;
    this.signingSeed = signingSeed;
    this.publicKey = AuditCrypto.ed25519Public(signingSeed);
    this.pseudonymKey = pseudonymKey;
  }

  // ---- key directory with a master key -------------------------------------------------------

  /** Creates a new key directory (which must not hold a keyset yet) protected by {@code masterKey}. */
  public static AuditKeys create(Path keyDir, byte[] masterKey) {
    Objects.requireNonNull(keyDir, "keyDir");
    byte[] mk = checkMasterKey(masterKey);
    Path file = keyDir.resolve("keyset.json");
    if (Files.exists(file)) {
      throw new AuditException("a keyset already exists at " + file);
    }
    TreeMap<Integer, byte[]> keks = new TreeMap<>();
    keks.put(1, AuditCrypto.random(32));
    AuditKeys keys = new AuditKeys(keyDir, keyDir.resolve("subjects"), k -> k.saveKeyset(file, mk),
        keks, AuditCrypto.random(32), AuditCrypto.random(32));
    try {
      Files.createDirectories(keys.subjectDir);
      keys.storage.save(keys);
      keys.writePublicKey(keyDir.resolve("public.pem"));
    } catch (IOException e) {
      throw new AuditException("cannot create keyset in " + keyDir, e);
    }
    return keys;
  }

  /** Loads a key directory protected by {@code masterKey}. */
  public static AuditKeys load(Path keyDir, byte[] masterKey) {
    Objects.requireNonNull(keyDir, "keyDir");
    byte[] mk = checkMasterKey(masterKey);
    Path file = keyDir.resolve("keyset.json");
    try {
      JsonNode outer = JSON.readTree(file.toFile());
      if (!KEYSET_FORMAT.equals(outer.path("format").asText())) {
        throw new AuditException("not a palisade audit keyset: " + file);
      }
      byte[] plain = AuditCrypto.open(mk, b64(outer.path("nonce").asText()),
          b64(outer.path("ciphertext").asText()), AuditCrypto.utf8(KEYSET_FORMAT), "keyset " + file
              + " (is " + MASTER_KEY_ENV + " the right master key?)");
      JsonNode ks = JSON.readTree(plain);
      Arrays.fill(plain, (byte) 0);
      TreeMap<Integer, byte[]> keks = new TreeMap<>();
      for (JsonNode k : ks.path("keks")) {
        keks.put(k.path("id").asInt(), b64(k.path("key").asText()));
      }
      if (keks.isEmpty()) {
        throw new AuditException("keyset " + file + " holds no key-encryption key");
      }
      return new AuditKeys(keyDir, keyDir.resolve("subjects"), k -> k.saveKeyset(file, mk), keks,
          b64(ks.path("signingSeed").asText()), b64(ks.path("pseudonymKey").asText()));
    } catch (IOException e) {
      throw new AuditException("cannot read keyset " + file, e);
    }
  }

  /** Loads a key directory whose master key is in the environment variable {@value #MASTER_KEY_ENV}. */
  public static AuditKeys fromEnvironment(Path keyDir) {
    return load(keyDir, masterKeyFromEnvironment(MASTER_KEY_ENV));
  }

  /** Decodes the base64 master key in environment variable {@code name}; fails with a precise message. */
  public static byte[] masterKeyFromEnvironment(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new AuditException("environment variable " + name + " is not set; it must hold a base64"
          + " 32-byte master key (e.g. from `openssl rand -base64 32`)");
    }
    try {
      return checkMasterKey(Base64.getDecoder().decode(v.trim()));
    } catch (IllegalArgumentException e) {
      throw new AuditException("environment variable " + name + " must be base64 of 32 bytes");
    }
  }

  private static byte[] checkMasterKey(byte[] masterKey) {
    Objects.requireNonNull(masterKey, "masterKey");
    if (masterKey.length != 32) {
      throw new AuditException("the master key must be 32 bytes, was " + masterKey.length);
    }
    return masterKey.clone();
  }

  private void saveKeyset(Path file, byte[] masterKey) throws IOException {
    ObjectNode ks = JSON.createObjectNode();
    ks.put("primaryKek", keks.lastKey());
    ArrayNode arr = ks.putArray("keks");
    keks.forEach((id, key) -> arr.addObject().put("id", id).put("key", b64(key)));
    ks.put("signingSeed", b64(signingSeed));
    ks.put("pseudonymKey", b64(pseudonymKey));
    byte[] plain = JSON.writeValueAsBytes(ks);
    byte[] nonce = AuditCrypto.random(AuditCrypto.NONCE_BYTES);
    byte[] ct = AuditCrypto.seal(masterKey, nonce, plain, AuditCrypto.utf8(KEYSET_FORMAT));
    Arrays.fill(plain, (byte) 0);
    ObjectNode outer = JSON.createObjectNode();
    outer.put("format", KEYSET_FORMAT);
    outer.put("nonce", b64(nonce));
    outer.put("ciphertext", b64(ct));
    writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(outer));
  }

  // ---- PKCS#12 ---------------------------------------------------------------------------------

  /** Creates a PKCS#12 keystore (which must not exist) and a subject directory. */
  public static AuditKeys createPkcs12(Path keystore, char[] password, Path subjectDir) {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(subjectDir, "subjectDir");
    if (Files.exists(keystore)) {
      throw new AuditException("a keystore already exists at " + keystore);
    }
    TreeMap<Integer, byte[]> keks = new TreeMap<>();
    keks.put(1, AuditCrypto.random(32));
    char[] pw = password.clone();
    AuditKeys keys = new AuditKeys(keystore, subjectDir, k -> k.savePkcs12(keystore, pw), keks,
        AuditCrypto.random(32), AuditCrypto.random(32));
    try {
      Files.createDirectories(subjectDir);
      keys.storage.save(keys);
    } catch (IOException e) {
      throw new AuditException("cannot create keystore " + keystore, e);
    }
    return keys;
  }

  /** Loads keys from a PKCS#12 keystore; subject keys live in {@code subjectDir}. */
  public static AuditKeys fromPkcs12(Path keystore, char[] password, Path subjectDir) {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(subjectDir, "subjectDir");
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      KeyStore.PasswordProtection pp = new KeyStore.PasswordProtection(password);
      TreeMap<Integer, byte[]> keks = new TreeMap<>();
      byte[] signing = null;
      byte[] pseudonym = null;
      for (String alias : java.util.Collections.list(ks.aliases())) {
        if (!(ks.getEntry(alias, pp) instanceof KeyStore.SecretKeyEntry e)) {
          continue;
        }
        byte[] key = e.getSecretKey().getEncoded();
        if (alias.startsWith("kek-")) {
          keks.put(Integer.parseInt(alias.substring(4)), key);
        } else if (alias.equals("signing")) {
          signing = key;
        } else if (alias.equals("pseudonym")) {
          pseudonym = key;
        }
      }
      if (keks.isEmpty() || signing == null || pseudonym == null) {
        throw new AuditException("keystore " + keystore
            + " must hold secret keys kek-<id>, signing and pseudonym");
      }
      char[] pw = password.clone();
      return new AuditKeys(keystore, subjectDir, k -> k.savePkcs12(keystore, pw), keks, signing,
          pseudonym);
    } catch (IOException | GeneralSecurityException | NumberFormatException e) {
      throw new AuditException("cannot read keystore " + keystore
          + " (wrong password or not PKCS#12)", e);
    }
  }

  private void savePkcs12(Path file, char[] password) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      KeyStore.PasswordProtection pp = new KeyStore.PasswordProtection(password);
      for (Map.Entry<Integer, byte[]> e : keks.entrySet()) {
        ks.setEntry("kek-" + e.getKey(),
            new KeyStore.SecretKeyEntry(new SecretKeySpec(e.getValue(), "AES")), pp);
      }
      // The Ed25519 seed is kept as a generic secret: a PrivateKeyEntry would need a certificate.
      ks.setEntry("signing", new KeyStore.SecretKeyEntry(new SecretKeySpec(signingSeed, "AES")), pp);
      ks.setEntry("pseudonym",
          new KeyStore.SecretKeyEntry(new SecretKeySpec(pseudonymKey, "HmacSHA256")), pp);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      ks.store(out, password);
      writeAtomically(file, out.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write PKCS#12 keystore", e);
    }
  }

  // ---- public API ------------------------------------------------------------------------------

  /** The Ed25519 public key that verifies this log's checkpoints. */
  public PublicKey publicKey() {
    try {
      byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
      System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
      System.arraycopy(publicKey, 0, spki, ED25519_SPKI_PREFIX.length, 32);
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  /** Writes the checkpoint-verification public key as PEM (safe to share with reviewers). */
  public void writePublicKey(Path file) throws IOException {
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(publicKey, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki)
        + "\n-----END PUBLIC KEY-----\n";
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  /** The id of the key-encryption key that wraps new data keys. */
  public synchronized int primaryKekId() {
    return keks.lastKey();
  }

  /** Adds a new key-encryption key, makes it primary and saves the keyset; returns its id. */
  public synchronized int rotateKek() {
    int id = keks.lastKey() + 1;
    keks.put(id, AuditCrypto.random(32));
    try {
      storage.save(this);
    } catch (IOException e) {
      keks.remove(id);
      throw new AuditException("cannot save keyset after rotation at " + location, e);
    }
    return id;
  }

  /**
   * Destroys the key of {@code subjectId}: its file is overwritten and deleted. Payloads encrypted
   * under it become unreadable; the log still verifies. Returns false if there was no key.
   */
  public synchronized boolean forget(String subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    String p = pseudonym("subject", subjectId);
    subjectCache.remove(p);
    Path f = subjectDir.resolve(p + ".key");
    if (!Files.exists(f)) {
      return false;
    }
    try {
      long size = Files.size(f);
      // Overwriting first keeps the old bytes out of the file system's free blocks where it can.
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(AuditCrypto.random((int) Math.max(size, 1))));
        ch.force(true);
      }
      Files.delete(f);
      return true;
    } catch (IOException e) {
      throw new AuditException("cannot destroy subject key " + f.getFileName(), e);
    }
  }

  /** True if a key for {@code subjectId} exists (it has payloads and was not forgotten). */
  public boolean hasSubject(String subjectId) {
    return Files.exists(subjectDir.resolve(pseudonym("subject", subjectId) + ".key"));
  }

  /** The keyed pseudonym the log writes for {@code rawId} in field {@code domain}. */
  public String pseudonym(String domain, String rawId) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(rawId, "rawId");
    byte[] mac = pseudonymMac.get().doFinal(AuditCrypto.utf8(domain + '\u0000' + rawId));
    return HexFormat.of().formatHex(mac, 0, 16);
  }

  /** Where the keys are stored (key directory or keystore file). */
  public Path location() {
    return location;
  }

  Path subjectDir() {
    return subjectDir;
  }

  @Override
  public synchronized String toString() {
    return "AuditKeys[location=" + location + ", keks=" + keks.keySet() + ", primary="
        + keks.lastKey() + "]";
  }

  private Mac newPseudonymMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pseudonymKey, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  // ---- package-private key access --------------------------------------------------------------

  byte[] signingSeed() {
    return signingSeed;
  }

  byte[] publicKeyBytes() {
    return publicKey.clone();
  }

  synchronized byte[] kek(int id) {
    byte[] k = keks.get(id);
    if (k == null) {
      throw new AuditException("key-encryption key " + id + " is not in the keyset at " + location);
    }
    return k;
  }

  /** The subject's current key, created (and stored) if {@code create} and none exists; else null. */
  synchronized SubjectKey subjectKey(String subjectPseudonym, boolean create) {
    SubjectKey cached = subjectCache.get(subjectPseudonym);
    if (cached != null) {
      return cached;
    }
    Path f = subjectDir.resolve(subjectPseudonym + ".key");
    try {
      if (Files.exists(f)) {
        JsonNode n = JSON.readTree(f.toFile());
        int kekId = n.path("kek").asInt();
        byte[] key = AuditCrypto.open(kek(kekId), b64(n.path("nonce").asText()),
            b64(n.path("wrapped").asText()), AuditCrypto.utf8(SUBJECT_AAD + subjectPseudonym),
            "subject key " + f.getFileName());
        SubjectKey sk = new SubjectKey(n.path("kid").asText(), key);
        subjectCache.put(subjectPseudonym, sk);
        return sk;
      }
      if (!create) {
        return null;
      }
      SubjectKey sk = new SubjectKey(HexFormat.of().formatHex(AuditCrypto.random(8)),
          AuditCrypto.random(32));
      int kekId = keks.lastKey();
      byte[] nonce = AuditCrypto.random(AuditCrypto.NONCE_BYTES);
      ObjectNode n = JSON.createObjectNode();
      n.put("kid", sk.kid());
      n.put("kek", kekId);
      n.put("nonce", b64(nonce));
      n.put("wrapped", b64(AuditCrypto.seal(kek(kekId), nonce, sk.key(),
          AuditCrypto.utf8(SUBJECT_AAD + subjectPseudonym))));
      Files.createDirectories(subjectDir);
      writeAtomically(f, JSON.writeValueAsBytes(n));
      subjectCache.put(subjectPseudonym, sk);
      return sk;
    } catch (IOException e) {
      throw new AuditException("cannot read or store subject key " + f.getFileName(), e);
    }
  }

  static PublicKey readPublicKey(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII)
          .replace("-----BEGIN PUBLIC KEY-----", "")
          .replace("-----END PUBLIC KEY-----", "")
          .replaceAll("\\s", "");
      byte[] der = Base64.getDecoder().decode(text);
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
      throw new AuditException("cannot read Ed25519 public key from " + file
          + " (expected a PEM PUBLIC KEY)", e);
    }
  }

  /** The raw 32-byte Ed25519 key inside {@code key}'s X.509 encoding. */
  static byte[] rawPublicKey(PublicKey key) {
    byte[] der = key.getEncoded();
    if (der == null || der.length != 44
        || !Arrays.equals(Arrays.copyOf(der, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)) {
      throw new AuditException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    return Arrays.copyOfRange(der, ED25519_SPKI_PREFIX.length, der.length);
  }

  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: rely on the directory's permissions.
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }
}
