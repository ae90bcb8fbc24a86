package dev.palisade.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.palisade.GuardedCall;
import dev.palisade.Outcome;
import dev.palisade.PolicyViolationException;
import java.util.List;
import java.util.Optional;

/** Turns blocking outcomes into what the app sees, as the guard's {@code BlockBehavior} says. */
public final class Blocking {

  private Blocking() {}

  /** The refusal answer, or throws {@link PolicyViolationException}. */
  public static ChatResponse respond(GuardedCall call, List<Outcome> blocking) {
    Optional<String> refusal = call.guard().blockBehavior().refusal();
    if (refusal.isEmpty()) {
      throw new PolicyViolationException(blocking);
    }
    return refusal(refusal.get());
  }

  /** Delivers the refusal as a one-chunk stream, or ends the stream with the exception. */
  public static void respond(GuardedCall call, List<Outcome> blocking, StreamingChatResponseHandler handler) {
    Optional<String> refusal = call.guard().blockBehavior().refusal();
    if (refusal.isEmpty()) {
      handler.onError(new PolicyViolationException(blocking));
      return;
    }
    handler.onPartialResponse(new PartialResponse(refusal.get()), null);
    handler.onCompleteResponse(refusal(refusal.get()));
  }

  private static ChatResponse refusal(String text) {
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(text))
        .finishReason(FinishReason.CONTENT_FILTER)
        .build();
  }
}
