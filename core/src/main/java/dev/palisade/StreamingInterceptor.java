package dev.palisade;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * One step of a guarded streaming call. Does its work on the request, then calls
 * {@link Chain#proceed} exactly once with a handler, usually one that wraps {@link Chain#handler()}
 * to see (and change, or hold back) what the model streams before passing it on.
 *
 * <p>To block, do not call {@code proceed}; call {@code chain.handler().onError(...)} instead.
 * Callbacks may arrive on another thread than the one that made the call. A handler must pass every
 * callback it does not handle on unchanged (partial thinking, tool calls, raw events):
 * {@link ForwardingStreamingHandler} does that.
 */
@FunctionalInterface
public interface StreamingInterceptor {

  void intercept(Chain chain);

  /** The rest of the streaming call, as seen from one interceptor. */
  interface Chain {
    GuardedCall call();

    ChatRequest request();

    /** Where this interceptor delivers what it lets through: the previous step, or the app. */
    StreamingChatResponseHandler handler();

    void proceed(ChatRequest request, StreamingChatResponseHandler handler);
  }
}
