package dev.palisade;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.function.Function;
import java.util.Set;

/** The streaming counterpart of {@link GuardedChatModel}. */
final class GuardedStreamingChatModel implements StreamingChatModel {

  private final Function<CallContext, Guard> guards;
  private final StreamingChatModel delegate;

  /** @param guards picks the guard for each call from its context */
  GuardedStreamingChatModel(Function<CallContext, Guard> guards, StreamingChatModel delegate) {
    this.guards = guards;
    this.delegate = delegate;
  }

  @Override
  public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
    ChatRequestOptions o = options == null ? ChatRequestOptions.EMPTY : options;
    CallContext context = CallContext.resolve(o);
    Guard guard;
    try {
      guard = guards.apply(context);
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    guard.execute(delegate, request, o, context, handler);
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    chat(request, ChatRequestOptions.EMPTY, handler);
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return List.of();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public String toString() {
    return "Guarded(" + delegate.getClass().getSimpleName() + ")";
  }
}
