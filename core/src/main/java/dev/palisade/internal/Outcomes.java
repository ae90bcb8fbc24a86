package dev.palisade.internal;

import dev.palisade.Action;
import dev.palisade.Outcome;
import dev.palisade.Piece;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups a piece's hits into one {@link Outcome} per rule and action. */
final class Outcomes {

  private Outcomes() {}

  static List<Outcome> of(Piece piece, List<Hit> hits, Action... actions) {
    Map<String, List<Finding>> byRuleAndAction = new LinkedHashMap<>();
    Map<String, Hit> first = new LinkedHashMap<>();
    for (Hit h : hits) {
      if (h.is(actions)) {
        String key = h.rule().id() + '\0' + h.action();
        byRuleAndAction.computeIfAbsent(key, k -> new ArrayList<>()).add(h.finding());
        first.putIfAbsent(key, h);
      }
    }
    List<Outcome> out = new ArrayList<>();
    byRuleAndAction.forEach((key, findings) -> {
      Hit h = first.get(key);
      Action enforced = h.action();
      for (Finding f : findings) {
        Action a = h.rule().enforcedAction(f.type());
        enforced = h.action() == Action.MONITOR && a.compareTo(enforced) > 0 ? a : enforced;
      }
      out.add(new Outcome(h.rule().id(), h.action(), piece.channel(), piece.messageIndex(), findings, enforced));
    });
    return out;
  }
}
