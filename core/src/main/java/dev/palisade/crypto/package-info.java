/**
 * Cryptographic primitives for Palisade: keysets with key ids and rotation, AES-256-GCM
 * authenticated encryption, FF1 format-preserving encryption and HMAC-SHA256 pseudonyms, all on
 * Bouncy Castle's lightweight API.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Key bytes never appear in a getter, {@code toString}, log or exception message. The only
 *       ways to see them take a {@link dev.palisade.crypto.SecretKeyAccess}, so every such place
 *       can be found by searching for {@code SecretKeyAccess.insecure()}.
 *   <li>Each primitive uses its own subkey derived from a keyset key with HKDF-SHA256, so one key
 *       serves AEAD, FF1 and HMAC without the uses ever sharing key material.
 *   <li>Ciphertexts name the key that made them; rotation adds a key and makes it primary, and
 *       everything made with an older key still decrypts while that key is in the keyset.
 * </ul>
 */
package dev.palisade.crypto;
