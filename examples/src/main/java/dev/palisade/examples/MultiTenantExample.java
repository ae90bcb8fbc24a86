package dev.palisade.examples;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.palisade.Action;
import dev.palisade.CallContext;
import dev.palisade.Guard;
import dev.palisade.Rule;
import dev.palisade.detect.Channel;
import dev.palisade.detect.EntityType;
import dev.palisade.detectors.pii.PiiDetector;
import dev.palisade.simulator.NaiveAssistantSimulator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Example 5: one guard shared by every tenant. Each call says whose it is through a
 * {@link CallContext} (tenant + conversation), and the guard keeps a separate vault scope for each:
 * the same value gets its own token in each scope, and a token is restored only in the scope that
 * made it.
 */
public final class MultiTenantExample {

  /** One call: who made it, what the model saw, what the app got. */
  record Turn(String tenant, String conversation, String message, String modelSaw, String appGot) {}

  private MultiTenantExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  static List<Turn> run(PrintStream out) {
    // One guard for the whole application: immutable and thread-safe.
    Guard guard = Guard.builder()
        .rule(Rule.builder("contact-data", PiiDetector.builder()
                .enabledTypes(List.of(EntityType.EMAIL_ADDRESS, EntityType.PHONE_NUMBER)).build())
            .channels(Channel.USER).action(Action.ANONYMIZE).build())
        .build();
    NaiveAssistantSimulator simulator = new NaiveAssistantSimulator();
    ChatModel safe = guard.wrap((ChatModel) simulator);

    List<Turn> turns = new ArrayList<>();
    // Tenant acme: Jane's address is the first e-mail address of the conversation.
    turns.add(call(safe, simulator, "acme", "support-1", "Please write to jane.roe@example.com."));
    // Tenant globex, same conversation id: another address first, then Jane's.
    turns.add(call(safe, simulator, "globex", "support-1", "Please write to max.mustermann@example.org."));
    turns.add(call(safe, simulator, "globex", "support-1", "Please also copy jane.roe@example.com."));
    // A token means nothing outside its own scope: typed in another conversation, it stays a token.
    turns.add(call(safe, simulator, "globex", "support-2", "Who is <EMAIL_ADDRESS_1>?"));

    for (Turn t : turns) {
      out.println("[" + t.tenant() + "/" + t.conversation() + "]");
      out.println("  user      : " + t.message());
      out.println("  model saw : " + t.modelSaw());
      out.println("  app got   : " + t.appGot());
    }
    return turns;
  }

  private static Turn call(ChatModel safe, NaiveAssistantSimulator simulator, String tenant, String conversation,
      String message) {
    // Per call, through the request options; CallContext.bind() does the same for a whole block.
    String answer = safe.chat(
        ChatRequest.builder().messages(UserMessage.from(message)).build(),
        CallContext.of(tenant, conversation).toOptions()).aiMessage().text();
    String saw = ((UserMessage) simulator.lastRequest().messages().get(0)).singleText();
    return new Turn(tenant, conversation, message, saw, answer);
  }
}
