package dev.palisade.bench;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.palisade.Guard;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What wrapping a model costs when the guard has nothing to do: an empty chain around a model
 * that answers at once, against calling that model directly. The difference is the per-call
 * overhead of the guard's machinery (call state, chain, wrapper).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GuardOverheadBenchmark {

  private static final ChatResponse ANSWER = ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();

  private final ChatModel model = new ChatModel() {
    @Override
    public ChatResponse doChat(ChatRequest request) {
      return ANSWER;
    }
  };
  private final ChatModel guarded = Guard.builder().build().wrap(model);
  private final ChatRequest request = ChatRequest.builder()
      .messages(UserMessage.from("What is the capital of France?")).build();

  @Benchmark
  public ChatResponse direct() {
    return model.chat(request);
  }

  @Benchmark
  public ChatResponse guardedEmptyChain() {
    return guarded.chat(request);
  }
}
