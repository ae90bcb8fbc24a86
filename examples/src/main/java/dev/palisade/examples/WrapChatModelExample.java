package dev.palisade.examples;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.palisade.Guard;
import dev.palisade.simulator.NaiveAssistantSimulator;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Example 1: wrap the {@code ChatModel} you already have with a policy file, in three lines.
 *
 * <p>Talks to an OpenAI-compatible endpoint when {@code OPENAI_API_KEY} is set ({@code
 * OPENAI_BASE_URL} and {@code OPENAI_MODEL} optional), else to the offline simulator.
 */
public final class WrapChatModelExample {

  static final String PROMPT =
      "Hi, I'm Jane Roe. Please note my email jane.roe@example.com and my phone +1 415 555 0134."
          + " I wrote to support@acme.example already.";

  private WrapChatModelExample() {}

  public static void main(String[] args) {
    Path policy = args.length > 0 ? Path.of(args[0]) : ExamplePolicies.path("support-chat.yaml");
    run(System.out, model(), policy);
  }

  /** Sends {@link #PROMPT} through a guard built from {@code policy}; returns the app's answer. */
  static String run(PrintStream out, ChatModel model, Path policy) {
    // The three lines: load the policy once, wrap the model, use it as before.
    Guard guard = Guard.fromPolicy(policy);
    ChatModel safe = guard.wrap(model);
    String answer = safe.chat(PROMPT);

    out.println("policy    : " + guard.policy().id() + " (version " + guard.policy().version() + ")");
    out.println("app sent  : " + PROMPT);
    if (model instanceof NaiveAssistantSimulator simulator) {
      var received = simulator.lastRequest().messages();  // the policy's canary adds a system message
      out.println("model saw : " + ((UserMessage) received.get(received.size() - 1)).singleText());
    }
    out.println("app got   : " + answer);
    return answer;
  }

  private static ChatModel model() {
    String key = System.getenv("OPENAI_API_KEY");
    if (key == null || key.isBlank()) {
      System.out.println("(OPENAI_API_KEY is not set: using the offline simulator)");
      return new NaiveAssistantSimulator();
    }
    return OpenAiChatModel.builder()
        .baseUrl(System.getenv().getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1"))
        .apiKey(key)
        .modelName(System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini"))
        .build();
  }
}
