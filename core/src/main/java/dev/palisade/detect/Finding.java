package dev.palisade.detect;

import java.util.Objects;

/**
 * Something a {@link Detector} found: its type, where it is, how sure the detector is, and which
 * detector found it.
 *
 * <p>A finding never holds the matched text, so it can be logged and audited as it is. Use
 * {@link Span#of(CharSequence)} with the scanned text to get the value where that is allowed.
 *
 * @param type what was found
 * @param span where, as UTF-16 indices into the scanned text
 * @param score confidence in [0, 1]
 * @param detector the id of the detector that found it (e.g. {@code "email"})
 */
public record Finding(EntityType type, Span span, double score, String detector) {

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(detector, "detector");
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
  }

  public static Finding of(EntityType type, int start, int end, double score, String detector) {
    return new Finding(type, new Span(start, end), score, detector);
  }

  public int start() {
    return span.start();
  }

  public int end() {
    return span.end();
  }

  public Finding withScore(double newScore) {
    return new Finding(type, span, Math.max(0.0, Math.min(1.0, newScore)), detector);
  }
}
