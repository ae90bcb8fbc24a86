package dev.palisade.internal;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.palisade.Action;
import dev.palisade.GuardedCall;
import dev.palisade.Interceptor;
import dev.palisade.Outcome;
import dev.palisade.StreamingInterceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Screens every input piece (system, user, document and tool-result text of all turns) with the
 * rules for its channel: blocks the call on a BLOCK hit, records MONITOR hits. Transforming hits
 * are left to anonymization.
 */
public final class InputScreen implements Interceptor, StreamingInterceptor {

  private final Inspector inspector;

  public InputScreen(Inspector inspector) {
    this.inspector = inspector;
  }

  @Override
  public ChatResponse intercept(Interceptor.Chain chain) {
    List<Outcome> blocking = screen(chain.call(), chain.request());
    return blocking.isEmpty() ? chain.proceed(chain.request()) : Blocking.respond(chain.call(), blocking);
  }

  @Override
  public void intercept(StreamingInterceptor.Chain chain) {
    List<Outcome> blocking = screen(chain.call(), chain.request());
    if (blocking.isEmpty()) {
      chain.proceed(chain.request(), chain.handler());
    } else {
      Blocking.respond(chain.call(), blocking, chain.handler());
    }
  }

  private List<Outcome> screen(GuardedCall call, ChatRequest request) {
    if (!inspector.inspectsInput()) {
      return List.of();
    }
    long t0 = System.nanoTime();
    Inspections inspections = Inspections.of(call, request, inspector);
    List<Outcome> blocking = new ArrayList<>();
    for (int i = 0; i < inspections.pieces().size(); i++) {
      for (Outcome o : Outcomes.of(inspections.pieces().get(i), inspections.hits().get(i), Action.BLOCK, Action.MONITOR)) {
        call.record(o);
        if (o.action() == Action.BLOCK) {
          blocking.add(o);
        }
      }
    }
    call.addStageTime("input", System.nanoTime() - t0);
    return blocking;
  }
}
