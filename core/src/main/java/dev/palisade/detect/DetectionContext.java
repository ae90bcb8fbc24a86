package dev.palisade.detect;

import java.util.List;

/**
 * What a detector may know about the call it is inspecting, beyond the text itself: the channel,
 * the system prompt and canaries (for leak detection), and the texts of the request (for
 * detecting data carried out through links).
 *
 * <p>Detectors that need none of this implement {@link Detector#detect(String)} only.
 */
public interface DetectionContext {

  /** A context with nothing in it, for inspecting a text on its own. */
  static DetectionContext of(Channel channel) {
    return new DetectionContext() {
      @Override
      public Channel channel() {
        return channel;
      }

      @Override
      public String systemPrompt() {
        return "";
      }

      @Override
      public List<String> canaries() {
        return List.of();
      }

      @Override
      public List<String> requestTexts() {
        return List.of();
      }
    };
  }

  /** The channel of the text being inspected. */
  Channel channel();

  /** The call's system prompt(s) as sent to the model, joined by newlines; empty if none. */
  String systemPrompt();

  /** Canary markers placed in this call's system prompt; an answer containing one leaks it. */
  List<String> canaries();

  /** The user, document and tool texts of the request as sent to the model (empty for input). */
  List<String> requestTexts();
}
