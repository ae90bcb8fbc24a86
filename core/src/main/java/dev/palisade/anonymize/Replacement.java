package dev.palisade.anonymize;

import dev.palisade.detect.EntityType;
import dev.palisade.detect.Span;
import java.util.Objects;

/**
 * One value the {@link Anonymizer} replaced: where it was, what it became and how. Holds the
 * token that went out, never the original.
 *
 * @param type the entity type of the finding
 * @param operator the operator applied (for {@code fpe}, its fallback when FF1 could not be used)
 * @param source where the value was in the input text
 * @param target where its token is in the anonymized text
 * @param token what the value became (empty for {@code redact})
 */
public record Replacement(EntityType type, Operator operator, Span source, Span target, String token) {

  public Replacement {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(token, "token");
  }
}
