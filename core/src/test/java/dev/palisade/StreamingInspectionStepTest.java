package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.palisade.detect.Channel;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.testing.FakeChatModel;
import dev.palisade.testing.FakeStreamingChatModel;
import dev.palisade.testing.PatternDetector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Streamed text is inspected when the window first fills, then once per window / 8 new characters. */
class StreamingInspectionStepTest {

  /** Counts the texts it is asked to scan and finds nothing itself. */
  static final class CountingDetector implements Detector {
    final List<Integer> scannedLengths = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String id() {
      return "counting";
    }

    @Override
    public Set<EntityType> types() {
      return Set.of(EntityType.SECRET);
    }

    @Override
    public List<Finding> detect(String text) {
      scannedLengths.add(text.length());
      return List.of();
    }
  }

  static List<String> chars(String s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.length(); i++) {
      out.add(s.substring(i, i + 1));
    }
    return out;
  }

  @Test
  void firstTextWaitsForTheWindowThenReleasesComeInSteps() {
    CountingDetector counting = new CountingDetector();
    Guard guard = Guard.builder()
        .rule(Rule.builder("count", counting).channels(Channel.OUTPUT).action(Action.REDACT).build())
        .streamingWindow(80) // step 10
        .build();
    String text = "x".repeat(300);
    StringBuilder got = new StringBuilder();
    guard.wrap(FakeStreamingChatModel.streaming(chars(text))).chat("hi",
        new StreamingOutputFilterTest.Collector() {
          @Override
          public void onPartialResponse(PartialResponse p, PartialResponseContext ctx) {
            got.append(p.text());
          }
        });
    assertThat(got).hasToString(text);
    // One character per chunk: 300 chunks, but inspections only at 81, 91, ..., 291 and at the end.
    assertThat(counting.scannedLengths).hasSize(1 + 21 + 1);
    assertThat(counting.scannedLengths.get(0)).isEqualTo(81);
    assertThat(counting.scannedLengths).allMatch(n -> n <= 80 + 80 + 10);
  }

  /** Streams one character per chunk and counts what it has sent. */
  static final class CountingModel implements StreamingChatModel {
    private final String text;
    int sent;

    CountingModel(String text) {
      this.text = text;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      StreamingHandle handle = new StreamingHandle() {
        @Override
        public void cancel() {}

        @Override
        public boolean isCancelled() {
          return false;
        }
      };
      for (int i = 0; i < text.length(); i++) {
        sent++;
        handler.onPartialResponse(new PartialResponse(text.substring(i, i + 1)), new PartialResponseContext(handle));
      }
      handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(text)).build());
    }
  }

  @Test
  void holdsBackAtMostTheWindowPlusAStepAndGivesTheSyncAnswer() {
    Guard guard = Guard.builder()
        .rule(Rule.builder("secrets", PatternDetector.secret()).channels(Channel.OUTPUT).action(Action.REDACT).build())
        .streamingWindow(40) // step 5
        .build();
    String answer = "Some text first. " + "The key is AKIAABCDEFGHIJKLMNOP, do not share it. ".repeat(4) + "Bye.";
    String expected = guard.wrap(FakeChatModel.answering(answer)).chat("hi");
    CountingModel model = new CountingModel(answer);
    List<Integer> firstAt = new ArrayList<>();
    List<Integer> heldBack = new ArrayList<>();
    StringBuilder got = new StringBuilder();
    guard.wrap(model).chat("hi", new StreamingOutputFilterTest.Collector() {
      @Override
      public void onPartialResponse(PartialResponse p, PartialResponseContext ctx) {
        if (got.length() == 0) {
          firstAt.add(model.sent);
        }
        got.append(p.text());
        // Redaction markers and secrets differ in length; count the original characters released.
        int released = got.toString().replace("[REDACTED:SECRET]", "AKIAABCDEFGHIJKLMNOP").length();
        if (model.sent < answer.length()) {
          heldBack.add(model.sent - released);
        }
      }
    });
    assertThat(got).hasToString(expected);
    assertThat(expected).doesNotContain("AKIA");
    assertThat(firstAt).containsExactly(41);
    // Never more than window + step - 1, except while a secret is held whole (at most its length more).
    assertThat(heldBack).isNotEmpty().allMatch(n -> n <= 40 + 5 - 1 + 20, "bounded");
  }
}
