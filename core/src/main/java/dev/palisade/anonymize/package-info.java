/**
 * Anonymization: the {@link dev.palisade.anonymize.Anonymizer} replaces personal data with
 * tokens chosen per entity type by an {@link dev.palisade.anonymize.Operator}, remembers them per
 * conversation in a {@link dev.palisade.anonymize.Vault}, and restores the user's values in the
 * model's answer, also when it is streamed ({@link dev.palisade.anonymize.StreamingRestorer}).
 */
package dev.palisade.anonymize;
