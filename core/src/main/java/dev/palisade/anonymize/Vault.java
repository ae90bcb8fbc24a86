package dev.palisade.anonymize;

import dev.palisade.detect.EntityType;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers, per {@link Scope}, which token stands for which original value, so the model's
 * answer can be restored and the same value gets the same token in every turn.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Scopes are sealed from each other: nothing assigned in one scope is visible in another.
 *   <li>Within a scope, one (type, original) pair has one token, and one token one original.
 *   <li>{@link #tokenFor} is atomic: concurrent calls for the same value get the same token.
 *   <li>Originals are kept encrypted or in an external store, never logged, never in
 *       {@code toString} or exception messages.
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Implementations are shared by every call of an {@link Anonymizer} and must be thread-safe.
 */
public interface Vault {

  /** Makes a candidate token; the vault asks again with a higher attempt if it is taken. */
  @FunctionalInterface
  interface TokenMinter {
    /**
     * @param ordinal 1 + the number of distinct values of this type already in the scope
     * @param attempt 0 first, then 1, 2... while the candidate belongs to another value
     */
    String mint(int ordinal, int attempt);
  }

  /**
   * The token for {@code original} of {@code type} in {@code scope}: the one assigned before, or
   * a new one from {@code minter} that no other value of the scope has.
   *
   * @throws IllegalStateException if the scope is full or no unique token could be minted
   */
  String tokenFor(Scope scope, EntityType type, String original, TokenMinter minter);

  /** The original behind {@code token} in {@code scope}, if the vault still holds it. */
  Optional<String> original(Scope scope, String token);

  /** The tokens assigned in {@code scope} (no originals). */
  Set<String> tokens(Scope scope);

  /** Drops everything held for {@code scope}. */
  void forget(Scope scope);

  /** An in-memory vault with the default bounds; see {@link InMemoryVault#builder()}. */
  static Vault inMemory() {
    return InMemoryVault.builder().build();
  }
}
