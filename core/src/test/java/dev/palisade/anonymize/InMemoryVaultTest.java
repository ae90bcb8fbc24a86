package dev.palisade.anonymize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detect.EntityType;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryVaultTest {

  private static final Scope A = Scope.of("acme", "c1");
  private static final Scope B = Scope.of("acme", "c2");
  private static final Scope OTHER_TENANT = Scope.of("globex", "c1");
  private static final Vault.TokenMinter NUMBERED = (o, a) -> "<PERSON_" + (o + a) + ">";

  @Test
  void sameValueSameTokenDifferentValuesDifferentTokens() {
    Vault vault = Vault.inMemory();
    String t1 = vault.tokenFor(A, EntityType.PERSON, "Ada Lovelace", NUMBERED);
    String t2 = vault.tokenFor(A, EntityType.PERSON, "Alan Turing", NUMBERED);
    assertThat(vault.tokenFor(A, EntityType.PERSON, "Ada Lovelace", NUMBERED)).isEqualTo(t1).isEqualTo("<PERSON_1>");
    assertThat(t2).isEqualTo("<PERSON_2>");
    assertThat(vault.original(A, t1)).contains("Ada Lovelace");
    assertThat(vault.tokens(A)).containsExactlyInAnyOrder(t1, t2);
  }

  @Test
  void valuesNeverCrossScopes() {
    Vault vault = Vault.inMemory();
    String t = vault.tokenFor(A, EntityType.PERSON, "Ada Lovelace", NUMBERED);
    assertThat(vault.original(B, t)).isEmpty();
    assertThat(vault.original(OTHER_TENANT, t)).isEmpty();
    assertThat(vault.tokenFor(B, EntityType.PERSON, "Alan Turing", NUMBERED)).isEqualTo("<PERSON_1>");
    assertThat(vault.original(B, "<PERSON_1>")).contains("Alan Turing");
    assertThat(vault.original(A, "<PERSON_1>")).contains("Ada Lovelace");
    vault.forget(A);
    assertThat(vault.original(A, t)).isEmpty();
    assertThat(vault.original(B, "<PERSON_1>")).isPresent();
  }

  @Test
  void takenCandidatesAreSkipped() {
    Vault vault = Vault.inMemory();
    vault.tokenFor(A, EntityType.PERSON, "x1", (o, a) -> "same");
    String t = vault.tokenFor(A, EntityType.PERSON, "x2", (o, a) -> a == 0 ? "same" : "other" + a);
    assertThat(t).isEqualTo("other1");
    assertThatThrownBy(() -> vault.tokenFor(A, EntityType.PERSON, "x3", (o, a) -> "same"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("could not mint a unique token for a PERSON value");
    // A token equal to the value itself would send it out in the clear: refused.
    assertThat(vault.tokenFor(A, EntityType.PERSON, "x4", (o, a) -> a == 0 ? "x4" : "y4")).isEqualTo("y4");
  }

  @Test
  void conversationsExpireAfterAccessWithoutSleeping() {
    FakeTicker ticker = new FakeTicker();
    Vault vault = InMemoryVault.builder().expireAfterAccess(Duration.ofMinutes(30)).ticker(ticker).build();
    String t = vault.tokenFor(A, EntityType.PERSON, "Ada", NUMBERED);
    ticker.advance(Duration.ofMinutes(20));
    assertThat(vault.original(A, t)).contains("Ada"); // an access resets the clock
    ticker.advance(Duration.ofMinutes(20));
    assertThat(vault.original(A, t)).contains("Ada");
    ticker.advance(Duration.ofMinutes(31));
    assertThat(vault.original(A, t)).isEmpty();
    assertThat(vault.tokens(A)).isEmpty();
  }

  @Test
  void boundedInConversationsAndValues() {
    InMemoryVault vault = InMemoryVault.builder().maximumConversations(2).maximumValuesPerConversation(3).build();
    for (int i = 0; i < 3; i++) {
      vault.tokenFor(A, EntityType.PERSON, "v" + i, NUMBERED);
    }
    assertThatThrownBy(() -> vault.tokenFor(A, EntityType.PERSON, "v3", NUMBERED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("vault holds the maximum of 3 values for this conversation");
    assertThat(vault.tokenFor(A, EntityType.PERSON, "v1", NUMBERED)).isEqualTo("<PERSON_2>");
    vault.tokenFor(B, EntityType.PERSON, "w", NUMBERED);
    vault.tokenFor(OTHER_TENANT, EntityType.PERSON, "w", NUMBERED);
    assertThat(vault.conversationCount()).isEqualTo(2);
  }

  @Test
  void builderSettingsAreValidatedAtOnce() {
    assertThatThrownBy(() -> InMemoryVault.builder().maximumConversations(5).maximumConversations(6))
        .isInstanceOf(IllegalStateException.class).hasMessage("maximum conversations was already set to 5");
    assertThatThrownBy(() -> InMemoryVault.builder().maximumValuesPerConversation(0))
        .hasMessage("maximum values per conversation must be positive, was 0");
    assertThatThrownBy(() -> InMemoryVault.builder().expireAfterAccess(Duration.ZERO))
        .hasMessage("expireAfterAccess must be positive, was PT0S");
  }

  @Test
  void concurrentCallsForOneValueAgreeOnItsToken() throws Exception {
    Vault vault = Vault.inMemory();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String value = "value-" + (i % 20);
        futures.add(pool.submit(() -> vault.tokenFor(A, EntityType.PERSON, value, NUMBERED)));
      }
      Map<String, String> byToken = new ConcurrentHashMap<>();
      for (int i = 0; i < futures.size(); i++) {
        String token = futures.get(i).get();
        String value = "value-" + (i % 20);
        assertThat(byToken.putIfAbsent(token, value)).isIn(null, value);
      }
      assertThat(byToken).hasSize(20);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void holdsNoOriginalAsAStringAndToStringShowsNone() throws Exception {
    InMemoryVault vault = InMemoryVault.builder().build();
    String secret = "Ada Lovelace 4111111111111111";
    vault.tokenFor(A, EntityType.PERSON, secret, NUMBERED);
    assertThat(vault.toString()).doesNotContain("Ada").doesNotContain("4111");
    assertThat(reachableStrings(vault)).noneMatch(s -> s.contains("Ada") || s.contains("4111"));
  }

  /** Every String reachable from {@code root} through fields, arrays and collections. */
  private static Set<String> reachableStrings(Object root) throws IllegalAccessException {
    Set<String> out = ConcurrentHashMap.newKeySet();
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    List<Object> stack = new ArrayList<>(List.of(root));
    while (!stack.isEmpty()) {
      Object o = stack.remove(stack.size() - 1);
      if (o == null || seen.put(o, true) != null || o instanceof Class || o instanceof Thread) {
        continue;
      }
      if (o instanceof String s) {
        out.add(s);
        continue;
      }
      if (o instanceof Object[] arr) {
        stack.addAll(java.util.Arrays.asList(arr));
        continue;
      }
      if (o instanceof Map<?, ?> m) {
        stack.addAll(m.keySet());
        stack.addAll(m.values());
        continue;
      }
      if (o instanceof Iterable<?> it && !(o.getClass().getName().startsWith("com.google.common.cache"))) {
        it.forEach(stack::add);
        continue;
      }
      for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        if (c.getName().startsWith("java.")) {
          break;
        }
        for (Field f : c.getDeclaredFields()) {
          if (f.getType().isPrimitive() || java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          try {
            f.setAccessible(true);
          } catch (RuntimeException inaccessible) {
            continue;
          }
          stack.add(f.get(o));
        }
      }
    }
    return out;
  }
}
