package dev.palisade.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one load, so that every problem is reported, not just the first. */
final class Problems {

  /** Beyond this many, more problems only repeat the same mistake. */
  static final int MAX = 200;

  private final List<Problem> list = new ArrayList<>();

  void add(Location at, String path, String message) {
    if (list.size() < MAX) {
      list.add(new Problem(at.file(), at.line(), at.column(), path, message));
    }
  }

  void add(Node at, String path, String message) {
    add(at.location(), path, message);
  }

  void addAll(List<Problem> problems) {
    for (Problem p : problems) {
      if (list.size() < MAX) {
        list.add(p);
      }
    }
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  List<Problem> list() {
    return List.copyOf(list);
  }

  /** Throws a {@link PolicyException} carrying every problem so far, if there is any. */
  void throwIfAny() {
    if (!list.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(list);
      sorted.sort(null);
      throw new PolicyException(dedupe(sorted));
    }
  }

  private static List<Problem> dedupe(List<Problem> sorted) {
    List<Problem> out = new ArrayList<>(sorted.size());
    for (Problem p : sorted) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
