package dev.palisade.testing;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A chat model that answers with a function of the request and records every request it received.
 */
public final class FakeChatModel implements ChatModel {

  private final Function<ChatRequest, AiMessage> answer;
  private final List<ChatModelListener> listeners;
  private final List<ChatRequest> received = new CopyOnWriteArrayList<>();

  private FakeChatModel(Function<ChatRequest, AiMessage> answer, List<ChatModelListener> listeners) {
    this.answer = answer;
    this.listeners = List.copyOf(listeners);
  }

  /** Always answers {@code text}. */
  public static FakeChatModel answering(String text) {
    return new FakeChatModel(r -> AiMessage.from(text), List.of());
  }

  /** Answers with the text of the last message (a user message) it received. */
  public static FakeChatModel echo() {
    return new FakeChatModel(r -> AiMessage.from(Texts.lastText(r)), List.of());
  }

  public static FakeChatModel of(Function<ChatRequest, AiMessage> answer) {
    return new FakeChatModel(answer, List.of());
  }

  public FakeChatModel withListeners(ChatModelListener... listeners) {
    return new FakeChatModel(answer, List.of(listeners));
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    received.add(request);
    return ChatResponse.builder().aiMessage(answer.apply(request)).modelName("fake").build();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  public List<ChatRequest> received() {
    return new ArrayList<>(received);
  }

  public ChatRequest lastRequest() {
    return received.get(received.size() - 1);
  }
}
