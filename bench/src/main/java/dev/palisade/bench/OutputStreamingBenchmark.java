package dev.palisade.bench;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.palisade.Action;
import dev.palisade.Guard;
import dev.palisade.Rule;
import dev.palisade.detect.Channel;
import dev.palisade.detect.Detector;
import dev.palisade.detectors.content.BannedContentDetector;
import dev.palisade.detectors.content.LinkDetector;
import dev.palisade.detectors.leakage.SystemPromptLeakDetector;
import dev.palisade.detectors.secrets.SecretsDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What output filtering adds per streamed chunk: the 2 KB answer of {@link OutputBenchmark},
 * streamed in 5-character chunks by an in-memory model, through a guard whose output rules run
 * the four output detectors (secrets, banned content with every bundled lexicon, links with the
 * request's values, system-prompt leakage with a per-call canary; action REDACT, default 512-character
 * window), against the same stream unguarded. Scores are per chunk (the whole call divided by the
 * chunk count, so per-call costs are spread over the chunks); target: guarded minus direct at most
 * 20 µs.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar OutputStreaming -f 1 -wi 2 -i 3 -w 1 -r 2}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutputStreamingBenchmark {

  static final int CHUNK = 5;
  static final int CHUNKS = 406; // the 2,028-character answer in chunks of 5; checked in setUp

  private StreamingChatModel model;
  private StreamingChatModel guarded;
  private ChatRequest request;

  /** Streams fixed chunks synchronously, then the complete response, like a provider's client. */
  static final class ChunkedModel implements StreamingChatModel {
    private final List<String> chunks = new ArrayList<>();
    private final String text;

    ChunkedModel(String text, int size) {
      this.text = text;
      for (int i = 0; i < text.length(); i += size) {
        chunks.add(text.substring(i, Math.min(text.length(), i + size)));
      }
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      boolean[] cancelled = {false};
      StreamingHandle handle = new StreamingHandle() {
        @Override
        public void cancel() {
          cancelled[0] = true;
        }

        @Override
        public boolean isCancelled() {
          return cancelled[0];
        }
      };
      PartialResponseContext context = new PartialResponseContext(handle);
      for (String c : chunks) {
        if (cancelled[0]) {
          return;
        }
        handler.onPartialResponse(new PartialResponse(c), context);
      }
      handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(text)).build());
    }
  }

  /** Counts what reaches the application. */
  static class Sink implements StreamingChatResponseHandler {
    int chars;
    ChatResponse complete;
    Throwable error;

    @Override
    public void onPartialResponse(String partialResponse) {
      chars += partialResponse.length();
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      complete = completeResponse;
    }

    @Override
    public void onError(Throwable error) {
      this.error = error;
    }
  }

  @Setup
  public void setUp() {
    if ((OutputBenchmark.ANSWER.length() + CHUNK - 1) / CHUNK != CHUNKS) {
      throw new IllegalStateException("CHUNKS must be " + (OutputBenchmark.ANSWER.length() + CHUNK - 1) / CHUNK);
    }
    model = new ChunkedModel(OutputBenchmark.ANSWER, CHUNK);
    List<Detector> detectors = List.of(
        SecretsDetector.create(),
        BannedContentDetector.builder().allLexicons()
            .topic("competitors", List.of("Globex Bank", "Initech Finance")).build(),
        LinkDetector.builder().allowDomains(List.of("northwind.test")).build(),
        SystemPromptLeakDetector.fromContext());
    Guard.Builder guard = Guard.builder().canaries(true);
    for (Detector d : detectors) {
      guard.rule(Rule.builder(d.id(), d).channels(Channel.OUTPUT).action(Action.REDACT).build());
    }
    guarded = guard.build().wrap(model);
    request = ChatRequest.builder().messages(
        SystemMessage.from(OutputBenchmark.PROMPT),
        UserMessage.from("Hi, I am Jane Roe (IBAN DE44 5001 0517 5407 3249 31). Where is my transfer, "
            + "and how do I export my statements to my accounting tool?")).build();
    StringBuilder text = new StringBuilder();
    Sink check = new Sink() {
      @Override
      public void onPartialResponse(String partialResponse) {
        super.onPartialResponse(partialResponse);
        text.append(partialResponse);
      }
    };
    guarded.chat(request, check);
    if (check.error != null || check.complete == null || text.indexOf("ghp_") >= 0
        || text.indexOf("[REDACTED:SECRET]") < 0 || text.indexOf("[REDACTED:UNSAFE_LINK]") < 0) {
      throw new IllegalStateException("the guarded stream did not complete filtered: " + check.error);
    }
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public Sink direct() {
    Sink sink = new Sink();
    model.chat(request, sink);
    return sink;
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public Sink guarded() {
    Sink sink = new Sink();
    guarded.chat(request, sink);
    return sink;
  }
}
