package dev.palisade.testing;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streaming model that streams given chunks (optionally preceded by thinking chunks and
 * followed by tool calls), stops when cancelled, and records what it received.
 */
public final class FakeStreamingChatModel implements StreamingChatModel {

  private final List<String> chunks;
  private final List<String> thinking;
  private final List<CompleteToolCall> toolCalls;
  private final List<ChatModelListener> listeners;
  private final List<ChatRequest> received = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  private FakeStreamingChatModel(List<String> chunks, List<String> thinking,
      List<CompleteToolCall> toolCalls, List<ChatModelListener> listeners) {
    this.chunks = List.copyOf(chunks);
    this.thinking = List.copyOf(thinking);
    this.toolCalls = List.copyOf(toolCalls);
    this.listeners = List.copyOf(listeners);
  }

  public static FakeStreamingChatModel streaming(String... chunks) {
    return new FakeStreamingChatModel(List.of(chunks), List.of(), List.of(), List.of());
  }

  public static FakeStreamingChatModel streaming(List<String> chunks) {
    return new FakeStreamingChatModel(chunks, List.of(), List.of(), List.of());
  }

  public FakeStreamingChatModel withThinking(String... thinkingChunks) {
    return new FakeStreamingChatModel(chunks, List.of(thinkingChunks), toolCalls, listeners);
  }

  public FakeStreamingChatModel withToolCalls(CompleteToolCall... calls) {
    return new FakeStreamingChatModel(chunks, thinking, List.of(calls), listeners);
  }

  public FakeStreamingChatModel withListeners(ChatModelListener... l) {
    return new FakeStreamingChatModel(chunks, thinking, toolCalls, List.of(l));
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    received.add(request);
    StreamingHandle handle = new StreamingHandle() {
      @Override
      public void cancel() {
        cancelled.set(true);
      }

      @Override
      public boolean isCancelled() {
        return cancelled.get();
      }
    };
    for (String t : thinking) {
      handler.onPartialThinking(new PartialThinking(t));
    }
    StringBuilder text = new StringBuilder();
    for (String c : chunks) {
      if (cancelled.get()) {
        return;
      }
      if (c.isEmpty()) {
        continue;
      }
      text.append(c);
      handler.onPartialResponse(new PartialResponse(c), new PartialResponseContext(handle));
    }
    toolCalls.forEach(handler::onCompleteToolCall);
    AiMessage.Builder ai = AiMessage.builder().text(text.toString());
    if (!thinking.isEmpty()) {
      ai.thinking(String.join("", thinking));
    }
    if (!toolCalls.isEmpty()) {
      ai.toolExecutionRequests(toolCalls.stream().map(CompleteToolCall::toolExecutionRequest).toList());
    }
    handler.onCompleteResponse(ChatResponse.builder().aiMessage(ai.build()).modelName("fake").build());
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  public boolean cancelled() {
    return cancelled.get();
  }

  public List<ChatRequest> received() {
    return List.copyOf(received);
  }
}
