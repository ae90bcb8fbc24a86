package dev.palisade.policy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.palisade.Contents;
import dev.palisade.Decision;
import dev.palisade.GuardFailureException;
import dev.palisade.Guard;
import dev.palisade.GuardedCall;
import dev.palisade.Outcome;
import dev.palisade.Piece;
import dev.palisade.PolicyViolationException;
import dev.palisade.ScanResult;
import dev.palisade.detect.Channel;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a policy's test cases through a real guard in front of an offline echo model: the case's
 * input is sent on its channel (or, for the output channel, returned as the model's answer), and
 * the call's decision, the findings and the text that got through are compared with the case.
 */
final class PolicyTestRunner {

  private static final String FILLER = "Hello.";

  private PolicyTestRunner() {}

  static PolicyTestReport run(Policy policy) {
    List<PolicyTestReport.Result> results = new ArrayList<>();
    for (PolicyTestCase c : policy.tests()) {
      results.add(new PolicyTestReport.Result(c, check(policy, c)));
    }
    return new PolicyTestReport(policy.id(), results);
  }

  static List<String> check(Policy policy, PolicyTestCase c) {
    Policy p = c.tenant().map(policy::forTenant).orElse(policy);
    AtomicReference<GuardedCall> seen = new AtomicReference<>();
    Guard guard = p.toGuard(b -> b.interceptor(chain -> {
      seen.set(chain.call());
      return chain.proceed(chain.request());
    }));
    EchoModel model = new EchoModel(c.channel() == Channel.OUTPUT ? c.input() : FILLER);
    Decision decision;
    String text = null;
    String error = null;
    try {
      ChatResponse response = guard.wrap(model).chat(request(c));
      decision = seen.get() == null ? Decision.ALLOW : seen.get().decision();
      text = c.channel() == Channel.OUTPUT ? response.aiMessage().text() : model.received(c.channel());
      if (decision == Decision.BLOCK && c.channel() != Channel.OUTPUT) {
        text = response.aiMessage().text();
      }
    } catch (PolicyViolationException e) {
      decision = Decision.BLOCK;
    } catch (GuardFailureException e) {
      decision = Decision.BLOCK;
      error = e.getMessage();
    }
    Set<EntityType> found = new TreeSet<>();
    try {
      ScanResult scan = guard.scan(c.input(), c.channel());
      scan.findings().forEach(f -> found.add(f.type()));
      if (scan.injectionFlagged()) {
        found.add(EntityType.PROMPT_INJECTION);
      }
    } catch (GuardFailureException e) {
      error = error != null ? error : e.getMessage();
    }
    if (seen.get() != null) {
      for (Outcome o : seen.get().outcomes()) {
        for (Finding f : o.findings()) {
          found.add(f.type());
        }
      }
    }
    List<String> failures = new ArrayList<>();
    if (error != null) {
      failures.add("the guard failed: " + error);
    }
    if (c.decision().isPresent() && c.decision().get() != decision) {
      failures.add("decision: expected " + c.decision().get() + ", was " + decision);
    }
    for (EntityType t : c.findings()) {
      if (!found.contains(t)) {
        failures.add("expected a " + t + " finding; found " + (found.isEmpty() ? "none" : found));
      }
    }
    for (EntityType t : c.absent()) {
      if (found.contains(t)) {
        failures.add("expected no " + t + " finding, but there was one");
      }
    }
    if (c.text().isPresent() && !c.text().get().equals(text)) {
      failures.add("text: expected \"" + c.text().get() + "\", was "
          + (text == null ? "none (blocked)" : "\"" + text + "\""));
    }
    return failures;
  }

  private static ChatRequest request(PolicyTestCase c) {
    List<ChatMessage> messages = new ArrayList<>();
    switch (c.channel()) {
      case SYSTEM -> {
        messages.add(SystemMessage.from(c.input()));
        messages.add(UserMessage.from(FILLER));
      }
      case USER -> messages.add(UserMessage.from(c.input()));
      case DOCUMENT, TOOL -> messages.add(UserMessage.builder()
          .addContent(TextContent.from(c.input()))
          .attributes(Map.of(Contents.CHANNEL_ATTRIBUTE, c.channel().id()))
          .build());
      case OUTPUT -> messages.add(UserMessage.from(FILLER));
    }
    return ChatRequest.builder().messages(messages).build();
  }

  /** Answers with a fixed text and remembers the request it got. */
  private static final class EchoModel implements ChatModel {
    private final String answer;
    private volatile ChatRequest received;

    EchoModel(String answer) {
      this.answer = answer;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      received = request;
      return ChatResponse.builder().aiMessage(AiMessage.from(answer)).build();
    }

    String received(Channel channel) {
      if (received == null) {
        return null;
      }
      for (Piece p : Contents.of(received)) {
        if (p.channel() == channel) {
          return p.text();
        }
      }
      return null;
    }
  }
}
