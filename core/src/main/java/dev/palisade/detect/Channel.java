package dev.palisade.detect;

import java.util.Locale;

/**
 * Where a piece of content comes from; decides which detectors look at it and how strict they
 * are (an instruction is normal from the user and an attack inside a retrieved document).
 */
public enum Channel {
  /** The application's own system prompt: trusted, but protected from leaking. */
  SYSTEM,
  /** What the end user typed. */
  USER,
  /** Retrieved documents (RAG) and other third-party text placed in the prompt. */
  DOCUMENT,
  /** Results of tool calls sent back to the model. */
  TOOL,
  /** What the model produced: answer text, thinking, tool-call arguments. */
  OUTPUT;

  /** The lower-case name used in policy files and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code user}, {@code document}, {@code tool} or {@code output} (and {@code system}). */
  public static Channel fromId(String id) {
    for (Channel c : values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown channel \"" + id + "\"; expected one of system, user, document, tool, output");
  }

  /** True for content that does not come from the application or its user. */
  public boolean isUntrusted() {
    return this == DOCUMENT || this == TOOL;
  }
}
