package dev.palisade;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.Objects;

/** The streaming counterpart of {@link RealChain}, with the same rules and messages. */
final class RealStreamingChain implements StreamingInterceptor.Chain {

  private final List<StreamingInterceptor> interceptors;
  private final int index;
  private final GuardedCall call;
  private final ChatRequest request;
  private final StreamingChatResponseHandler handler;
  private int calls;
  private RuntimeException thrown;

  RealStreamingChain(List<StreamingInterceptor> interceptors, int index, GuardedCall call,
      ChatRequest request, StreamingChatResponseHandler handler) {
    this.interceptors = interceptors;
    this.index = index;
    this.call = call;
    this.request = request;
    this.handler = handler;
  }

  @Override
  public GuardedCall call() {
    return call;
  }

  @Override
  public ChatRequest request() {
    return request;
  }

  @Override
  public StreamingChatResponseHandler handler() {
    return handler;
  }

  @Override
  public void proceed(ChatRequest request, StreamingChatResponseHandler handler) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    if (index >= interceptors.size()) {
      throw thrown = new IllegalStateException("interceptor " + RealChain.name(interceptors.get(index - 1))
          + " must not call proceed(): it is the last");
    }
    if (++calls > 1) {
      throw thrown = new IllegalStateException("interceptor " + RealChain.name(interceptors.get(index - 1))
          + " must call proceed() exactly once");
    }
    RealStreamingChain next = new RealStreamingChain(interceptors, index + 1, call, request, handler);
    StreamingInterceptor interceptor = interceptors.get(index);
    try {
      interceptor.intercept(next);
    } catch (RuntimeException e) {
      boolean model = index == interceptors.size() - 1;
      thrown = model ? e : RealChain.passUp(e, next.thrown, interceptor);
      throw thrown;
    }
  }
}
