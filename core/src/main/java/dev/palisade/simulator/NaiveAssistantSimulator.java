package dev.palisade.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.palisade.Contents;
import dev.palisade.Piece;
import dev.palisade.detect.Channel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIMULATED chat model, not a language model: a deterministic stand-in for an LLM that makes
 * every mistake Palisade exists to catch. It runs offline and is the model of
 * {@code bin/palisade demo} and of the examples.
 *
 * <p>Its behaviour, first rule that applies wins:
 * <ol>
 *   <li>after a tool result, it answers with the result;
 *   <li>when offered tools and asked to "look up" or "check" something, it calls the first tool
 *       with the user's words as the first parameter;
 *   <li>it obeys instructions injected into retrieved documents and tool results ("ignore previous
 *       instructions and ...");
 *   <li>asked for its instructions or system prompt, it recites the system prompt;
 *   <li>asked for keys, credentials or configuration, it makes up a secret-looking AWS key;
 *   <li>otherwise it repeats back what the user said, personal data included.
 * </ol>
 * {@link #streaming()} streams the same answers in chunks of {@value #CHUNK} characters and stops
 * when cancelled.
 *
 * <p>Thread-safe. {@link #lastRequest()} is what the model most recently received, for showing
 * what left the application.
 */
public final class NaiveAssistantSimulator implements ChatModel {

  static final int CHUNK = 6;

  private static final Pattern INJECTED = Pattern.compile(
      "(?i)ignore (?:all )?(?:previous|prior|above) instructions?[,.:;]?\\s*(?:and\\s+)?([^.\\n]{0,200})");
  private static final Pattern ASKS_PROMPT = Pattern.compile(
      "(?i)(system prompt|your instructions|your rules|repeat (the|everything) above)");
  private static final Pattern ASKS_SECRET = Pattern.compile(
      "(?i)(api key|access key|credentials|password|secret|configuration)");
  private static final Pattern ASKS_LOOKUP = Pattern.compile("(?i)\\b(look ?up|check|find)\\b");

  private final AtomicReference<ChatRequest> lastRequest = new AtomicReference<>();

  @Override
  public ChatResponse doChat(ChatRequest request) {
    lastRequest.set(request);
    AiMessage answer = answer(request);
    return ChatResponse.builder()
        .aiMessage(answer)
        .modelName("naive-assistant-simulator")
        .tokenUsage(new TokenUsage(words(Contents.of(request)), answer.text() == null ? 8 : answer.text().split("\\s+").length))
        .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
        .build();
  }

  /** The same simulator as a streaming model (sharing {@link #lastRequest()}). */
  public StreamingChatModel streaming() {
    return new StreamingChatModel() {
      @Override
      public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        stream(request, handler);
      }

      @Override
      public ModelProvider provider() {
        return ModelProvider.OTHER;
      }
    };
  }

  private void stream(ChatRequest request, StreamingChatResponseHandler handler) {
    ChatResponse response;
    try {
      response = doChat(request);
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    StreamingHandle handle = new StreamingHandle() {
      @Override
      public void cancel() {
        cancelled.set(true);
      }

      @Override
      public boolean isCancelled() {
        return cancelled.get();
      }
    };
    String text = response.aiMessage().text();
    if (text != null) {
      for (int i = 0; i < text.length(); i += CHUNK) {
        if (cancelled.get()) {
          return;
        }
        String chunk = text.substring(i, Math.min(text.length(), i + CHUNK));
        handler.onPartialResponse(new PartialResponse(chunk), new PartialResponseContext(handle));
      }
    }
    if (!cancelled.get()) {
      handler.onCompleteResponse(response);
    }
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** The request this model received last, or null. */
  public ChatRequest lastRequest() {
    return lastRequest.get();
  }

  private static AiMessage answer(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last instanceof ToolExecutionResultMessage result) {
      return AiMessage.from("Here is what I found: " + textOf(result));
    }
    List<Piece> pieces = Contents.of(request);
    String user = lastUserText(pieces);
    List<ToolSpecification> tools = request.toolSpecifications();
    if (tools != null && !tools.isEmpty() && ASKS_LOOKUP.matcher(user).find()) {
      ToolSpecification tool = tools.get(0);
      String param = tool.parameters() == null || tool.parameters().properties().isEmpty()
          ? "query" : tool.parameters().properties().keySet().iterator().next();
      return AiMessage.from(ToolExecutionRequest.builder()
          .id("call-" + Integer.toHexString(user.hashCode()))
          .name(tool.name())
          .arguments("{\"" + param + "\":" + json(user) + "}")
          .build());
    }
    for (Piece p : pieces) {
      if (p.channel() == Channel.DOCUMENT || p.channel() == Channel.TOOL) {
        Matcher m = INJECTED.matcher(p.text());
        if (m.find()) {
          return AiMessage.from("Understood, new instructions accepted. " + capitalize(m.group(1).trim()) + ".");
        }
      }
    }
    if (ASKS_PROMPT.matcher(user).find()) {
      String system = systemPrompt(messages);
      return AiMessage.from(system.isEmpty() ? "I have no instructions." : "My instructions are: " + system);
    }
    if (ASKS_SECRET.matcher(user).find()) {
      return AiMessage.from("Sure! The service uses AWS_ACCESS_KEY_ID=AKIAZ4XQ7TPLM3NRWK2D and "
          + "AWS_SECRET_ACCESS_KEY=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. Keep them safe.");
    }
    if (user.isEmpty()) {
      return AiMessage.from("How can I help?");
    }
    return AiMessage.from("Thanks! I noted what you told me: \"" + user + "\". Is there anything else?");
  }

  private static String lastUserText(List<Piece> pieces) {
    for (int i = pieces.size() - 1; i >= 0; i--) {
      if (pieces.get(i).channel() == Channel.USER) {
        return pieces.get(i).text();
      }
    }
    return "";
  }

  private static String systemPrompt(List<ChatMessage> messages) {
    for (ChatMessage m : messages) {
      if (m instanceof SystemMessage s) {
        return s.text();
      }
    }
    return "";
  }

  private static String textOf(ToolExecutionResultMessage result) {
    return result.hasSingleText() ? result.text() : "(no text)";
  }

  private static int words(List<Piece> pieces) {
    int n = 0;
    for (Piece p : pieces) {
      n += p.text().isBlank() ? 0 : p.text().trim().split("\\s+").length;
    }
    return n;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  private static String json(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
