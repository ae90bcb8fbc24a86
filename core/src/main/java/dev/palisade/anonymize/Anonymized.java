package dev.palisade.anonymize;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The result of {@link Anonymizer#anonymize}: the text to send on, and what was replaced in it.
 *
 * <p>{@code toString} shows only the length and the replacements' types and operators, never the
 * text (it still holds everything that was not personal data).
 */
public final class Anonymized {

  private final String text;
  private final List<Replacement> replacements;

  Anonymized(String text, List<Replacement> replacements) {
    this.text = Objects.requireNonNull(text, "text");
    this.replacements = List.copyOf(replacements);
  }

  /** The anonymized text. */
  public String text() {
    return text;
  }

  /** The replacements in text order. */
  public List<Replacement> replacements() {
    return replacements;
  }

  /** True when nothing was replaced. */
  public boolean isUnchanged() {
    return replacements.isEmpty();
  }

  @Override
  public String toString() {
    return "Anonymized{length=" + text.length() + ", replacements="
        + replacements.stream().map(r -> r.type() + ":" + r.operator()).collect(Collectors.joining(", ", "[", "]"))
        + "}";
  }
}
