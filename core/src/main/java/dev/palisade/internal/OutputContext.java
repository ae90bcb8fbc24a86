package dev.palisade.internal;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.palisade.Contents;
import dev.palisade.GuardedCall;
import dev.palisade.Piece;
import dev.palisade.detect.Channel;
import dev.palisade.detect.DetectionContext;
import java.util.ArrayList;
import java.util.List;

/** What output detectors know about a call: its system prompt, canaries and request texts. */
final class OutputContext implements DetectionContext {

  private final GuardedCall call;
  private final String systemPrompt;
  private final List<String> requestTexts;

  OutputContext(GuardedCall call, ChatRequest sent) {
    this.call = call;
    StringBuilder system = new StringBuilder();
    List<String> texts = new ArrayList<>();
    for (Piece p : Contents.of(sent)) {
      if (p.channel() == Channel.SYSTEM) {
        system.append(system.length() == 0 ? "" : "\n").append(p.text());
      } else if (p.channel() != Channel.OUTPUT) {
        texts.add(p.text());
      }
    }
    this.systemPrompt = system.toString();
    this.requestTexts = List.copyOf(texts);
  }

  @Override
  public Channel channel() {
    return Channel.OUTPUT;
  }

  @Override
  public String systemPrompt() {
    return systemPrompt;
  }

  @Override
  public List<String> canaries() {
    return call.canaries();
  }

  @Override
  public List<String> requestTexts() {
    return requestTexts;
  }
}
