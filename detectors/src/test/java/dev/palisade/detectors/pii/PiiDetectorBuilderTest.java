package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Builder options: each one changes what is found, and bad values fail at once. */
class PiiDetectorBuilderTest {

  @Test
  void defaultSetLoads() {
    PiiDetector d = PiiDetector.defaults();
    assertThat(d.types()).contains(EntityType.PERSON, EntityType.CREDIT_CARD, EntityType.of("IN_AADHAAR"));
    assertThat(d.detect("Angela Merkel visited Portugal.")).extracting(Finding::type)
        .contains(EntityType.PERSON, EntityType.LOCATION);
  }

  @Test
  void contextWordsRaiseWeakFindings() {
    PiiDetector d = PiiDetector.builder().ner(false).build();
    assertThat(types(d, "078051120 and 078051123")).doesNotContain(EntityType.US_SSN);
    assertThat(types(d, "my ssn is 078051123")).contains(EntityType.US_SSN);
    PiiDetector custom = PiiDetector.builder().ner(false).enabledTypes(Set.of(EntityType.US_BANK_NUMBER))
        .contextWords(EntityType.US_BANK_NUMBER, "konto").build();
    assertThat(types(custom, "konto 000123456789")).contains(EntityType.US_BANK_NUMBER);
  }

  @Test
  void negativeContextLowers() {
    PiiDetector d = PiiDetector.builder().ner(false).enabledTypes(Set.of(EntityType.PHONE_NUMBER))
        .negativeContextWords(EntityType.PHONE_NUMBER, "order").threshold(EntityType.PHONE_NUMBER, 0.5).build();
    assertThat(types(d, "order 415-555-0132")).isEmpty();
    assertThat(types(d, "call 415-555-0132")).contains(EntityType.PHONE_NUMBER);
  }

  @Test
  void allowAndDenyLists() {
    PiiDetector d = PiiDetector.builder().ner(false)
        .allowList("help@palisade.dev")
        .denyList(EntityType.of("PROJECT_NAME"), "Bluebird")
        .enabledTypes(Set.of(EntityType.EMAIL_ADDRESS, EntityType.of("PROJECT_NAME")))
        .build();
    List<Finding> f = d.detect("write help@palisade.dev or eve@example.com about bluebird");
    assertThat(f).extracting(x -> x.type().name()).containsExactly("EMAIL_ADDRESS", "PROJECT_NAME");
  }

  @Test
  void thresholdsAndEnabledTypes() {
    String text = "ref 4111 1111 1111 1111, mail a@example.com";
    PiiDetector onlyMail = PiiDetector.builder().ner(false).enabledTypes(Set.of(EntityType.EMAIL_ADDRESS)).build();
    assertThat(types(onlyMail, text)).containsExactly(EntityType.EMAIL_ADDRESS);
    PiiDetector strict = PiiDetector.builder().ner(false).threshold(EntityType.CREDIT_CARD, 0.95).build();
    assertThat(types(strict, text)).doesNotContain(EntityType.CREDIT_CARD);
  }

  @Test
  void phoneRegions() {
    String text = "ruf an: 030 901820";
    PiiDetector us = PiiDetector.builder().ner(false).enabledTypes(Set.of(EntityType.PHONE_NUMBER))
        .phoneRegions("US").threshold(EntityType.PHONE_NUMBER, 0.7).build();
    PiiDetector de = PiiDetector.builder().ner(false).enabledTypes(Set.of(EntityType.PHONE_NUMBER))
        .phoneRegions("DE").threshold(EntityType.PHONE_NUMBER, 0.7).build();
    assertThat(types(us, text)).isEmpty();
    assertThat(types(de, text)).contains(EntityType.PHONE_NUMBER);
  }

  @Test
  void badValuesFailAtOnce() {
    assertThatThrownBy(() -> PiiDetector.builder().phoneRegions("XX"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown phone region \"XX\"");
    assertThatThrownBy(() -> PiiDetector.builder().threshold(EntityType.PERSON, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("threshold must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> PiiDetector.builder().enabledTypes(Set.of(EntityType.of("NOPE"))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown entity type NOPE");
    assertThatThrownBy(() -> PiiDetector.builder().denyList(EntityType.PERSON, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<EntityType> types(PiiDetector d, String text) {
    return d.detect(text).stream().map(Finding::type).toList();
  }
}
