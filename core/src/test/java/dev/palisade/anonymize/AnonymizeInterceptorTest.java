package dev.palisade.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.palisade.Action;
import dev.palisade.CallContext;
import dev.palisade.Contents;
import dev.palisade.Guard;
import dev.palisade.Piece;
import dev.palisade.Rule;
import dev.palisade.detect.Channel;
import dev.palisade.detect.EntityType;
import dev.palisade.internal.Anonymize;
import dev.palisade.internal.Inspector;
import dev.palisade.testing.FakeChatModel;
import dev.palisade.testing.FakeStreamingChatModel;
import dev.palisade.testing.PatternDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Anonymize interceptor in a guard, with a recording fake model. */
class AnonymizeInterceptorTest {

  private static final Set<Channel> ALL = Set.of(Channel.SYSTEM, Channel.USER, Channel.DOCUMENT, Channel.TOOL, Channel.OUTPUT);

  private final InMemoryVault vault = InMemoryVault.builder().build();
  private final Anonymizer anonymizer = Anonymizer.builder().vault(vault).build();

  private static List<Rule> rules(Action emailAction) {
    return List.of(
        Rule.builder("email", PatternDetector.email()).channels(ALL).action(emailAction).build(),
        Rule.builder("phone", new PatternDetector("test-phone", EntityType.PHONE_NUMBER,
            "\\+1 \\(\\d{3}\\) \\d{3}-\\d{4}", 0.9)).channels(ALL).action(Action.ANONYMIZE).build());
  }

  private Guard guard(Action emailAction, boolean toolsSeeRealValues) {
    return Guard.builder().rules(rules(emailAction)).anonymizer(anonymizer).toolsSeeRealValues(toolsSeeRealValues).build();
  }

  private static String sentText(ChatRequest request) {
    return Contents.of(request).stream().map(Piece::text).collect(Collectors.joining("\n"));
  }

  @Test
  void theModelNeverSeesTheValuesAndTheAppGetsThemBack() {
    FakeChatModel model = FakeChatModel.echo();
    ChatModel safe = guard(Action.ANONYMIZE, false).wrap(model);
    PersonalDataGenerator gen = new PersonalDataGenerator(2026);
    for (int i = 0; i < 60; i++) {
      CallContext context = CallContext.of("acme", "conv-" + (i % 6));
      StringBuilder text = new StringBuilder("hello");
      List<String> values = new ArrayList<>();
      for (int k = 0; k <= i % 5; k++) {
        String v = gen.value(k % 2 == 0 ? EntityType.EMAIL_ADDRESS : EntityType.PHONE_NUMBER);
        values.add(v);
        text.append(k % 3 == 0 ? " mail " : ", call ").append(v);
      }
      text.append(" please.");
      ChatResponse response = safe.chat(ChatRequest.builder().messages(UserMessage.from(text.toString())).build(),
          context.toOptions());
      String sent = sentText(model.lastRequest());
      assertThat(values).allSatisfy(v -> assertThat(sent).doesNotContain(v));
      assertThat(response.aiMessage().text()).isEqualTo(text.toString());
    }
  }

  @Test
  void sameTokenInEveryTurnAndInTheModelsEarlierAnswers() {
    FakeChatModel model = FakeChatModel.echo();
    ChatModel safe = guard(Action.ANONYMIZE, false).wrap(model);
    CallContext context = CallContext.of("acme", "history");
    String first = "Mail ada@example.com about it";
    assertThat(safe.chat(ChatRequest.builder().messages(UserMessage.from(first)).build(), context.toOptions())
        .aiMessage().text()).isEqualTo(first);
    List<ChatMessage> history = List.of(UserMessage.from(first), AiMessage.from("Done, mailed ada@example.com for you"),
        UserMessage.from("Now bob@example.org and ada@example.com"));
    ChatResponse r = safe.chat(ChatRequest.builder().messages(history).build(), context.toOptions());
    assertThat(sentText(model.lastRequest())).isEqualTo(
        "Mail <EMAIL_ADDRESS_1> about it\nDone, mailed <EMAIL_ADDRESS_1> for you\nNow <EMAIL_ADDRESS_2> and <EMAIL_ADDRESS_1>");
    assertThat(r.aiMessage().text()).isEqualTo("Now bob@example.org and ada@example.com");
  }

  @Test
  void concurrentConversationsOnOneGuardNeverSeeEachOthersValues() throws Exception {
    ChatModel safe = guard(Action.ANONYMIZE, false).wrap(FakeChatModel.of(r -> {
      // A model that also repeats tokens that belong to other conversations.
      return AiMessage.from(dev.palisade.testing.Texts.lastText(r) + " <EMAIL_ADDRESS_1> <EMAIL_ADDRESS_2>");
    }));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int id = c;
        futures.add(pool.submit(() -> {
          CallContext context = CallContext.of("acme", "parallel-" + id);
          String mine = "user" + id + "@example.com";
          for (int turn = 0; turn < 10; turn++) {
            String answer = safe.chat(ChatRequest.builder().messages(UserMessage.from("to " + mine)).build(),
                context.toOptions()).aiMessage().text();
            assertThat(answer).isEqualTo("to " + mine + " " + mine + " <EMAIL_ADDRESS_2>");
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStreamedTokenSplitAcrossChunksIsRestored() throws Exception {
    FakeStreamingChatModel model = FakeStreamingChatModel.streaming("Write to <EMAIL_AD", "DRESS_1> or EMAIL", "_ADDRESS_1", " today.")
        .withThinking("thinking about <EMA", "IL_ADDRESS_1>");
    StreamingChatModel safe = guard(Action.ANONYMIZE, false).wrap(model);
    StringBuilder partial = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    safe.chat(ChatRequest.builder().messages(UserMessage.from("my mail is ada@example.com")).build(),
        CallContext.of("acme", "stream").toOptions(), new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String text) {
            partial.append(text);
          }

          @Override
          public void onPartialThinking(dev.langchain4j.model.chat.response.PartialThinking t) {
            thinking.append(t.text());
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
    ChatResponse response = done.get(10, TimeUnit.SECONDS);
    assertThat(sentText(model.received().get(0))).isEqualTo("my mail is <EMAIL_ADDRESS_1>");
    assertThat(partial.toString()).isEqualTo("Write to ada@example.com or ada@example.com today.");
    assertThat(response.aiMessage().text()).isEqualTo(partial.toString());
    assertThat(thinking.toString()).isEqualTo("thinking about ada@example.com");
  }

  @Test
  void toolArgumentsAreRestoredOnlyWhenToolsMaySeeRealValues() {
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("1").name("send")
        .arguments("{\"to\":\"<EMAIL_ADDRESS_1>\"}").build();
    CallContext context = CallContext.of("acme", "tools");
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("mail ada@example.com")).build();
    ChatResponse hidden = guard(Action.ANONYMIZE, false).wrap(FakeChatModel.of(r -> AiMessage.from(List.of(call))))
        .chat(request, context.toOptions());
    assertThat(hidden.aiMessage().toolExecutionRequests().get(0).arguments()).isEqualTo("{\"to\":\"<EMAIL_ADDRESS_1>\"}");
    ChatResponse shown = guard(Action.ANONYMIZE, true).wrap(FakeChatModel.of(r -> AiMessage.from(List.of(call))))
        .chat(request, context.toOptions());
    assertThat(shown.aiMessage().toolExecutionRequests().get(0).arguments()).isEqualTo("{\"to\":\"ada@example.com\"}");
  }

  @Test
  void redactRulesGetMarkersAndOffsetsFollowEarlierReplacements() {
    FakeChatModel model = FakeChatModel.echo();
    ChatModel safe = guard(Action.REDACT, false).wrap(model);
    String text = "call +1 (555) 123-4567 or mail ada@example.com";
    ChatResponse r = safe.chat(ChatRequest.builder().messages(UserMessage.from(text)).build(),
        CallContext.of("acme", "redact").toOptions());
    assertThat(sentText(model.lastRequest())).isEqualTo("call <PHONE_NUMBER_1> or mail [REDACTED:EMAIL_ADDRESS]");
    assertThat(r.aiMessage().text()).isEqualTo("call +1 (555) 123-4567 or mail [REDACTED:EMAIL_ADDRESS]");
  }

  @Test
  void aCallWithoutConversationHasItsOwnScopeDroppedAfterwards() {
    FakeChatModel model = FakeChatModel.echo();
    ChatModel safe = guard(Action.ANONYMIZE, false).wrap(model);
    assertThat(safe.chat("mail ada@example.com")).isEqualTo("mail ada@example.com");
    assertThat(sentText(model.lastRequest())).isEqualTo("mail <EMAIL_ADDRESS_1>");
    assertThat(vault.conversationCount()).isZero();
  }

  @Test
  void restoreJsonEscapesOriginals() {
    Scope scope = Scope.of("acme", "json");
    String text = "He said \"hi\" \\ bye";
    anonymizer.anonymize(scope, text, List.of(dev.palisade.detect.Finding.of(EntityType.PERSON, 0, text.length(), 1, "t")));
    assertThat(anonymizer.restoreJson(scope, "{\"who\":\"<PERSON_1>\"}"))
        .isEqualTo("{\"who\":\"He said \\\"hi\\\" \\\\ bye\"}");
  }
}
