package dev.palisade.anonymize;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.palisade.crypto.Aead;
import dev.palisade.crypto.Keyset;
import dev.palisade.crypto.Pseudonyms;
import dev.palisade.detect.EntityType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * A {@link Vault} in this process's memory, bounded in time and size.
 *
 * <p>A conversation's entries expire together once it has not been used for
 * {@link Builder#expireAfterAccess} (default 1 hour); at most {@link Builder#maximumConversations}
 * conversations are kept (least recently used go first), and each holds at most
 * {@link Builder#maximumValuesPerConversation} values (beyond that {@link #tokenFor} fails rather
 * than send a value out unprotected).
 *
 * <h2>Security</h2>
 * Originals are held only as AES-256-GCM ciphertexts under a key made when the vault is built and
 * never stored, bound to their scope and token; the lookup from value to token goes through an
 * HMAC of the value under another such key. A heap dump shows neither the values nor the key
 * used for them in plain view.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use; calls for one conversation are serialized, different conversations
 * run in parallel.
 */
public final class InMemoryVault implements Vault {

  private static final int MAX_ATTEMPTS = 32;

  /** One conversation's entries; guarded by its own monitor. */
  private static final class Conversation {
    final Map<ByteBuffer, String> tokenByValue = new HashMap<>();
    final Map<String, byte[]> sealedByToken = new HashMap<>();
    final Map<EntityType, Integer> countByType = new HashMap<>();
  }

  private final Cache<Scope, Conversation> conversations;
  private final int maxValues;
  private final Aead aead;
  private final Pseudonyms index;

  private InMemoryVault(Builder b) {
    CacheBuilder<Object, Object> cb = CacheBuilder.newBuilder()
        .expireAfterAccess(b.ttl)
        .maximumSize(b.maxConversations);
    if (b.ticker != null) {
      cb.ticker(b.ticker);
    }
    this.conversations = cb.build();
    this.maxValues = b.maxValues;
    Keyset ephemeral = Keyset.generate();
    this.aead = Aead.of(ephemeral);
    this.index = Pseudonyms.of(ephemeral);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String tokenFor(Scope scope, EntityType type, String original, TokenMinter minter) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(minter, "minter");
    ByteBuffer key = ByteBuffer.wrap(index.mac(indexInput(scope, type, original)));
    Conversation c = conversation(scope);
    synchronized (c) {
      String existing = c.tokenByValue.get(key);
      if (existing != null) {
        return existing;
      }
      if (c.sealedByToken.size() >= maxValues) {
        throw new IllegalStateException(
            "vault holds the maximum of " + maxValues + " values for this conversation");
      }
      int ordinal = c.countByType.getOrDefault(type, 0) + 1;
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        String token = minter.mint(ordinal, attempt);
        if (token == null || token.isEmpty() || token.equals(original)) {
          // Never let the "token" be the value itself: that would send it out in plaintext.
          continue;
        }
        if (!c.sealedByToken.containsKey(token)) {
          byte[] sealed = aead.encrypt(original.getBytes(StandardCharsets.UTF_8), aad(scope, token));
          c.sealedByToken.put(token, sealed);
          c.tokenByValue.put(key, token);
          c.countByType.put(type, ordinal);
          return token;
        }
      }
      throw new IllegalStateException("could not mint a unique token for a " + type + " value");
    }
  }

  @Override
  public Optional<String> original(Scope scope, String token) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(token, "token");
    Conversation c = conversations.getIfPresent(scope);
    if (c == null) {
      return Optional.empty();
    }
    byte[] sealed;
    synchronized (c) {
      sealed = c.sealedByToken.get(token);
    }
    if (sealed == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(aead.decrypt(sealed, aad(scope, token)), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("vault entry failed its integrity check", e);
    }
  }

  @Override
  public Set<String> tokens(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    Conversation c = conversations.getIfPresent(scope);
    if (c == null) {
      return Set.of();
    }
    synchronized (c) {
      return Set.copyOf(c.sealedByToken.keySet());
    }
  }

  @Override
  public void forget(Scope scope) {
    conversations.invalidate(Objects.requireNonNull(scope, "scope"));
  }

  /** How many conversations the vault holds now (expired ones may still count until cleaned up). */
  public long conversationCount() {
    conversations.cleanUp();
    return conversations.size();
  }

  private Conversation conversation(Scope scope) {
    try {
      return conversations.get(scope, Conversation::new);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // Conversation::new cannot throw
    }
  }

  private static byte[] indexInput(Scope scope, EntityType type, String original) {
    byte[] s = scope.bytes();
    byte[] t = type.name().getBytes(StandardCharsets.UTF_8);
    byte[] v = original.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(s.length + 4 + t.length + v.length)
        .put(s).putInt(t.length).put(t).put(v).array();
  }

  private static byte[] aad(Scope scope, String token) {
    byte[] s = scope.bytes();
    byte[] t = token.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(s.length + t.length).put(s).put(t).array();
  }

  @Override
  public String toString() {
    return "InMemoryVault{conversations=" + conversations.size() + ", maxValuesPerConversation=" + maxValues + "}";
  }

  /** Configures an {@link InMemoryVault}; each setting may be set once. */
  public static final class Builder {
    private Duration ttl = Duration.ofHours(1);
    private boolean ttlSet;
    private long maxConversations = 10_000;
    private boolean maxConversationsSet;
    private int maxValues = 10_000;
    private boolean maxValuesSet;
    private Ticker ticker;

    private Builder() {}

    /** Drop a conversation this long after its last use (default 1 hour). */
    public Builder expireAfterAccess(Duration duration) {
      Objects.requireNonNull(duration, "duration");
      if (ttlSet) {
        throw new IllegalStateException("expireAfterAccess was already set to " + ttl);
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("expireAfterAccess must be positive, was " + duration);
      }
      this.ttl = duration;
      this.ttlSet = true;
      return this;
    }

    /** Keep at most this many conversations (default 10,000), least recently used first out. */
    public Builder maximumConversations(long maximum) {
      if (maxConversationsSet) {
        throw new IllegalStateException("maximum conversations was already set to " + maxConversations);
      }
      if (maximum < 1) {
        throw new IllegalArgumentException("maximum conversations must be positive, was " + maximum);
      }
      this.maxConversations = maximum;
      this.maxConversationsSet = true;
      return this;
    }

    /** Hold at most this many values in one conversation (default 10,000). */
    public Builder maximumValuesPerConversation(int maximum) {
      if (maxValuesSet) {
        throw new IllegalStateException("maximum values per conversation was already set to " + maxValues);
      }
      if (maximum < 1) {
        throw new IllegalArgumentException("maximum values per conversation must be positive, was " + maximum);
      }
      this.maxValues = maximum;
      this.maxValuesSet = true;
      return this;
    }

    /** The time source for expiry; tests pass a fake one instead of sleeping. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    public InMemoryVault build() {
      return new InMemoryVault(this);
    }
  }
}
