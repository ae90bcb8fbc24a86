package dev.palisade.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.palisade.Action;
import dev.palisade.Contents;
import dev.palisade.ForwardingStreamingHandler;
import dev.palisade.GuardedCall;
import dev.palisade.Interceptor;
import dev.palisade.Outcome;
import dev.palisade.Piece;
import dev.palisade.PolicyViolationException;
import dev.palisade.StreamingInterceptor;
import dev.palisade.detect.Channel;
import dev.palisade.detect.Finding;
import dev.palisade.detect.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Filters what the model produces (answer text, thinking, tool-call arguments) with the rules for
 * the {@link Channel#OUTPUT} channel: BLOCK hits stop the call, REDACT and ANONYMIZE hits are
 * replaced in place by typed markers, MONITOR hits are recorded.
 *
 * <p>Values the guard itself put into the request (anonymization tokens, surrogates) are not
 * findings: they are the user's own data and are restored later.
 *
 * <h2>Streaming</h2>
 * Answer text is held back by a window of {@code window} characters: when text is inspected, the
 * text from {@code window} characters before the released point to the end is inspected, and
 * everything up to {@code window} characters before the end is released, except that a release
 * never cuts a finding. A match of at most {@code window} characters is therefore seen whole
 * however the stream is split. Text is inspected as soon as the window first fills (so the first
 * text is delayed by at most {@code window} characters), then each time {@code window / 8} more
 * characters (at least one) have arrived, and at the end: inspecting on every small chunk would scan
 * the window again for each few characters. Between inspections up to {@code window / 8 - 1}
 * characters more than the window wait. A BLOCK cancels the upstream stream and ends with {@code onError};
 * the number of characters already released is kept in the call (attribute
 * {@link #RELEASED_CHARS}) for the audit record. Thinking and tool-call chunks pass through as they
 * come; the complete response carries them filtered.
 */
public final class OutputFilter implements Interceptor, StreamingInterceptor {

  /** Call attribute: how many characters of answer text reached the app before a block. */
  public static final String RELEASED_CHARS = "palisade.output.releasedChars";

  private final Inspector inspector;
  private final int window;
  private final int step;

  public OutputFilter(Inspector inspector, int window) {
    this.inspector = inspector;
    this.window = window;
    this.step = Math.max(1, window / 8);
  }

  @Override
  public ChatResponse intercept(Interceptor.Chain chain) {
    ChatResponse response = chain.proceed(chain.request());
    if (!inspector.covers(Channel.OUTPUT)) {
      return response;
    }
    long t0 = System.nanoTime();
    GuardedCall call = chain.call();
    List<Outcome> blocking = new ArrayList<>();
    OutputContext context = new OutputContext(call, chain.request());
    ChatResponse filtered = Contents.rewrite(response, p -> filter(call, context, p, blocking));
    call.addStageTime("output", System.nanoTime() - t0);
    return blocking.isEmpty() ? filtered : Blocking.respond(call, blocking);
  }

  private String filter(GuardedCall call, OutputContext context, Piece piece, List<Outcome> blocking) {
    List<Hit> hits = hits(call, context, piece.text());
    for (Outcome o : Outcomes.of(piece, hits, Action.BLOCK, Action.REDACT, Action.ANONYMIZE, Action.MONITOR)) {
      call.record(o);
      if (o.action() == Action.BLOCK) {
        blocking.add(o);
      }
    }
    return Redaction.apply(piece.text(), redactions(hits));
  }

  /**
   * Active hits on {@code text}, minus personal-data hits that touch one of the guard's own
   * replacement values (a token such as {@code <EMAIL_ADDRESS_1>} is the user's own data, restored
   * later; a detector that sees a name inside it must not cut it).
   */
  private List<Hit> hits(GuardedCall call, OutputContext context, String text) {
    List<Hit> all = inspector.inspect(text, context, "output answer");
    List<Span> own = occurrences(text, call.replacements());
    List<Hit> out = new ArrayList<>(all.size());
    for (Hit h : all) {
      if (h.active() && !(h.finding().type().isPii() && overlapsAny(h.finding().span(), own))) {
        out.add(h);
      }
    }
    return out;
  }

  private static List<Span> occurrences(String text, Set<String> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    List<Span> spans = new ArrayList<>();
    for (String v : values) {
      for (int i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + 1)) {
        spans.add(Span.of(i, i + v.length()));
      }
    }
    return spans;
  }

  private static boolean overlapsAny(Span span, List<Span> spans) {
    for (Span s : spans) {
      if (s.overlaps(span)) {
        return true;
      }
    }
    return false;
  }

  private static List<Finding> redactions(List<Hit> hits) {
    List<Finding> out = new ArrayList<>();
    for (Hit h : hits) {
      if (h.is(Action.REDACT, Action.ANONYMIZE)) {
        out.add(h.finding());
      }
    }
    return out;
  }

  @Override
  public void intercept(StreamingInterceptor.Chain chain) {
    StreamingChatResponseHandler handler = inspector.covers(Channel.OUTPUT)
        ? new Filtering(chain.call(), new OutputContext(chain.call(), chain.request()), chain.handler())
        : chain.handler();
    chain.proceed(chain.request(), handler);
  }

  /** Holds back, inspects and releases streamed answer text. */
  private final class Filtering extends ForwardingStreamingHandler {
    private final GuardedCall call;
    private final OutputContext context;
    private final StringBuilder raw = new StringBuilder();
    private final StringBuilder released = new StringBuilder();
    /** Index into {@code raw} up to which text has been decided and released. */
    private int decided;
    /** Length of {@code raw} at the last inspection; 0 before the first. */
    private int inspected;
    private final Set<String> recorded = new HashSet<>();
    private final List<Finding> blockingFindings = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private boolean done;

    Filtering(GuardedCall call, OutputContext context, StreamingChatResponseHandler delegate) {
      super(delegate);
      this.call = call;
      this.context = context;
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
      raw.append(partial.text());
      String delta = advance(false, context == null ? null : context.streamingHandle());
      if (!delta.isEmpty()) {
        delegate.onPartialResponse(new PartialResponse(delta), context);
      }
    }

    @Override
    public synchronized void onCompleteResponse(ChatResponse response) {
      if (done) {
        return;
      }
      AiMessage ai = response.aiMessage();
      if (raw.length() == 0 && ai != null && ai.text() != null) {
        raw.append(ai.text()); // a model that streamed nothing and answered at once
      }
      String delta = advance(true, null);
      if (done) {
        return;
      }
      if (!delta.isEmpty()) {
        delegate.onPartialResponse(new PartialResponse(delta), null);
      }
      done = true;
      outcomes.forEach(call::record);
      List<Outcome> blocking = new ArrayList<>();
      String text = released.toString();
      ChatResponse filtered = Contents.rewrite(response,
          p -> p.kind() == Piece.Kind.TEXT ? text : filter(call, context, p, blocking));
      if (!blocking.isEmpty()) {
        delegate.onError(new PolicyViolationException(blocking));
        return;
      }
      delegate.onCompleteResponse(filtered);
    }

    @Override
    public synchronized void onError(Throwable error) {
      if (!done) {
        done = true;
        outcomes.forEach(call::record);
        delegate.onError(error);
      }
    }

    /** Inspects what is not yet released and releases what is safe; returns the released text. */
    private String advance(boolean last, StreamingHandle handle) {
      int end = raw.length();
      int releaseTo = last ? end : end - window;
      if (releaseTo <= decided || !last && inspected > 0 && end - inspected < step) {
        return "";
      }
      inspected = end;
      long t0 = System.nanoTime();
      int from = Math.max(0, decided - window);
      String text = raw.substring(from);
      List<Finding> redact = new ArrayList<>();
      for (Hit h : hits(call, context, text)) {
        Finding f = h.finding();
        int start = from + f.start();
        int stop = from + f.end();
        if (stop <= decided) {
          continue; // decided earlier
        }
        if (!last && start < releaseTo && stop > releaseTo) {
          releaseTo = start; // never cut a finding
          if (releaseTo <= decided) {
            break;
          }
        }
        if (start < releaseTo || last) {
          note(h, start, stop);
          if (h.is(Action.BLOCK)) {
            blockingFindings.add(Finding.of(f.type(), start, stop, f.score(), f.detector()));
          } else if (h.is(Action.REDACT, Action.ANONYMIZE)) {
            redact.add(Finding.of(f.type(), Math.max(start, decided) - decided, stop - decided, f.score(), f.detector()));
          }
        }
      }
      call.addStageTime("output", System.nanoTime() - t0);
      if (!blockingFindings.isEmpty()) {
        block(handle);
        return "";
      }
      if (releaseTo <= decided) {
        return "";
      }
      List<Finding> inRange = new ArrayList<>();
      for (Finding f : redact) {
        if (f.start() < releaseTo - decided) {
          inRange.add(f);
        }
      }
      String delta = Redaction.apply(raw.substring(decided, releaseTo), clip(inRange, releaseTo - decided));
      decided = releaseTo;
      released.append(delta);
      return delta;
    }

    private List<Finding> clip(List<Finding> findings, int length) {
      List<Finding> out = new ArrayList<>(findings.size());
      for (Finding f : findings) {
        out.add(f.end() <= length ? f : Finding.of(f.type(), f.start(), length, f.score(), f.detector()));
      }
      return out;
    }

    private void note(Hit h, int start, int stop) {
      if (recorded.add(h.rule().id() + '@' + start + '-' + stop)) {
        Finding f = h.finding();
        outcomes.add(new Outcome(h.rule().id(), h.action(), Channel.OUTPUT, -1,
            List.of(Finding.of(f.type(), start, stop, f.score(), f.detector())),
            h.action() == Action.MONITOR ? h.rule().enforcedAction(f.type()) : h.action()));
      }
    }

    private void block(StreamingHandle handle) {
      done = true;
      if (handle != null) {
        handle.cancel();
      }
      outcomes.forEach(call::record);
      call.attribute(RELEASED_CHARS, released.length());
      List<Outcome> blocking = new ArrayList<>();
      for (Outcome o : outcomes) {
        if (o.action() == Action.BLOCK) {
          blocking.add(o);
        }
      }
      delegate.onError(new PolicyViolationException(blocking));
    }
  }
}
