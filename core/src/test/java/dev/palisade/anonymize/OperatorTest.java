package dev.palisade.anonymize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorTest {

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "redact; redact", "replace; replace", "mask; mask(4)", "mask(2); mask(2)", " MASK ( 4 , 6 ) ; mask(4,6)",
      "hash; hash(16)", "hash(32); hash(32)", "encrypt; encrypt", "fpe; fpe(replace)",
      "fpe(hash(8)); fpe(hash(8))", "fpe(surrogate); fpe(surrogate)", "surrogate; surrogate", "keep; keep"})
  void parsesToCanonicalFormAndBack(String spec, String canonical) {
    Operator op = Operator.parse(spec);
    assertThat(op).hasToString(canonical);
    assertThat(Operator.parse(op.toString())).isEqualTo(op);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "shred| unknown operator \"shred\"; expected one of redact, replace, mask, hash, encrypt, fpe, surrogate, keep",
      "mask(a)| operator \"mask(a)\": \"a\" is not a small non-negative integer",
      "mask(1,2,3)| mask takes at most 2 arguments (keep last, keep first), was \"mask(1,2,3)\"",
      "hash(4)| hash length must be in [8, 64], was 4",
      "replace(1)| replace takes no arguments, was \"replace(1)\"",
      "fpe(keep)| fpe fallback must be redact, replace, hash, encrypt or surrogate, was keep",
      "fpe(mask(4))| fpe fallback must be redact, replace, hash, encrypt or surrogate, was mask(4)",
      "mask(4| operator \"mask(4\" has an unclosed '('",
      "mask(,)| operator \"mask(,)\" has an empty argument"})
  void rejectsWithPreciseMessages(String spec, String message) {
    assertThatThrownBy(() -> Operator.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void anyStringParsesOrFailsWithIllegalArgumentException() {
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "maskhpfeu(),0123456789 rdtcyl";
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(12);
      for (int j = 0; j < n; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String spec = random.nextInt(3) == 0 ? "mask(" + sb : sb.toString();
      try {
        Operator op = Operator.parse(spec);
        assertThat(Operator.parse(op.toString())).isEqualTo(op);
        parsed++;
      } catch (IllegalArgumentException expected) {
        // the one allowed failure
      }
    }
    assertThat(parsed).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"replace", "hash", "encrypt", "fpe", "surrogate"})
  void reversibleOperators(String spec) {
    assertThat(Operator.parse(spec).isReversible()).isTrue();
  }

  @Test
  void irreversibleOperators() {
    assertThat(Operator.redact().isReversible()).isFalse();
    assertThat(Operator.mask().isReversible()).isFalse();
    assertThat(Operator.keep().isReversible()).isFalse();
  }
}
