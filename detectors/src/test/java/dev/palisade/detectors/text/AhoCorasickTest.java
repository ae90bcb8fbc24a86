package dev.palisade.detectors.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

  // Letters of both cases, ASCII characters no pattern has, and non-ASCII ones (which leave the
  // dense table for the trie and come back).
  private static final String ALPHABET = "abcABC é中-";

  @Test
  void findsWhatANaiveSearchFindsWithAndWithoutTheDenseTableAndAfterAPackRoundTrip() {
    Random rnd = new Random(7);
    for (int round = 0; round < 500; round++) {
      List<String> patterns = new ArrayList<>();
      for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
        patterns.add(random(rnd, 1 + rnd.nextInt(5), "abcé中-"));
      }
      String text = random(rnd, rnd.nextInt(80), ALPHABET);
      boolean fold = rnd.nextBoolean();
      List<String> expected = naive(patterns, fold ? fold(text) : text);
      // Full table, a table for the root only, and a table of a few rows.
      for (int cells : new int[] {AhoCorasick.MAX_DENSE_CELLS, 1, 20}) {
        AhoCorasick built = AhoCorasick.of(patterns, cells);
        Pack.Writer w = new Pack.Writer();
        built.write(w);
        Pack.Reader r = new Pack.Reader(w.toByteArray());
        for (AhoCorasick ac : List.of(built, AhoCorasick.read(r))) {
          List<String> actual = new ArrayList<>();
          ac.search(text, fold, (p, s, e) -> actual.add(p + "@" + s + "-" + e));
          assertThat(actual).as("round %d, %d cells", round, cells).containsExactlyElementsOf(expected);
        }
        assertThat(r.atEnd()).isTrue();
      }
    }
  }

  /** More nodes than a 16-bit cell can name: the deepest go without a row and still match. */
  @Test
  void automatonLargerThanTheDenseTableFindsWhatANaiveSearchFinds() {
    Random rnd = new Random(11);
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < 9000; i++) { // about 45,000 nodes
      patterns.add(random(rnd, 7 + rnd.nextInt(6), "abcdefgh"));
    }
    AhoCorasick ac = AhoCorasick.of(patterns);
    for (int round = 0; round < 20; round++) {
      String text = random(rnd, 400, "abcdefgh ");
      List<String> actual = new ArrayList<>();
      ac.search(text, false, (p, s, e) -> actual.add(p + "@" + s + "-" + e));
      assertThat(actual).as("round %d", round).containsExactlyElementsOf(naive(patterns, text));
    }
  }

  @Test
  void patternsOverEveryAsciiCharacterGetAColumnEach() {
    List<String> patterns = new ArrayList<>();
    for (char c = 0; c < 128; c++) {
      patterns.add("x" + c);
    }
    StringBuilder text = new StringBuilder();
    for (char c = 0; c < 128; c++) {
      text.append('x').append(c);
    }
    List<Integer> hits = new ArrayList<>();
    AhoCorasick.of(patterns).search(text, false, (p, s, e) -> hits.add(p));
    assertThat(hits).hasSizeGreaterThanOrEqualTo(128).contains(0, 65, 127);
  }

  private static String fold(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return sb.toString();
  }

  // Every occurrence, by end, then in pattern order (the automaton's output order).
  private static List<String> naive(List<String> patterns, String text) {
    List<String> out = new ArrayList<>();
    for (int end = 1; end <= text.length(); end++) {
      List<int[]> atEnd = new ArrayList<>();
      for (int p = 0; p < patterns.size(); p++) {
        String pat = patterns.get(p);
        if (end >= pat.length() && text.startsWith(pat, end - pat.length())) {
          atEnd.add(new int[] {p, end - pat.length()});
        }
      }
      // The automaton reports the longest pattern first (its own node, then its failure chain).
      atEnd.sort((a, b) -> a[1] != b[1] ? Integer.compare(a[1], b[1]) : Integer.compare(a[0], b[0]));
      for (int[] h : atEnd) {
        out.add(h[0] + "@" + h[1] + "-" + end);
      }
    }
    return out;
  }

  private static String random(Random rnd, int n, String alphabet) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
