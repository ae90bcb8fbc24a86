package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.palisade.testing.FakeChatModel;
import dev.palisade.testing.FakeStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChainRulesTest {

  static final class ProceedsTwice implements Interceptor {
    @Override
    public ChatResponse intercept(Chain chain) {
      chain.proceed(chain.request());
      return chain.proceed(chain.request());
    }
  }

  static final class ReturnsNull implements Interceptor {
    @Override
    public ChatResponse intercept(Chain chain) {
      chain.proceed(chain.request());
      return null;
    }
  }

  static final class Throws implements Interceptor {
    @Override
    public ChatResponse intercept(Chain chain) {
      throw new IllegalArgumentException("secret user text must not appear");
    }
  }

  static final class StreamsTwice implements StreamingInterceptor {
    @Override
    public void intercept(Chain chain) {
      chain.proceed(chain.request(), chain.handler());
      chain.proceed(chain.request(), chain.handler());
    }
  }

  private static ChatModel guarded(Interceptor interceptor) {
    return Guard.builder().interceptor(interceptor).build().wrap(FakeChatModel.answering("ok"));
  }

  @Test
  void proceedTwice() {
    assertThatThrownBy(() -> guarded(new ProceedsTwice()).chat("hi"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("interceptor ProceedsTwice must call proceed() exactly once");
  }

  @Test
  void returningNull() {
    assertThatThrownBy(() -> guarded(new ReturnsNull()).chat("hi"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("interceptor ReturnsNull returned null");
  }

  @Test
  void throwingFailsClosedWithoutQuotingTheException() {
    assertThatThrownBy(() -> guarded(new Throws()).chat("hi"))
        .isInstanceOf(GuardFailureException.class)
        .hasMessage("interceptor Throws threw java.lang.IllegalArgumentException")
        .isInstanceOf(dev.langchain4j.exception.NonRetriableException.class);
  }

  @Test
  void modelExceptionsPassThroughUnchanged() {
    RuntimeException boom = new RuntimeException("HTTP 500");
    ChatModel failing = FakeChatModel.of(r -> {
      throw boom;
    });
    ChatModel safe = Guard.builder().interceptor(chain -> chain.proceed(chain.request())).build().wrap(failing);
    assertThatThrownBy(() -> safe.chat("hi")).isSameAs(boom);
  }

  @Test
  void blockingIsNotCallingProceed() {
    FakeChatModel model = FakeChatModel.answering("ok");
    ChatModel safe = Guard.builder()
        .interceptor(chain -> {
          throw new PolicyViolationException(java.util.List.of());
        })
        .build().wrap(model);
    assertThatThrownBy(() -> safe.chat("hi")).isInstanceOf(PolicyViolationException.class);
    assertThat(model.received()).isEmpty();
  }

  @Test
  void streamingProceedTwiceEndsWithOnError() throws Exception {
    StreamingChatModel safe = Guard.builder().streamingInterceptor(new StreamsTwice()).build()
        .wrap(FakeStreamingChatModel.streaming("a"));
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    safe.chat("hi", new StreamingChatResponseHandler() {
      @Override
      public void onCompleteResponse(ChatResponse r) {}

      @Override
      public void onError(Throwable e) {
        error.complete(e);
      }
    });
    assertThat(error.get(5, TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("interceptor StreamsTwice must call proceed() exactly once");
  }
}
