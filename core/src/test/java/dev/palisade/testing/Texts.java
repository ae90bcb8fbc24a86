package dev.palisade.testing;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.palisade.Contents;
import dev.palisade.Piece;
import java.util.stream.Collectors;

/** Text helpers for tests. */
public final class Texts {

  private Texts() {}

  /** The text of the last user message in {@code request}. */
  public static String lastText(ChatRequest request) {
    for (int i = request.messages().size() - 1; i >= 0; i--) {
      ChatMessage m = request.messages().get(i);
      if (m instanceof UserMessage u && u.hasSingleText()) {
        return u.singleText();
      }
    }
    return "";
  }

  /** Every text of the request, joined by newlines: what a model reads. */
  public static String allText(ChatRequest request) {
    return Contents.of(request).stream().map(Piece::text).collect(Collectors.joining("\n"));
  }
}
