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
 * @param enforced what the rule would have done were it enforced: the same as {@code action}
 *     except in monitor mode, where {@code action} is {@link Action#MONITOR} and this is, for
 *     example, {@link Action#BLOCK}
 */
public record Outcome(String ruleId, Action action, Channel channel, int messageIndex, List<Finding> findings,
    Action enforced) {

  public Outcome {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(enforced, "enforced");
    findings = List.copyOf(findings);
  }

  /** An outcome of an enforced rule: {@code enforced} is {@code action}. */
  public Outcome(String ruleId, Action action, Channel channel, int messageIndex, List<Finding> findings) {
    this(ruleId, action, channel, messageIndex, findings, action);
  }

  /** True if monitor mode recorded this outcome instead of taking a stronger action. */
  public boolean monitored() {
    return action == Action.MONITOR && enforced.compareTo(Action.MONITOR) > 0;
  }

  public Decision decision() {
    return action.decision();
  }

  /**
   * For example {@code rule 'injection' BLOCK on user message 2 (PROMPT_INJECTION 0.97)}, or in
   * monitor mode {@code rule 'injection' MONITOR (would BLOCK) on user message 2 (...)}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder("rule '").append(ruleId).append("' ").append(action);
    if (monitored()) {
      sb.append(" (would ").append(enforced).append(')');
    }
    sb.append(" on ").append(channel.id());
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
