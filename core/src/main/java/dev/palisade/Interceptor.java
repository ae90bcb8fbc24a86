package dev.palisade;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * One step of a guarded (non-streaming) call. Does its work on the request, calls
 * {@link Chain#proceed} exactly once (or not at all, to block), and does its work on the response.
 *
 * <pre>{@code
 * Interceptor timing = chain -> {
 *   long t = System.nanoTime();
 *   ChatResponse response = chain.proceed(chain.request());
 *   chain.call().addStageTime("timing", System.nanoTime() - t);
 *   return response;
 * };
 * }</pre>
 *
 * <p>Rules the chain enforces: {@code proceed} at most once; a non-null response; an exception
 * thrown by an interceptor itself (not passed up from {@code proceed}) becomes a
 * {@link GuardFailureException}, so a broken interceptor fails the call closed.
 */
@FunctionalInterface
public interface Interceptor {

  ChatResponse intercept(Chain chain);

  /** The rest of the call, as seen from one interceptor. */
  interface Chain {
    GuardedCall call();

    ChatRequest request();

    /** Passes {@code request} to the next interceptor (the last one calls the model). */
    ChatResponse proceed(ChatRequest request);
  }
}
