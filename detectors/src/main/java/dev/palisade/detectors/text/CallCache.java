package dev.palisade.detectors.text;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * A cache of values derived from a call's context (a detector built for the call's system prompt,
 * or for the values of its request), so that the chunks of a streamed answer, each scanned on its
 * own with the same context, derive them once per call instead of once per chunk.
 *
 * <p>Shared machinery of the output detectors; not part of Palisade's supported API.
 *
 * <h2>Security</h2>
 * Values may hold a call's data. An entry lives only as long as its call's context object (the
 * guard makes one per call): it is dropped once the context is garbage, so nothing outlives the
 * call by more than a collection.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use; two threads missing at once may both derive the value.
 */
public final class CallCache<K, V> {

  private final Map<Object, Entry<K, V>> byCall = Collections.synchronizedMap(new WeakHashMap<>());

  private record Entry<K, V>(K key, V value) {
    @Override
    public String toString() {
      return "Entry[redacted]";
    }
  }

  /**
   * The value derived from {@code key} for {@code call}, made by {@code make} on the first request
   * of the call or when the call's key has changed (compared with {@code equals}). The value must
   * not refer to {@code call}, or the entry would never be dropped.
   */
  public V get(Object call, K key, Function<? super K, ? extends V> make) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(key, "key");
    Entry<K, V> e = byCall.get(call);
    if (e != null && (e.key == key || e.key.equals(key))) {
      return e.value;
    }
    V value = make.apply(key);
    byCall.put(call, new Entry<>(key, value));
    return value;
  }

  @Override
  public String toString() {
    return "CallCache[" + byCall.size() + " calls]";
  }
}
