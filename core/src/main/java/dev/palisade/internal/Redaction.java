package dev.palisade.internal;

import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replaces spans of a text by typed markers such as {@code [REDACTED:SECRET]}. */
public final class Redaction {

  private Redaction() {}

  public static String marker(Finding f) {
    return "[REDACTED:" + f.type().name() + "]";
  }

  /**
   * {@code text} with each finding's span replaced by its marker. Overlapping findings merge into
   * one span marked with the type of the highest-scoring of them (the first on a tie).
   */
  public static String apply(String text, List<Finding> findings) {
    if (findings.isEmpty()) {
      return text;
    }
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparing(Finding::span));
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    Finding open = null;
    int openEnd = 0;
    for (Finding f : sorted) {
      if (open != null && f.start() < openEnd) {
        openEnd = Math.max(openEnd, f.end());
        if (f.score() > open.score()) {
          open = f;
        }
        continue;
      }
      if (open != null) {
        out.append(marker(open));
        pos = openEnd;
      }
      out.append(text, pos, f.start());
      open = f;
      openEnd = f.end();
    }
    out.append(marker(open));
    out.append(text, openEnd, text.length());
    return out.toString();
  }
}
