package dev.palisade.examples;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.palisade.Action;
import dev.palisade.CallContext;
import dev.palisade.Guard;
import dev.palisade.Outcome;
import dev.palisade.Rule;
import dev.palisade.detect.Channel;
import dev.palisade.detectors.pii.PiiDetector;
import dev.palisade.detectors.secrets.SecretsDetector;
import dev.palisade.simulator.NaiveAssistantSimulator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Example 2: an AiServices assistant with chat memory and a tool. Personal data is replaced by
 * tokens before each request leaves, the user gets the real values back, and the tool-call
 * arguments the model writes pass through the guard's output rules (a key the user pasted never
 * reaches the tool) and are restored for the tool.
 *
 * <p>The model is the offline simulator: asked to "look up" something, it calls the first tool with
 * the user's words; after the tool's result, it answers with that result.
 */
public final class AiServicesExample {

  /** The assistant the application codes against; LangChain4j implements it. */
  interface Assistant {
    String chat(@MemoryId String conversationId, @UserMessage String message);
  }

  /** A CRM lookup the model may call. Records what it was called with, to show it. */
  static final class CrmTools {
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Map<String, String> ORDERS = Map.of(
        "jane.roe@example.com", "Order 1042 for Jane Roe ships on Friday to 12 Main Street, Springfield.");

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Tool("Looks up the open orders of the customer named in the query")
    String lookUpOrders(String query) {
      calls.add(query);
      Matcher m = EMAIL.matcher(query);
      return m.find() ? ORDERS.getOrDefault(m.group(), "No open orders.") : "No customer given.";
    }
  }

  /** What one run showed: the user's answers, what the model received, what the tool got. */
  record Result(List<String> answers, List<String> modelSaw, List<String> toolCalls) {}

  private AiServicesExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  static Result run(PrintStream out) {
    List<String> decisions = new CopyOnWriteArrayList<>();
    Guard guard = Guard.builder()
        .rule(Rule.builder("pii", PiiDetector.defaults())
            .channels(Channel.USER, Channel.TOOL)     // user text and tool results: replaced going out
            .action(Action.ANONYMIZE).build())
        .rule(Rule.builder("secrets", SecretsDetector.create())
            .channels(Channel.OUTPUT)                 // answers and tool-call arguments
            .action(Action.REDACT).build())
        .toolsSeeRealValues(true)                     // the CRM needs the real e-mail address
        .interceptor(chain -> {                       // an app interceptor: print each call's decision
          var response = chain.proceed(chain.request());
          decisions.add(chain.call().decision() + " " + chain.call().outcomes().stream()
              .map(Outcome::describe).toList());
          return response;
        })
        .build();

    NaiveAssistantSimulator model = new NaiveAssistantSimulator();
    CrmTools crm = new CrmTools();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(guard.wrap(model))
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
        .tools(crm)
        .build();

    List<String> answers = new ArrayList<>();
    List<String> modelSaw = new ArrayList<>();
    String conversation = "conversation-7";
    // The context decides the vault: tokens of this conversation are restored only in it.
    try (CallContext.Scope scope = CallContext.of("acme", conversation).bind()) {
      for (String message : List.of(
          "Hi, I'm Jane Roe, my email is jane.roe@example.com.",
          "Please look up the orders of jane.roe@example.com",
          // The model copies the key into the tool call; the secrets rule reads tool-call arguments too.
          "Please check if AKIAZ4XQ7TPLM3NRWK2D is a customer")) {
        decisions.clear();
        String answer = assistant.chat(conversation, message);
        String saw = lastUserOrToolText(model);
        answers.add(answer);
        modelSaw.add(saw);
        out.println("user      : " + message);
        out.println("model saw : " + saw);
        out.println("user got  : " + answer);
        decisions.forEach(d -> out.println("guard     : " + d));
        out.println();
      }
    }
    out.println("tool got  : " + crm.calls);
    return new Result(answers, modelSaw, List.copyOf(crm.calls));
  }

  /** The text of the last message the model received (a user message or a tool result). */
  private static String lastUserOrToolText(NaiveAssistantSimulator model) {
    var messages = model.lastRequest().messages();
    var last = messages.get(messages.size() - 1);
    if (last instanceof dev.langchain4j.data.message.UserMessage u) {
      return u.singleText();
    }
    if (last instanceof dev.langchain4j.data.message.ToolExecutionResultMessage t) {
      return "[tool result] " + (t.hasSingleText() ? t.text() : "(no text)");
    }
    return last.toString();
  }
}
