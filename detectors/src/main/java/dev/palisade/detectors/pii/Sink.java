package dev.palisade.detectors.pii;

import dev.palisade.detect.EntityType;
import java.util.ArrayList;
import java.util.List;

/** Collects the raw candidates of one scan, before context, thresholds and overlap resolution. */
final class Sink {

  /** A candidate finding with the context words that may raise it. */
  record Candidate(EntityType type, int start, int end, double score, String id, List<String> context,
      boolean structured) {}

  final List<Candidate> items = new ArrayList<>();
  private final java.util.function.Predicate<EntityType> enabled;

  Sink(java.util.function.Predicate<EntityType> enabled) {
    this.enabled = enabled;
  }

  boolean wants(EntityType type) {
    return enabled.test(type);
  }

  void add(EntityType type, int start, int end, double score, String id, List<String> context) {
    if (start < end && score >= 0 && enabled.test(type)) {
      items.add(new Candidate(type, start, end, Math.min(1.0, score), id, context, true));
    }
  }

  /** A candidate from the name finder, gazetteers or word rules: loses overlaps to structured ones. */
  void addUnstructured(EntityType type, int start, int end, double score, String id) {
    if (start < end && score >= 0 && enabled.test(type)) {
      items.add(new Candidate(type, start, end, Math.min(1.0, score), id, List.of(), false));
    }
  }
}
