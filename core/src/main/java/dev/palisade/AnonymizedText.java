package dev.palisade;

import java.util.Objects;

/**
 * A text as the guard would send it, and what the guard found in the original.
 *
 * <p>{@code toString} omits the text.
 *
 * @param text the anonymized text
 * @param scan the findings (offsets into the original text) and injection score
 */
public record AnonymizedText(String text, ScanResult scan) {

  public AnonymizedText {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(scan, "scan");
  }

  @Override
  public String toString() {
    return "AnonymizedText{length=" + text.length() + ", findings=" + scan.findings().size() + "}";
  }
}
