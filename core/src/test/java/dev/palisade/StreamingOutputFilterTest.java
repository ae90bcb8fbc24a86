package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.palisade.detect.Channel;
import dev.palisade.testing.FakeChatModel;
import dev.palisade.testing.FakeStreamingChatModel;
import dev.palisade.testing.PatternDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingOutputFilterTest {

  static final String ANSWER =
      "Sure. The key is AKIAABCDEFGHIJKLMNOP and the admin is ops@example.com, call back later.";

  static Guard guard(Action secretAction) {
    return Guard.builder()
        .rule(Rule.builder("secrets", PatternDetector.secret()).channels(Channel.OUTPUT).action(secretAction).build())
        .rule(Rule.builder("emails", PatternDetector.email()).channels(Channel.OUTPUT).action(Action.REDACT).build())
        .streamingWindow(24)
        .build();
  }

  /** Collects what a streaming call delivers. */
  static class Collector implements StreamingChatResponseHandler {
    final StringBuilder partials = new StringBuilder();
    final List<String> thinking = new ArrayList<>();
    final List<CompleteToolCall> toolCalls = new ArrayList<>();
    ChatResponse complete;
    Throwable error;

    @Override
    public void onPartialResponse(String p) {
      partials.append(p);
    }

    @Override
    public void onPartialThinking(PartialThinking t) {
      thinking.add(t.text());
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall call) {
      toolCalls.add(call);
    }

    @Override
    public void onCompleteResponse(ChatResponse r) {
      complete = r;
    }

    @Override
    public void onError(Throwable e) {
      error = e;
    }
  }

  static Collector stream(Guard guard, List<String> chunks) {
    Collector c = new Collector();
    guard.wrap(FakeStreamingChatModel.streaming(chunks)).chat("hi", c);
    return c;
  }

  static List<String> split(String s, int... cuts) {
    List<String> out = new ArrayList<>();
    int prev = 0;
    for (int cut : cuts) {
      out.add(s.substring(prev, cut));
      prev = cut;
    }
    out.add(s.substring(prev));
    return out;
  }

  @Test
  void everySplitGivesTheSameAnswerAsTheSyncPath() {
    Guard guard = guard(Action.REDACT);
    String expected = guard.wrap(FakeChatModel.answering(ANSWER)).chat("hi");
    assertThat(expected).isEqualTo(
        "Sure. The key is [REDACTED:SECRET] and the admin is [REDACTED:EMAIL_ADDRESS], call back later.");

    int n = ANSWER.length();
    for (int i = 0; i <= n; i++) {
      for (int j = i; j <= n; j++) {
        Collector c = stream(guard, split(ANSWER, i, j));
        assertThat(c.error).isNull();
        assertThat(c.partials).as("split at %d,%d", i, j).hasToString(expected);
        assertThat(c.complete.aiMessage().text()).isEqualTo(expected);
      }
    }
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      List<String> chunks = new ArrayList<>();
      for (int pos = 0; pos < n; ) {
        int len = 1 + random.nextInt(6);
        chunks.add(ANSWER.substring(pos, Math.min(n, pos + len)));
        pos += len;
      }
      assertThat(stream(guard, chunks).partials).hasToString(expected);
    }
  }

  @Test
  void aBlockMidStreamCancelsUpstreamAndEndsWithAnError() {
    Guard guard = guard(Action.BLOCK);
    FakeStreamingChatModel model = FakeStreamingChatModel.streaming(split(ANSWER, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50));
    Collector c = new Collector();
    guard.wrap(model).chat("hi", c);

    assertThat(c.error).isInstanceOf(PolicyViolationException.class)
        .hasMessageContaining("rule 'secrets' BLOCK on output answer (SECRET");
    assertThat(c.error.getMessage()).doesNotContain("AKIA");
    assertThat(model.cancelled()).isTrue();
    assertThat(c.partials.toString()).doesNotContain("AKIA").isEqualTo(ANSWER.substring(0, ANSWER.indexOf("AKIA")));
    assertThat(c.complete).isNull();
  }

  @Test
  void holdsBackAtMostTheWindow() {
    Guard guard = Guard.builder()
        .rule(Rule.builder("secrets", PatternDetector.secret()).channels(Channel.OUTPUT).action(Action.REDACT).build())
        .streamingWindow(10)
        .build();
    List<Integer> releasedAfterEachChunk = new ArrayList<>();
    StringBuilder got = new StringBuilder();
    String text = "0123456789abcdefghijklmnopqrstuvwxyz";
    guard.wrap(FakeStreamingChatModel.streaming(split(text, 5, 10, 15, 20, 25, 30))).chat("hi",
        new Collector() {
          @Override
          public void onPartialResponse(PartialResponse p, PartialResponseContext ctx) {
            got.append(p.text());
            releasedAfterEachChunk.add(got.length());
          }
        });
    assertThat(got).hasToString(text);
    assertThat(releasedAfterEachChunk).containsExactly(5, 10, 15, 20, 26, 36);
  }

  @Test
  void thinkingAndToolCallsPassThrough() {
    Guard guard = guard(Action.REDACT);
    CompleteToolCall call = new CompleteToolCall(0,
        ToolExecutionRequest.builder().id("1").name("send").arguments("{\"to\":\"ops@example.com\"}").build());
    Collector c = new Collector();
    guard.wrap(FakeStreamingChatModel.streaming("ok").withThinking("let me ", "think").withToolCalls(call)).chat("hi", c);

    assertThat(c.thinking).containsExactly("let me ", "think");
    assertThat(c.toolCalls).containsExactly(call);
    assertThat(c.complete.aiMessage().thinking()).isEqualTo("let me think");
    assertThat(c.complete.aiMessage().toolExecutionRequests().get(0).arguments())
        .isEqualTo("{\"to\":\"[REDACTED:EMAIL_ADDRESS]\"}");
  }
}
