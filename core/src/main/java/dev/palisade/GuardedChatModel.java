package dev.palisade;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.function.Function;
import java.util.Set;

/**
 * A {@link ChatModel} that sends every call through a guard. Everything else (provider, default
 * parameters, capabilities) is the wrapped model's; it has no listeners of its own, because the
 * wrapped model fires its listeners when the guard calls it.
 */
final class GuardedChatModel implements ChatModel {

  private final Function<CallContext, Guard> guards;
  private final ChatModel delegate;

  /** @param guards picks the guard for each call from its context */
  GuardedChatModel(Function<CallContext, Guard> guards, ChatModel delegate) {
    this.guards = guards;
    this.delegate = delegate;
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    ChatRequestOptions o = options == null ? ChatRequestOptions.EMPTY : options;
    CallContext context = CallContext.resolve(o);
    return guards.apply(context).execute(delegate, request, o, context);
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return chat(request, ChatRequestOptions.EMPTY);
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
