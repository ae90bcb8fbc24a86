package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.palisade.detect.Channel;
import dev.palisade.testing.FakeChatModel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WrapperContractTest {

  static final class CountingListener implements ChatModelListener {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger responses = new AtomicInteger();

    @Override
    public void onRequest(ChatModelRequestContext c) {
      requests.incrementAndGet();
    }

    @Override
    public void onResponse(ChatModelResponseContext c) {
      responses.incrementAndGet();
    }

    @Override
    public void onError(ChatModelErrorContext c) {}
  }

  /** A model with its own provider, parameters, capabilities and listeners. */
  static final class ProviderModel implements ChatModel {
    final CountingListener listener = new CountingListener();
    ChatRequest lastRequest;

    @Override
    public ChatResponse doChat(ChatRequest request) {
      lastRequest = request;
      return ChatResponse.builder().aiMessage(AiMessage.from("hello")).build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return DefaultChatRequestParameters.builder().temperature(0.25).modelName("m-1").build();
    }

    @Override
    public List<ChatModelListener> listeners() {
      return List.of(listener);
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OPEN_AI;
    }

    @Override
    public Set<Capability> supportedCapabilities() {
      return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }
  }

  @Test
  void forwardsEverythingAndListenersFireOnce() {
    ProviderModel model = new ProviderModel();
    ChatModel safe = Guard.builder().build().wrap(model);

    assertThat(safe.chat("hi")).isEqualTo("hello");
    assertThat(model.listener.requests).hasValue(1);
    assertThat(model.listener.responses).hasValue(1);
    assertThat(safe.listeners()).isEmpty();
    assertThat(safe.provider()).isEqualTo(ModelProvider.OPEN_AI);
    assertThat(safe.defaultRequestParameters().temperature()).isEqualTo(0.25);
    assertThat(safe.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    assertThat(model.lastRequest.parameters().modelName()).isEqualTo("m-1");
  }

  @Test
  void everyChatEntryPointGoesThroughTheGuard() {
    AtomicInteger calls = new AtomicInteger();
    ChatModel safe = Guard.builder()
        .interceptor(chain -> {
          calls.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .build().wrap(FakeChatModel.answering("ok"));
    safe.chat("a");
    safe.chat(dev.langchain4j.data.message.UserMessage.from("b"));
    safe.chat(List.of(dev.langchain4j.data.message.UserMessage.from("c")));
    safe.chat(ChatRequest.builder().messages(dev.langchain4j.data.message.UserMessage.from("d")).build());
    safe.doChat(ChatRequest.builder().messages(dev.langchain4j.data.message.UserMessage.from("e")).build());
    assertThat(calls).hasValue(5);
  }

  interface Assistant {
    String chat(String message);
  }

  static final class Orders {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Tool("Looks up the status of an order")
    String orderStatus(@P("order number") String orderId) {
      seen.add(orderId);
      return "order " + orderId + " shipped";
    }
  }

  @Test
  void aiServicesWithToolsAndMemoryGoThroughTheGuardBothWays() {
    ChatModel model = FakeChatModel.of(request -> {
      if (request.messages().get(request.messages().size() - 1) instanceof ToolExecutionResultMessage r) {
        return AiMessage.from("Your " + r.text());
      }
      return AiMessage.from(ToolExecutionRequest.builder()
          .id("call-1").name("orderStatus").arguments("{\"orderId\":\"A-17\"}").build());
    });
    List<String> seen = new CopyOnWriteArrayList<>();
    Interceptor recorder = chain -> {
      Contents.of(chain.request()).forEach(p -> seen.add("in:" + p.channel().id() + ":" + p.kind()));
      ChatResponse response = chain.proceed(chain.request());
      Contents.of(response).forEach(p -> seen.add("out:" + p.kind() + ":" + p.text()));
      return response;
    };
    Orders orders = new Orders();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(Guard.builder().interceptor(recorder).build().wrap(model))
        .chatMemory(MessageWindowChatMemory.withMaxMessages(10))
        .tools(orders)
        .build();

    assertThat(assistant.chat("Where is order A-17?")).isEqualTo("Your order A-17 shipped");
    assertThat(orders.seen).containsExactly("A-17");
    assertThat(seen).contains(
        "in:user:TEXT",
        "out:TOOL_ARGUMENTS:{\"orderId\":\"A-17\"}",
        "in:" + Channel.TOOL.id() + ":TEXT",
        "out:TEXT:Your order A-17 shipped");
  }
}
