package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** {@link NameScanner#findAge} finds exactly what a plain {@link Matcher#find()} loop finds. */
class AgeSearchTest {

  private static final String[] PIECES = {"aged ", "age of ", "Aged of ", "AGE ", "age", "34", "7", "123", "1234",
      "130", "131", " years old", "-years-old", " year old", "yrs old", "yr-old", " yo", "y/o", "yo", " y.o.", "x",
      "a", "old", " ", "  ", "\n", ".", ",", "-", "/", "born in 1984", "phone 555-0132", "The report was long",
      "Ed", "Ωmega", "𝟘", "٣"};

  @Test
  void findsTheSameMatchesAsFind() {
    Random random = new Random(20_261_127);
    int matches = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0, n = random.nextInt(40); k < n; k++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
        if (random.nextInt(10) == 0) {
          sb.append("lorem ipsum dolor sit amet ".repeat(random.nextInt(8))); // long stretches without digits
        }
      }
      String text = sb.toString();
      List<String> expected = new ArrayList<>();
      Matcher plain = NameScanner.AGE.matcher(text);
      while (plain.find()) {
        expected.add(describe(plain));
      }
      List<String> actual = new ArrayList<>();
      Matcher m = NameScanner.AGE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      for (int cursor = 0; NameScanner.findAge(m, text, cursor); cursor = m.end()) {
        actual.add(describe(m));
      }
      assertThat(actual).as(text).isEqualTo(expected);
      matches += expected.size();
    }
    assertThat(matches).isGreaterThan(3_000);
  }

  private static String describe(Matcher m) {
    StringBuilder sb = new StringBuilder().append(m.start()).append('-').append(m.end());
    for (int g = 1; g <= m.groupCount(); g++) {
      sb.append(' ').append(m.start(g)).append('-').append(m.end(g));
    }
    return sb.toString();
  }
}
