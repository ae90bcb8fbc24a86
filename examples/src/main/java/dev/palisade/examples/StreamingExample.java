package dev.palisade.examples;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.palisade.Action;
import dev.palisade.CallContext;
import dev.palisade.Guard;
import dev.palisade.Rule;
import dev.palisade.detect.Channel;
import dev.palisade.detectors.pii.PiiDetector;
import dev.palisade.detectors.secrets.SecretsDetector;
import dev.palisade.simulator.NaiveAssistantSimulator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Example 3: a streamed answer, filtered and restored chunk by chunk. The simulator streams in
 * chunks of six characters, so every token ({@code <EMAIL_ADDRESS_1>}) and every secret is split
 * across chunks; the guard holds back just enough text to restore the one and redact the other.
 */
public final class StreamingExample {

  /** One streamed answer: the chunks the app received and the complete answer. */
  record Streamed(List<String> chunks, String complete) {
    String joined() {
      return String.join("", chunks);
    }
  }

  private StreamingExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static List<Streamed> run(PrintStream out) throws InterruptedException {
    Guard guard = Guard.builder()
        .rule(Rule.builder("pii", PiiDetector.defaults()).channels(Channel.USER).action(Action.ANONYMIZE).build())
        .rule(Rule.builder("secrets", SecretsDetector.create()).channels(Channel.OUTPUT).action(Action.REDACT).build())
        .streamingWindow(80)   // hold back at most 80 characters: more than the longest secret
        .build();
    NaiveAssistantSimulator simulator = new NaiveAssistantSimulator();
    StreamingChatModel safe = guard.wrap(simulator.streaming());

    List<Streamed> results = new ArrayList<>();
    try (CallContext.Scope scope = CallContext.of("acme", "conversation-3").bind()) {
      for (String message : List.of(
          "My email is jane.roe@example.com, please remember it.",
          "What are the API credentials of the payment service?")) {
        Streamed s = stream(safe, message);
        results.add(s);
        out.println("user        : " + message);
        out.println("model saw   : " + ((UserMessage) simulator.lastRequest().messages().get(0)).singleText());
        out.println("app chunks  : " + String.join("|", s.chunks()));
        out.println("app got     : " + s.complete());
        out.println();
      }
    }
    return results;
  }

  private static Streamed stream(StreamingChatModel model, String message) throws InterruptedException {
    List<String> chunks = new CopyOnWriteArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(message, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        chunks.add(partial);
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    try {
      return new Streamed(chunks, done.get(30, TimeUnit.SECONDS).aiMessage().text());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the stream failed", e);
    }
  }
}
