package dev.palisade.detectors.text;

import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A small cache of values derived from a call's context (a detector built for the call's system
 * prompt, or for the values of its request), so that the chunks of a streamed answer, each scanned
 * on its own, derive them once per call instead of once per chunk.
 *
 * <p>Shared machinery of the output detectors; not part of Palisade's supported API.
 *
 * <h2>Security</h2>
 * Keys and values may hold a call's data. Entries are held weakly: they live until the next
 * garbage collection at most, and never longer than the cache's few slots allow.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use; two threads missing at once may both derive the value.
 */
public final class CallCache<K, V> {

  private static final int SLOTS = 8; // concurrent streams served without thrashing

  private final AtomicReferenceArray<WeakReference<Entry<K, V>>> slots = new AtomicReferenceArray<>(SLOTS);

  private record Entry<K, V>(K key, V value) {
    @Override
    public String toString() {
      return "Entry[redacted]";
    }
  }

  /** The value for {@code key} (compared with {@code equals}), derived by {@code make} on a miss. */
  public V get(K key, Function<? super K, ? extends V> make) {
    Objects.requireNonNull(key, "key");
    int slot = (key.hashCode() & 0x7fffffff) % SLOTS;
    WeakReference<Entry<K, V>> ref = slots.get(slot);
    Entry<K, V> e = ref == null ? null : ref.get();
    if (e != null && (e.key == key || e.key.equals(key))) {
      return e.value;
    }
    V value = make.apply(key);
    slots.set(slot, new WeakReference<>(new Entry<>(key, value)));
    return value;
  }

  @Override
  public String toString() {
    return "CallCache[" + SLOTS + " slots]";
  }
}
