package dev.palisade.detect;

import java.util.List;
import java.util.Set;

/**
 * Finds things in text: personal data, secrets, injected instructions, leaks, banned content.
 *
 * <p>The one extension point of Palisade's detection. The guard decides which detectors run on
 * which {@link Channel}; a detector only looks at the text it is given.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Every finding's span lies within {@code [0, text.length())}.
 *   <li>{@code detect} never throws for any input, including lone surrogates, control characters
 *       and very long strings, and finishes in time roughly linear in the input.
 *   <li>Nothing the detector throws, logs or returns contains the scanned text.
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Implementations must be safe for concurrent use by many threads: one detector serves every
 * call of a {@code Guard}.
 */
public interface Detector {

  /** A short, stable id such as {@code "email"} or {@code "injection-rules"}. */
  String id();

  /** The types this detector may report. */
  Set<EntityType> types();

  /** Scans {@code text} and returns its findings in no particular order. */
  List<Finding> detect(String text);

  /**
   * Scans {@code text} knowing the call it belongs to. The guard always calls this form; override
   * it in detectors that need the context (system-prompt leakage, exfiltration through links).
   */
  default List<Finding> detect(String text, DetectionContext context) {
    return detect(text);
  }
}
