package dev.palisade.internal;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.palisade.Contents;
import dev.palisade.GuardedCall;
import dev.palisade.Piece;
import dev.palisade.detect.Channel;
import dev.palisade.detect.DetectionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The hits of every rule on every input piece of one request, computed once per call and shared
 * by the interceptors that need them (the input screen and anonymization).
 *
 * @param request the request inspected
 * @param pieces its pieces, by ordinal
 * @param hits the hits for each piece, by ordinal (empty for pieces no rule inspects)
 */
public record Inspections(ChatRequest request, List<Piece> pieces, List<List<Hit>> hits) {

  private static final Object KEY = Inspections.class;

  /** The inspections of {@code request}, reused when this call already inspected the same request. */
  public static Inspections of(GuardedCall call, ChatRequest request, Inspector inspector) {
    Inspections cached = call.attribute(KEY);
    if (cached != null && cached.request == request) {
      return cached;
    }
    List<Piece> pieces = Contents.of(request);
    List<List<Hit>> hits = new ArrayList<>(pieces.size());
    for (Piece p : pieces) {
      boolean input = p.channel() != Channel.OUTPUT;
      hits.add(input ? inspector.inspect(p.text(), DetectionContext.of(p.channel()), where(p)) : List.of());
    }
    Inspections result = new Inspections(request, List.copyOf(pieces), List.copyOf(hits));
    call.attribute(KEY, result);
    return result;
  }

  /** How a piece is named in messages: "user message 2", "answer". */
  public static String where(Piece p) {
    return p.messageIndex() < 0 ? p.channel().id() + " answer" : p.channel().id() + " message " + p.messageIndex();
  }
}
