package dev.palisade;

import dev.palisade.detect.Channel;
import dev.palisade.detect.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What one rule did to one piece of content: the action taken and the findings it acted on.
 *
 * <p>Holds no content, so it is safe to log, audit and put in exception messages.
 *
 * @param ruleId the rule
 * @param action what was done
 * @param channel where the content came from
 * @param messageIndex the index of the message in the request, or -1 for the model's answer
 * @param findings what the rule found (offsets into that piece of content)
 */
public record Outcome(String ruleId, Action action, Channel channel, int messageIndex, List<Finding> findings) {

  public Outcome {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(channel, "channel");
    findings = List.copyOf(findings);
  }

  public Decision decision() {
    return action.decision();
  }

  /** For example {@code rule 'injection' BLOCK on user message 2 (PROMPT_INJECTION 0.97)}. */
  public String describe() {
    StringBuilder sb = new StringBuilder("rule '").append(ruleId).append("' ").append(action)
        .append(" on ").append(channel.id());
    sb.append(messageIndex >= 0 ? " message " + messageIndex : " answer");
    if (!findings.isEmpty()) {
      sb.append(" (");
      for (int i = 0; i < findings.size() && i < 5; i++) {
        Finding f = findings.get(i);
        sb.append(i == 0 ? "" : ", ").append(f.type()).append(' ').append(String.format("%.2f", f.score()));
      }
      sb.append(findings.size() > 5 ? ", ..." : "").append(')');
    }
    return sb.toString();
  }
}
