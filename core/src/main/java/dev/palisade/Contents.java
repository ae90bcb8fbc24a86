package dev.palisade;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.palisade.Piece.Kind;
import dev.palisade.detect.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every text a model reads or writes, as {@link Piece}s, and the same request or response with
 * some of those texts replaced.
 *
 * <p>Channels: system messages are {@link Channel#SYSTEM}; user messages {@link Channel#USER};
 * tool results {@link Channel#TOOL}; the model's messages (in history and in the answer: text,
 * thinking and tool-call arguments) {@link Channel#OUTPUT}. Retrieved documents are
 * {@link Channel#DOCUMENT} when a user message carries the attribute {@value #CHANNEL_ATTRIBUTE} =
 * {@code "document"}, and for the part of a user message after LangChain4j's default RAG marker
 * ("Answer using the following information:"). Non-text parts (images, audio, PDF) are not pieces
 * and pass through unchanged.
 */
public final class Contents {

  /** UserMessage attribute naming the channel of its text: {@code "document"} or {@code "tool"}. */
  public static final String CHANNEL_ATTRIBUTE = "palisade.channel";

  /** How LangChain4j's DefaultContentInjector introduces retrieved content. */
  static final String RAG_MARKER = "\n\nAnswer using the following information:\n";

  private Contents() {}

  /** The pieces of a request, in message order. */
  public static List<Piece> of(ChatRequest request) {
    List<Piece> pieces = new ArrayList<>();
    rewrite(request, p -> {
      pieces.add(p);
      return p.text();
    });
    return pieces;
  }

  /** The pieces of a model's answer. */
  public static List<Piece> of(ChatResponse response) {
    List<Piece> pieces = new ArrayList<>();
    rewrite(response, p -> {
      pieces.add(p);
      return p.text();
    });
    return pieces;
  }

  /**
   * The request with each piece's text replaced by {@code replacement.apply(piece)}; the same
   * instance when nothing changed.
   */
  public static ChatRequest rewrite(ChatRequest request, Function<Piece, String> replacement) {
    Walker w = new Walker(replacement);
    List<ChatMessage> messages = request.messages();
    List<ChatMessage> out = new ArrayList<>(messages.size());
    boolean changed = false;
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      ChatMessage r = w.message(m, i);
      changed |= r != m;
      out.add(r);
    }
    return changed ? request.toBuilder().messages(out).build() : request;
  }

  /** The response with each piece of its answer replaced; the same instance when nothing changed. */
  public static ChatResponse rewrite(ChatResponse response, Function<Piece, String> replacement) {
    AiMessage m = response.aiMessage();
    if (m == null) {
      return response;
    }
    AiMessage r = new Walker(replacement).ai(m, -1);
    return r == m ? response : response.toBuilder().aiMessage(r).build();
  }

  private static final class Walker {
    private final Function<Piece, String> fn;
    private int ordinal;

    Walker(Function<Piece, String> fn) {
      this.fn = fn;
    }

    private String apply(Channel channel, Kind kind, int index, String text) {
      String r = fn.apply(new Piece(channel, kind, index, ordinal++, text));
      return r == null ? text : r;
    }

    ChatMessage message(ChatMessage m, int index) {
      if (m instanceof SystemMessage s) {
        String t = apply(Channel.SYSTEM, Kind.TEXT, index, s.text());
        return t.equals(s.text()) ? s : SystemMessage.from(t);
      } else if (m instanceof UserMessage u) {
        return user(u, index);
      } else if (m instanceof AiMessage a) {
        return ai(a, index);
      } else if (m instanceof ToolExecutionResultMessage t) {
        List<Content> contents = contents(t.contents(), Channel.TOOL, index, false);
        return contents == null ? t : t.toBuilder().text(null).contents(contents).build();
      }
      return m;
    }

    private UserMessage user(UserMessage u, int index) {
      Object marked = u.attributes().get(CHANNEL_ATTRIBUTE);
      Channel channel = "document".equals(marked) ? Channel.DOCUMENT
          : "tool".equals(marked) ? Channel.TOOL : Channel.USER;
      List<Content> contents = contents(u.contents(), channel, index, channel == Channel.USER);
      return contents == null ? u : u.toBuilder().contents(contents).build();
    }

    /** The rewritten parts, or null when none changed. */
    private List<Content> contents(List<Content> parts, Channel channel, int index, boolean splitRag) {
      List<Content> out = null;
      for (int i = 0; i < parts.size(); i++) {
        Content c = parts.get(i);
        if (c instanceof TextContent tc) {
          String t = splitRag ? userText(tc.text(), index) : apply(channel, Kind.TEXT, index, tc.text());
          if (!t.equals(tc.text())) {
            if (out == null) {
              out = new ArrayList<>(parts);
            }
            out.set(i, TextContent.from(t));
          }
        }
      }
      return out;
    }

    private String userText(String text, int index) {
      int marker = text.indexOf(RAG_MARKER);
      if (marker < 0) {
        return apply(Channel.USER, Kind.TEXT, index, text);
      }
      int docs = marker + RAG_MARKER.length();
      String user = apply(Channel.USER, Kind.TEXT, index, text.substring(0, marker));
      String retrieved = apply(Channel.DOCUMENT, Kind.TEXT, index, text.substring(docs));
      return user + RAG_MARKER + retrieved;
    }

    AiMessage ai(AiMessage a, int index) {
      boolean changed = false;
      AiMessage.Builder b = a.toBuilder();
      if (a.text() != null) {
        String t = apply(Channel.OUTPUT, Kind.TEXT, index, a.text());
        if (!t.equals(a.text())) {
          b.text(t);
          changed = true;
        }
      }
      if (a.thinking() != null) {
        String t = apply(Channel.OUTPUT, Kind.THINKING, index, a.thinking());
        if (!t.equals(a.thinking())) {
          b.thinking(t);
          changed = true;
        }
      }
      if (a.hasToolExecutionRequests()) {
        List<ToolExecutionRequest> requests = new ArrayList<>();
        boolean toolsChanged = false;
        for (ToolExecutionRequest r : a.toolExecutionRequests()) {
          String args = r.arguments() == null ? "" : r.arguments();
          String t = apply(Channel.OUTPUT, Kind.TOOL_ARGUMENTS, index, args);
          if (!t.equals(args)) {
            requests.add(r.toBuilder().arguments(t).build());
            toolsChanged = true;
          } else {
            requests.add(r);
          }
        }
        if (toolsChanged) {
          b.toolExecutionRequests(requests);
          changed = true;
        }
      }
      return changed ? b.build() : a;
    }
  }

  /** A user message holding retrieved or third-party text, screened as a {@link Channel#DOCUMENT}. */
  public static UserMessage document(String text) {
    return UserMessage.builder()
        .addContent(TextContent.from(text))
        .attributes(Map.of(CHANNEL_ATTRIBUTE, "document"))
        .build();
  }
}
