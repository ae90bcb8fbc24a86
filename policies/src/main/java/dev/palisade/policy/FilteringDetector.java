package dev.palisade.policy;

import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A rule's view of a shared detector: only the entity types the rule names, and none of the
 * values on the policy's allow list.
 *
 * <p>Thread-safe; {@code toString} does not print the allow list.
 */
final class FilteringDetector implements Detector {

  private final Detector delegate;
  private final Set<EntityType> types; // empty: every type
  private final Set<String> allowed;

  private FilteringDetector(Detector delegate, Set<EntityType> types, Set<String> allowed) {
    this.delegate = delegate;
    this.types = types;
    this.allowed = allowed;
  }

  /** {@code delegate} limited to {@code types} (all if empty) and without allowed values. */
  static Detector of(Detector delegate, Set<EntityType> types, List<String> allowList) {
    if (types.isEmpty() && allowList.isEmpty()) {
      return delegate;
    }
    Set<String> allowed = new HashSet<>();
    for (String a : allowList) {
      allowed.add(a.strip().toLowerCase(Locale.ROOT));
    }
    return new FilteringDetector(delegate, Set.copyOf(types), Set.copyOf(allowed));
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public Set<EntityType> types() {
    return types.isEmpty() ? delegate.types() : types;
  }

  @Override
  public List<Finding> detect(String text) {
    return filter(text, delegate.detect(text));
  }

  @Override
  public List<Finding> detect(String text, DetectionContext context) {
    return filter(text, delegate.detect(text, context));
  }

  private List<Finding> filter(String text, List<Finding> all) {
    List<Finding> out = new ArrayList<>(all.size());
    for (Finding f : all) {
      if (!types.isEmpty() && !types.contains(f.type())) {
        continue;
      }
      if (!allowed.isEmpty() && f.end() <= text.length()
          && allowed.contains(f.span().of(text).strip().toLowerCase(Locale.ROOT))) {
        continue;
      }
      out.add(f);
    }
    return out;
  }

  @Override
  public String toString() {
    return "FilteringDetector{" + delegate.id() + ", types=" + types.size() + "}";
  }
}
