package dev.palisade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.palisade.simulator.NaiveAssistantSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Example 1 with the real LangChain4j OpenAI client, against an echoing mock server on 127.0.0.1. */
class WrapChatModelExampleTest {

  static final ObjectMapper JSON = new ObjectMapper();

  MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    // An OpenAI-compatible "model" that repeats the last message it received.
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        try {
          JsonNode messages = JSON.readTree(request.getBody().utf8()).path("messages");
          String last = messages.get(messages.size() - 1).path("content").asText();
          ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
              .put("created", 1).put("model", "gpt-4o-mini");
          ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
          choice.putObject("message").put("role", "assistant").put("content", "Noted: " + last);
          body.putObject("usage").put("prompt_tokens", 20).put("completion_tokens", 20).put("total_tokens", 40);
          return new MockResponse.Builder().addHeader("Content-Type", "application/json")
              .body(JSON.writeValueAsString(body)).build();
        } catch (Exception e) {
          return new MockResponse.Builder().code(500).build();
        }
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void personalDataNeverReachesTheServerAndComesBackToTheApp() throws Exception {
    OpenAiChatModel model = OpenAiChatModel.builder()
        .baseUrl(server.url("/v1/").toString()).apiKey("test-key").modelName("gpt-4o-mini").build();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    String answer = WrapChatModelExample.run(new PrintStream(printed, true, StandardCharsets.UTF_8), model,
        ExamplePolicies.path("support-chat.yaml"));

    RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
    String body = sent.getBody().utf8();
    assertThat(body).contains("EMAIL_ADDRESS")
        .contains("support@acme.example")   // on the policy's allow-list
        .doesNotContain("jane.roe@example.com")
        .doesNotContain("415 555 0134")
        .doesNotContain("4155550134");
    assertThat(answer).startsWith("Noted: ")
        .contains("jane.roe@example.com")
        .contains("+1 415 555 0134")
        .doesNotContain("EMAIL_ADDRESS");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("policy    : support-chat")
        .contains("app got   : " + answer);
  }

  @Test
  void offlineTheSimulatorSeesTokens() {
    Printed printed = new Printed();

    String answer = WrapChatModelExample.run(printed.out, new NaiveAssistantSimulator(),
        ExamplePolicies.path("support-chat.yaml"));

    assertThat(answer).contains("jane.roe@example.com").contains("Jane Roe");
    assertThat(printed.text()).containsPattern("model saw : .*<EMAIL_ADDRESS_1>")
        .containsPattern("model saw : .*<PERSON_1>")
        .doesNotContainPattern("model saw : .*jane\\.roe@example\\.com");
  }
}
