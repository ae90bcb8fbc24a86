package dev.palisade.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import dev.palisade.Action;
import dev.palisade.Contents;
import dev.palisade.Decision;
import dev.palisade.ForwardingStreamingHandler;
import dev.palisade.GuardFailureException;
import dev.palisade.GuardedCall;
import dev.palisade.Interceptor;
import dev.palisade.Outcome;
import dev.palisade.Piece;
import dev.palisade.PolicyInfo;
import dev.palisade.PolicyViolationException;
import dev.palisade.StreamingInterceptor;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditSink;
import dev.palisade.detect.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outermost step: times the call and writes one audit record with its decision, the action of
 * each rule, the findings (types, offsets, scores; never text), stage latencies, provider, model and
 * token usage; with payload capture on, also the original and transformed request and answer,
 * which the log stores only encrypted.
 *
 * <p>Never changes the outcome of a call, with one exception: when the sink refuses the record (a
 * full queue configured to fail closed, a broken disk), the call fails with
 * {@link GuardFailureException} rather than going unrecorded.
 */
public final class AuditStep implements Interceptor, StreamingInterceptor {

  /** Call attribute under which the model step leaves the request it sent. */
  public static final String SENT = "palisade.audit.sent";
  /** Call attribute under which the model step leaves the answer as the model gave it. */
  public static final String RECEIVED = "palisade.audit.received";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditSink sink;
  private final String provider;
  private final boolean payloads;

  public AuditStep(AuditSink sink, String provider, boolean payloads) {
    this.sink = sink;
    this.provider = provider;
    this.payloads = payloads;
  }

  @Override
  public ChatResponse intercept(Interceptor.Chain chain) {
    long t0 = System.nanoTime();
    ChatResponse response = null;
    RuntimeException error = null;
    try {
      response = chain.proceed(chain.request());
      return response;
    } catch (RuntimeException e) {
      error = e;
      throw e;
    } finally {
      write(chain.call(), chain.request(), response, error, System.nanoTime() - t0, error);
    }
  }

  @Override
  public void intercept(StreamingInterceptor.Chain chain) {
    long t0 = System.nanoTime();
    GuardedCall call = chain.call();
    ChatRequest request = chain.request();
    AtomicBoolean written = new AtomicBoolean();
    chain.proceed(request, new ForwardingStreamingHandler(chain.handler()) {
      @Override
      public void onCompleteResponse(ChatResponse response) {
        if (written.compareAndSet(false, true)) {
          try {
            write(call, request, response, null, System.nanoTime() - t0, null);
          } catch (GuardFailureException e) {
            delegate.onError(e);
            return;
          }
        }
        delegate.onCompleteResponse(response);
      }

      @Override
      public void onError(Throwable error) {
        if (written.compareAndSet(false, true)) {
          try {
            write(call, request, null, error, System.nanoTime() - t0, null);
          } catch (GuardFailureException e) {
            error.addSuppressed(e);
          }
        }
        delegate.onError(error);
      }
    });
  }

  private void write(GuardedCall call, ChatRequest request, ChatResponse response, Throwable error,
      long totalNanos, RuntimeException pending) {
    AuditRecord record;
    try {
      record = record(call, request, response, error, totalNanos);
    } catch (RuntimeException e) {
      // A bug in building the record must not hide the call's own outcome.
      if (pending != null) {
        pending.addSuppressed(e);
        return;
      }
      throw new GuardFailureException("could not build the audit record (" + e.getClass().getSimpleName() + ")");
    }
    try {
      sink.append(record);
    } catch (RuntimeException e) {
      GuardFailureException failure =
          new GuardFailureException("the audit log refused the record; failing closed", e);
      if (pending != null) {
        pending.addSuppressed(failure);
        return;
      }
      throw failure;
    }
  }

  private AuditRecord record(GuardedCall call, ChatRequest request, ChatResponse response, Throwable error,
      long totalNanos) {
    PolicyInfo policy = call.guard().policy();
    Decision decision = error instanceof PolicyViolationException ? Decision.BLOCK : call.decision();
    AuditRecord.Builder b = AuditRecord.builder()
        .kind(AuditRecord.Kind.CALL)
        .time(call.started())
        .tenantId(call.context().tenantId())
        .subjectId(call.context().userId().orElse(call.context().tenantId()))
        .policy(policy.id(), policy.version(), policy.sha256())
        .decision(decision.name())
        .provider(provider);
    call.context().conversationId().ifPresent(b::conversationId);
    int answerIndex = request.messages().size();
    Map<String, Action> actions = new LinkedHashMap<>();
    Map<String, Action> monitored = new LinkedHashMap<>();
    for (Outcome o : call.outcomes()) {
      actions.merge(o.ruleId(), o.action(), (x, y) -> x.decision().compareTo(y.decision()) >= 0 ? x : y);
      if (o.monitored()) {
        monitored.merge(o.ruleId(), o.enforced(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
      }
      int message = o.messageIndex() < 0 ? answerIndex : o.messageIndex();
      for (Finding f : o.findings()) {
        b.finding(AuditRecord.FindingEntry.of(f, o.channel(), message));
      }
    }
    actions.forEach((rule, action) -> b.action(rule, action.name()));
    monitored.forEach((rule, action) -> b.monitored(rule, action.name()));
    call.stageNanos().forEach(b::latency);
    b.latency("total", totalNanos);
    if (response != null) {
      if (response.modelName() != null) {
        b.model(response.modelName());
      }
      TokenUsage usage = response.tokenUsage();
      if (usage != null && usage.inputTokenCount() != null && usage.outputTokenCount() != null) {
        b.tokens(usage.inputTokenCount(), usage.outputTokenCount());
      }
    } else if (request.parameters() != null && request.parameters().modelName() != null) {
      b.model(request.parameters().modelName());
    }
    if (error != null) {
      b.detail("error", error.getClass().getSimpleName());
    }
    Object released = call.attribute(OutputFilter.RELEASED_CHARS);
    if (released != null) {
      b.detail("releasedChars", released.toString());
    }
    if (payloads) {
      b.payload("request", texts(Contents.of(request)));
      ChatRequest sent = call.attribute(SENT);
      if (sent != null) {
        b.payload("sent", texts(Contents.of(sent)));
      }
      ChatResponse received = call.attribute(RECEIVED);
      if (received != null) {
        b.payload("received", texts(Contents.of(received)));
      }
      if (response != null) {
        b.payload("answer", texts(Contents.of(response)));
      }
    }
    return b.build();
  }

  private static String texts(List<Piece> pieces) {
    ArrayNode array = JSON.createArrayNode();
    for (Piece p : pieces) {
      array.addObject()
          .put("channel", p.channel().id())
          .put("kind", p.kind().name())
          .put("message", p.messageIndex())
          .put("text", p.text());
    }
    return array.toString();
  }
}
