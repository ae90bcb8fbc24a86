package dev.palisade.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detect.EntityType;
import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void keepsAtMostTheLastNAndSeparators() {
    assertThat(Masking.mask("555-123-4567", EntityType.PHONE_NUMBER, Operator.mask(4)))
        .isEqualTo("***-***-4567");
    assertThat(Masking.mask("ada@example.com", EntityType.EMAIL_ADDRESS, Operator.mask(0)))
        .isEqualTo("***@*******.***");
  }

  @Test
  void neverKeepsMoreThanHalf() {
    assertThat(Masking.mask("Bob", EntityType.PERSON, Operator.mask(4))).isEqualTo("**b");
    assertThat(Masking.mask("1234", EntityType.US_SSN, Operator.mask(4, 4))).isEqualTo("**34");
  }

  @Test
  void creditCardsKeepAtMostFirstSixAndLastFour() {
    assertThat(Masking.mask("4111 1111 1111 1234", EntityType.CREDIT_CARD, Operator.mask(8, 8)))
        .isEqualTo("4111 11** **** 1234");
    assertThat(Masking.mask("4111111111111234", EntityType.CREDIT_CARD, Operator.mask(4)))
        .isEqualTo("************1234");
    // A short number still has at least six digits masked.
    assertThat(Masking.mask("411111111234", EntityType.CREDIT_CARD, Operator.mask(4, 6)))
        .isEqualTo("41******1234");
  }
}
