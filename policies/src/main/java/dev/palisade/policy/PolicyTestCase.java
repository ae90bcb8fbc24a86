package dev.palisade.policy;

import dev.palisade.Decision;
import dev.palisade.detect.Channel;
import dev.palisade.detect.EntityType;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A test case carried in a policy file: an input on a channel and what the policy must do with it.
 *
 * <p>{@code toString} omits the input and the expected text.
 *
 * @param name what the case shows
 * @param where {@code FILE:LINE:COL} of the case
 * @param channel where the input comes from
 * @param input the text
 * @param tenant run with this tenant's policy
 * @param decision the expected decision of the call
 * @param findings entity types that must be found
 * @param absent entity types that must not be found
 * @param text the expected text after the guard: what the model receives, or for the output
 *     channel what the application receives
 */
public record PolicyTestCase(String name, String where, Channel channel, String input,
    Optional<String> tenant, Optional<Decision> decision, Set<EntityType> findings,
    Set<EntityType> absent, Optional<String> text) {

  public PolicyTestCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(decision, "decision");
    findings = Set.copyOf(findings);
    absent = Set.copyOf(absent);
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return "PolicyTestCase{" + name + " at " + where + ", " + channel.id() + "}";
  }
}
