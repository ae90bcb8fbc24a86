package dev.palisade.policy;

import dev.palisade.Action;
import dev.palisade.detect.Channel;
import dev.palisade.detect.EntityType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One rule of an effective policy, as written (after merging its bases), with the detector's
 * defaults filled in.
 *
 * @param id the rule's id
 * @param description what the rule is for
 * @param requirements the requirements it serves (e.g. {@code OWASP LLM01})
 * @param detector the detector's name
 * @param options the detector's options
 * @param channels where the rule looks
 * @param entities the entity types it acts on (empty: all the detector reports)
 * @param minScore findings below this are ignored
 * @param action what is done with a finding
 * @param actions per entity type actions
 * @param operator how anonymize replaces values
 * @param operators per entity type operators
 * @param mode the rule's effective mode (its own, else the policy's)
 * @param failOpen whether a failing detector lets the call go on
 * @param timeout the longest the detector may take on one piece
 */
public record PolicyRule(String id, String description, List<String> requirements, String detector,
    Map<String, Object> options, Set<Channel> channels, Set<EntityType> entities, double minScore,
    Action action, Map<EntityType, Action> actions, AnonymizeOperator operator,
    Map<EntityType, AnonymizeOperator> operators, Policy.Mode mode, boolean failOpen,
    Optional<Duration> timeout) {

  public PolicyRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    requirements = List.copyOf(requirements);
    Objects.requireNonNull(detector, "detector");
    options = Map.copyOf(options);
    channels = Set.copyOf(channels);
    entities = Set.copyOf(entities);
    Objects.requireNonNull(action, "action");
    actions = Map.copyOf(actions);
    Objects.requireNonNull(operator, "operator");
    operators = Map.copyOf(operators);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** The operator for values of {@code type}. */
  public AnonymizeOperator operator(EntityType type) {
    return operators.getOrDefault(type, operator);
  }
}
