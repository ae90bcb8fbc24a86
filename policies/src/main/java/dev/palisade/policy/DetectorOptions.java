package dev.palisade.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code options} of one policy rule as given to a {@link DetectorFactory}, plus what the
 * policy as a whole provides to detectors (canary tokens).
 *
 * <p>Accessors validate as they read and throw {@link IllegalArgumentException} naming the option.
 * {@code toString} prints option names only.
 */
public final class DetectorOptions {

  private final Map<String, Object> values;
  private final List<String> canaries;

  DetectorOptions(Map<String, Object> values, List<String> canaries) {
    this.values = Map.copyOf(values);
    this.canaries = List.copyOf(canaries);
  }

  /** Options with these values and no canaries (for tests and custom code). */
  public static DetectorOptions of(Map<String, Object> values) {
    return new DetectorOptions(values, List.of());
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name, String defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("options." + name + " must be a string");
    }
    return s;
  }

  public long integer(String name, long defaultValue, long min, long max) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException("options." + name + " must be a whole number");
    }
    long l = n.longValue();
    if (l < min || l > max) {
      throw new IllegalArgumentException("options." + name + " must be in [" + min + ", " + max + "], was " + l);
    }
    return l;
  }

  public double decimal(String name, double defaultValue, double min, double max) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
      throw new IllegalArgumentException("options." + name + " must be a number in [" + min + ", " + max + "]");
    }
    return n.doubleValue();
  }

  public boolean bool(String name, boolean defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException("options." + name + " must be true or false");
    }
    return b;
  }

  /** A list of strings (a single string counts as a list of one). */
  public List<String> strings(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException("options." + name + " must be a list of strings");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("options." + name + " must be a list of strings");
      }
      out.add(s);
    }
    return out;
  }

  /** The policy's canary tokens, resolved. */
  public List<String> canaries() {
    return canaries;
  }

  /** A key for sharing one detector between rules with equal options. */
  String cacheKey(String detector) {
    return detector + "\u0000" + new java.util.TreeMap<>(values) + "\u0000" + canaries.hashCode();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DetectorOptions d && values.equals(d.values) && canaries.equals(d.canaries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, canaries);
  }

  @Override
  public String toString() {
    return "DetectorOptions" + new java.util.TreeSet<>(values.keySet());
  }
}
