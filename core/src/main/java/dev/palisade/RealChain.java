package dev.palisade;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Objects;

/**
 * The chain handed to the interceptor at {@code index - 1}; {@link #proceed} runs the one at
 * {@code index}. Immutable but for the count of {@code proceed} calls, which enforces the rules.
 * The last interceptor calls the model: what it throws (the model's own errors) passes up as is.
 */
final class RealChain implements Interceptor.Chain {

  private final List<Interceptor> interceptors;
  private final int index;
  private final GuardedCall call;
  private final ChatRequest request;
  private int calls;
  /** What {@link #proceed} threw, so the caller can tell it from an exception of its own. */
  private RuntimeException thrown;

  RealChain(List<Interceptor> interceptors, int index, GuardedCall call, ChatRequest request) {
    this.interceptors = interceptors;
    this.index = index;
    this.call = call;
    this.request = request;
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
  public ChatResponse proceed(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    if (index >= interceptors.size()) {
      throw thrown = new IllegalStateException(
          "interceptor " + name(interceptors.get(index - 1)) + " must not call proceed(): it is the last");
    }
    if (++calls > 1) {
      throw thrown = new IllegalStateException(
          "interceptor " + name(interceptors.get(index - 1)) + " must call proceed() exactly once");
    }
    RealChain next = new RealChain(interceptors, index + 1, call, request);
    Interceptor interceptor = interceptors.get(index);
    ChatResponse response;
    try {
      response = interceptor.intercept(next);
    } catch (RuntimeException e) {
      boolean model = index == interceptors.size() - 1;
      thrown = model ? e : passUp(e, next.thrown, interceptor);
      throw thrown;
    }
    if (response == null) {
      thrown = new NullPointerException("interceptor " + name(interceptor) + " returned null");
      throw thrown;
    }
    return response;
  }

  /**
   * An exception from further down (the model's own, say) and a deliberate Palisade exception pass
   * up unchanged; anything else an interceptor throws means it is broken, and the call fails
   * closed.
   */
  static RuntimeException passUp(RuntimeException e, RuntimeException fromBelow, Object interceptor) {
    if (e == fromBelow || e instanceof PalisadeException) {
      return e;
    }
    return new GuardFailureException(
        "interceptor " + name(interceptor) + " threw " + e.getClass().getName(), e);
  }

  static String name(Object interceptor) {
    Class<?> type = interceptor.getClass();
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      return name.substring(name.lastIndexOf('.') + 1, lambda) + " (lambda)";
    }
    return type.getSimpleName().isEmpty() ? name.substring(name.lastIndexOf('.') + 1) : type.getSimpleName();
  }
}
