package dev.palisade.internal;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.palisade.Action;
import dev.palisade.CallContext;
import dev.palisade.Contents;
import dev.palisade.ForwardingStreamingHandler;
import dev.palisade.GuardedCall;
import dev.palisade.Interceptor;
import dev.palisade.Outcome;
import dev.palisade.Piece;
import dev.palisade.StreamingInterceptor;
import dev.palisade.anonymize.Anonymized;
import dev.palisade.anonymize.Anonymizer;
import dev.palisade.anonymize.Replacement;
import dev.palisade.anonymize.Scope;
import dev.palisade.anonymize.StreamingRestorer;
import dev.palisade.detect.Channel;
import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces personal data before the request leaves and restores it in the answer, in one scope.
 *
 * <p>On the way in, every piece of the request (system, user, document and tool-result text, and
 * the model's earlier answers in the history) is anonymized where a rule's action is
 * {@link Action#ANONYMIZE} (by the {@link Anonymizer}'s operator for the type) and redacted
 * with a typed marker where it is {@link Action#REDACT}. Overlapping findings are resolved first:
 * higher score, then longer, wins. Each token is registered with the call
 * ({@link GuardedCall#addReplacement}), so output rules do not mistake it for data the model made
 * up.
 *
 * <p>On the way back, the answer's text and thinking are restored; tool-call arguments only when
 * the policy lets tools see real values (they are JSON, so originals are escaped). Streamed text
 * and thinking are restored chunk by chunk with at most a token's length held back; the complete
 * response carries the same restored text.
 *
 * <p>Values live in the vault of the call's tenant and conversation
 * ({@link CallContext#conversationId()}). A call without a conversation id gets a scope of its
 * own, dropped when the call ends.
 */
public final class Anonymize implements Interceptor, StreamingInterceptor {

  /** Numbers the scopes of calls without a conversation id: unique within the process. */
  private static final AtomicLong CALLS = new AtomicLong();

  private final Inspector inspector;
  private final Anonymizer anonymizer;
  private final boolean toolsSeeRealValues;

  /**
   * @param toolsSeeRealValues whether tool-call arguments in the answer are restored before a
   *     tool runs (otherwise tools see the tokens)
   */
  public Anonymize(Inspector inspector, Anonymizer anonymizer, boolean toolsSeeRealValues) {
    this.inspector = Objects.requireNonNull(inspector, "inspector");
    this.anonymizer = Objects.requireNonNull(anonymizer, "anonymizer");
    this.toolsSeeRealValues = toolsSeeRealValues;
  }

  /** The scope of one call, and whether it belongs to this call alone. */
  private record CallScope(Scope scope, boolean perCall) {}

  private static CallScope scope(GuardedCall call) {
    CallContext c = call.context();
    return c.conversationId()
        .map(id -> new CallScope(Scope.of(c.tenantId(), id), false))
        .orElseGet(() -> new CallScope(Scope.of(c.tenantId(), "call:" + CALLS.incrementAndGet()), true));
  }

  private void end(CallScope s) {
    if (s.perCall()) {
      anonymizer.vault().forget(s.scope());
    }
  }

  @Override
  public ChatResponse intercept(Interceptor.Chain chain) {
    GuardedCall call = chain.call();
    CallScope s = scope(call);
    try {
      ChatRequest clean = anonymize(call, chain.request(), s.scope());
      ChatResponse response = chain.proceed(clean);
      long t0 = System.nanoTime();
      ChatResponse restored = Contents.rewrite(response, p -> restore(s.scope(), p));
      call.addStageTime("anonymize", System.nanoTime() - t0);
      return restored;
    } finally {
      end(s);
    }
  }

  @Override
  public void intercept(StreamingInterceptor.Chain chain) {
    GuardedCall call = chain.call();
    CallScope s = scope(call);
    ChatRequest clean;
    try {
      clean = anonymize(call, chain.request(), s.scope());
    } catch (RuntimeException e) {
      end(s);
      throw e;
    }
    chain.proceed(clean, new Restoring(call, s, chain.handler()));
  }

  /** The request with its pieces anonymized; the same instance when nothing changed. */
  private ChatRequest anonymize(GuardedCall call, ChatRequest request, Scope scope) {
    long t0 = System.nanoTime();
    Inspections inspections = Inspections.of(call, request, inspector);
    Map<Integer, String> replaced = new HashMap<>();
    boolean inspectHistory = inspector.covers(Channel.OUTPUT);
    for (int i = 0; i < inspections.pieces().size(); i++) {
      Piece piece = inspections.pieces().get(i);
      List<Hit> hits = piece.channel() != Channel.OUTPUT ? inspections.hits().get(i)
          : inspectHistory ? inspector.inspect(piece.text(), DetectionContext.of(Channel.OUTPUT), Inspections.where(piece))
          : List.of();
      List<Hit> acting = new ArrayList<>();
      for (Hit h : hits) {
        if (h.is(Action.ANONYMIZE, Action.REDACT)) {
          acting.add(h);
        }
      }
      if (acting.isEmpty()) {
        continue;
      }
      for (Outcome o : Outcomes.of(piece, acting, Action.ANONYMIZE, Action.REDACT)) {
        call.record(o);
      }
      replaced.put(piece.ordinal(), apply(call, scope, piece.text(), resolve(acting)));
    }
    call.addStageTime("anonymize", System.nanoTime() - t0);
    return replaced.isEmpty() ? request
        : Contents.rewrite(request, p -> replaced.getOrDefault(p.ordinal(), p.text()));
  }

  /** Non-overlapping hits: higher score, then longer, then earlier wins. */
  static List<Hit> resolve(List<Hit> hits) {
    List<Hit> sorted = new ArrayList<>(hits);
    sorted.sort(Comparator.comparingDouble((Hit h) -> -h.finding().score())
        .thenComparingInt(h -> -h.finding().span().length())
        .thenComparingInt(h -> h.finding().start()));
    List<Hit> chosen = new ArrayList<>();
    for (Hit h : sorted) {
      boolean free = h.finding().span().length() > 0;
      for (Hit c : chosen) {
        if (c.finding().span().overlaps(h.finding().span())) {
          free = false;
          break;
        }
      }
      if (free) {
        chosen.add(h);
      }
    }
    return chosen;
  }

  /**
   * {@code text} with its ANONYMIZE and REDACT hits applied in {@code scope} (hits resolved first);
   * for anonymizing a text on its own, outside a call.
   */
  public String anonymize(Scope scope, String text, List<Hit> hits) {
    List<Hit> acting = new ArrayList<>();
    for (Hit h : hits) {
      if (h.is(Action.ANONYMIZE, Action.REDACT)) {
        acting.add(h);
      }
    }
    return acting.isEmpty() ? text : apply(null, scope, text, resolve(acting));
  }

  private String apply(GuardedCall call, Scope scope, String text, List<Hit> hits) {
    List<Finding> anonymize = new ArrayList<>();
    List<Finding> redact = new ArrayList<>();
    for (Hit h : hits) {
      (h.action() == Action.ANONYMIZE ? anonymize : redact).add(h.finding());
    }
    Anonymized out = anonymizer.anonymize(scope, text, anonymize);
    for (Replacement r : out.replacements()) {
      if (call != null && !r.token().isEmpty()) {
        call.addReplacement(r.token());
      }
    }
    if (redact.isEmpty()) {
      return out.text();
    }
    // Move the redactions to where their text is after anonymization (they overlap no replacement).
    List<Finding> moved = new ArrayList<>(redact.size());
    for (Finding f : redact) {
      int shift = 0;
      for (Replacement r : out.replacements()) {
        if (r.source().end() <= f.start()) {
          shift += r.target().length() - r.source().length();
        }
      }
      moved.add(Finding.of(f.type(), f.start() + shift, f.end() + shift, f.score(), f.detector()));
    }
    return Redaction.apply(out.text(), moved);
  }

  private String restore(Scope scope, Piece piece) {
    return switch (piece.kind()) {
      case TEXT, THINKING -> anonymizer.restore(scope, piece.text());
      case TOOL_ARGUMENTS -> toolsSeeRealValues ? anonymizer.restoreJson(scope, piece.text()) : piece.text();
    };
  }

  /** Restores streamed text and thinking as they arrive. */
  private final class Restoring extends ForwardingStreamingHandler {
    private final GuardedCall call;
    private final CallScope scope;
    private final StreamingRestorer text;
    private final StreamingRestorer thinking;
    private PartialResponseContext lastTextContext;
    private PartialThinkingContext lastThinkingContext;
    private boolean done;

    Restoring(GuardedCall call, CallScope scope, StreamingChatResponseHandler delegate) {
      super(delegate);
      this.call = call;
      this.scope = scope;
      this.text = anonymizer.streamingRestorer(scope.scope());
      this.thinking = anonymizer.streamingRestorer(scope.scope());
    }

    @Override
    public void onPartialResponse(String partialResponse) {
      onPartialResponse(new PartialResponse(partialResponse), null);
    }

    @Override
    public synchronized void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
      if (done) {
        return;
      }
      lastTextContext = context;
      long t0 = System.nanoTime();
      String out = text.push(partial.text());
      call.addStageTime("anonymize", System.nanoTime() - t0);
      if (!out.isEmpty()) {
        delegate.onPartialResponse(new PartialResponse(out), context);
      }
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
      onPartialThinking(partialThinking, null);
    }

    @Override
    public synchronized void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
      if (done) {
        return;
      }
      lastThinkingContext = context;
      String out = thinking.push(partial.text());
      if (!out.isEmpty()) {
        delegate.onPartialThinking(new PartialThinking(out), context);
      }
    }

    @Override
    public synchronized void onCompleteToolCall(CompleteToolCall toolCall) {
      if (done) {
        return;
      }
      if (!toolsSeeRealValues || toolCall.toolExecutionRequest().arguments() == null) {
        delegate.onCompleteToolCall(toolCall);
        return;
      }
      String args = anonymizer.restoreJson(scope.scope(), toolCall.toolExecutionRequest().arguments());
      delegate.onCompleteToolCall(new CompleteToolCall(toolCall.index(),
          toolCall.toolExecutionRequest().toBuilder().arguments(args).build()));
    }

    @Override
    public synchronized void onCompleteResponse(ChatResponse response) {
      if (done) {
        return;
      }
      done = true;
      ChatResponse restored;
      try {
        String restOfThinking = thinking.flush();
        if (!restOfThinking.isEmpty()) {
          delegate.onPartialThinking(new PartialThinking(restOfThinking), lastThinkingContext);
        }
        String restOfText = text.flush();
        if (!restOfText.isEmpty()) {
          delegate.onPartialResponse(new PartialResponse(restOfText), lastTextContext);
        }
        restored = Contents.rewrite(response, p -> restore(scope.scope(), p));
      } catch (RuntimeException e) {
        end(scope);
        delegate.onError(e);
        return;
      }
      end(scope);
      delegate.onCompleteResponse(restored);
    }

    @Override
    public synchronized void onError(Throwable error) {
      if (!done) {
        done = true;
        end(scope);
        delegate.onError(error);
      }
    }
  }
}
