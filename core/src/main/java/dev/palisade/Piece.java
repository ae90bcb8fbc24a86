package dev.palisade;

import dev.palisade.detect.Channel;
import java.util.Objects;

/**
 * One piece of text in a request or a response, tagged with where it comes from.
 *
 * <p>{@code toString} omits the text.
 *
 * @param channel where it comes from (a retrieved document inside a user message is a
 *     {@link Channel#DOCUMENT} piece of its own)
 * @param kind what part of a message it is
 * @param messageIndex index of its message in the request, or -1 for the model's answer
 * @param ordinal position among the pieces of the same request or response, from 0
 * @param text the text
 */
public record Piece(Channel channel, Kind kind, int messageIndex, int ordinal, String text) {

  /** The part of a message a piece is. */
  public enum Kind {
    /** Message text (a text part of a multimodal message counts as text). */
    TEXT,
    /** The model's exposed reasoning. */
    THINKING,
    /** The JSON arguments of a tool call the model asks for. */
    TOOL_ARGUMENTS
  }

  public Piece {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }

  /** This piece with other text. */
  public Piece withText(String newText) {
    return new Piece(channel, kind, messageIndex, ordinal, newText);
  }

  @Override
  public String toString() {
    return "Piece{" + channel.id() + " " + kind + " message=" + messageIndex + " #" + ordinal
        + " length=" + text.length() + "}";
  }
}
