package dev.palisade.detectors.injection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CuesTest {

  private static int cues(String text) {
    return Cues.count(text, 0, text.length())[0];
  }

  @Test
  void accentsMayBeWrittenOrNot() {
    assertThat(cues("reponds en francais")).isEqualTo(cues("Réponds en français")).isPositive();
    assertThat(cues("ubersetze den text")).isEqualTo(cues("Übersetze den Text")).isPositive();
    assertThat(cues("esqueca as instrucoes")).isEqualTo(cues("esqueça as instruções")).isPositive();
    // "й" and "и" are one letter to the rules; so they are here
    assertThat(cues("игнорируи это")).isEqualTo(cues("игнорируй это")).isPositive();
  }

  @Test
  void ordinaryWordsAreNoCues() {
    assertThat(cues("Der Zug fährt um acht Uhr ab.")).isZero();
  }
}
