package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prefilter of {@link RuleSet} must never skip an attempt that would have matched: the
 * bounds {@link RegexBounds} reads from each expression hold for every match the plain expression
 * finds, and the fast scan reports exactly what running every expression at every position of
 * every window reports, on seeded random strings built from the shapes the rules look for.
 */
class RuleSetPrefilterTest {

  private static final List<Rule> RULES = Rules.all();
  private static List<String> examples;

  @BeforeAll
  static void examples() throws IOException {
    List<String> out = new ArrayList<>(List.of("078-05-1123", "4111 1111 1111 1111", "2024-03-15T10:20:30Z",
        "12/31/1999", "3rd of March, 2001", "Sept. 4th, 1999", "AB 12 34 56 C", "SW1A 1AA", "X1234567L",
        "RSSMRA85T10A562S", "ABCPD1234E", "29AAACB1234C1ZV", "MH12AB1234", "1EG4-TE5-MK73",
        "00:1A:2B:3C:4D:5E", "0011.2233.4455", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "0x52908400098527886E0F7030069857D2E4169EE7",
        "+90 532 123 45 67", "0917-123-4567", "34 ABC 123", "S1234567D", "T08GB0001A", "1234567890123",
        "850101-1234567", "123-45-67890", "12-34-567890-12", "M12345678", "AB1234567", "21BH1234AA",
        "DE89 3704 0044 0532 0130 00", "X123-456-789", "010190-123A", "19900101-1234", "44051401359"));
    try (InputStream in = RuleSetPrefilterTest.class.getResourceAsStream("/pii/corpus.tsv")) {
      String corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      corpus.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
          .forEach(l -> out.add(l.split("\t", -1)[1]));
    }
    examples = List.copyOf(out);
  }

  @Test
  void understandsEveryRule() {
    for (Rule r : RULES) {
      RegexBounds b = RegexBounds.of(r.pattern().pattern());
      assertThat(b.minLen).as(r.id()).isPositive().isLessThanOrEqualTo(b.maxLen);
      assertThat(b.notBefore).as(r.id()).isNotNull();
    }
  }

  @Test
  void readsTheBoundsOfSmallExpressions() {
    RegexBounds ssn = RegexBounds.of(Rules.L + "(\\d{3}([- .])\\d{2}\\2\\d{4})" + Rules.R);
    assertThat(ssn.minLen).isEqualTo(11);
    assertThat(ssn.maxLen).isEqualTo(11);
    assertThat(ssn.minDigits).isEqualTo(9);
    assertThat(ssn.maxDigits).isEqualTo(9);
    assertThat(ssn.endsWithRun()).isFalse();
    assertThat(ssn.runs[RegexBounds.DIGIT].lead).isEqualTo(1L << 3);
    assertThat(ssn.runs[RegexBounds.DIGIT].all).isZero();
    assertThat(ssn.runs[RegexBounds.DIGIT].follow().stream()).containsExactlyInAnyOrder((int) '-', (int) ' ', (int) '.');

    RegexBounds bare = RegexBounds.of(Rules.L + "(\\d{6,14})" + Rules.R);
    assertThat(bare.endsWithRun()).isTrue();
    assertThat(bare.runs[RegexBounds.DIGIT].all).isEqualTo(((1L << 15) - 1) & ~((1L << 6) - 1));

    RegexBounds ci = RegexBounds.of("(?i:ab)c+");
    assertThat(ci.alphabet.stream()).containsExactlyInAnyOrder((int) 'a', (int) 'A', (int) 'b', (int) 'B', (int) 'c');
    assertThat(ci.maxLen).isEqualTo(RegexBounds.INF);
    assertThat(ci.runs[RegexBounds.LETTER].all & (1L << 2)).isZero();
    assertThat(ci.runs[RegexBounds.LETTER].all & (1L << 3)).isNotZero();
    assertThat(ci.runs[RegexBounds.LETTER].all & (1L << RegexBounds.SATURATED)).isNotZero();
  }

  @Test
  void refusesWhatItDoesNotUnderstand() {
    for (String regex : List.of("\\bword\\b", "^\\d+$", "\\w{3}", "[a-z&&[^e]]", "(?i)abc", "\\p{L}", "(a)\\2")) {
      assertThatThrownBy(() -> RegexBounds.of(regex)).as(regex).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void boundsHoldForEveryMatchOfEveryRule() {
    Random random = new Random(7);
    Map<String, Integer> matches = new LinkedHashMap<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      texts.add(FindingsDump.randomText(random, examples, 2 + random.nextInt(8)));
    }
    texts.addAll(examples);
    for (Rule r : RULES) {
      Pattern p = r.pattern();
      if (matches.containsKey(p.pattern())) {
        continue;
      }
      RegexBounds b = RegexBounds.of(p.pattern());
      int count = 0;
      for (String text : texts) {
        Matcher m = p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (int i = 0; i < text.length(); i++) {
          m.region(i, text.length());
          if (m.lookingAt()) {
            assertFits(b, text, i, m.end(), r.id());
            count++;
          }
        }
      }
      matches.put(p.pattern(), count);
    }
    // not vacuous: the generated strings reach nearly every expression
    long reached = matches.values().stream().filter(c -> c > 0).count();
    assertThat(reached).isGreaterThanOrEqualTo(matches.size() * 9L / 10);
    assertThat(matches.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(5000);
  }

  private static void assertFits(RegexBounds b, String text, int s, int e, String id) {
    String what = id + " at " + s + " in \"" + text + "\"";
    assertThat(e - s).as(what).isBetween(b.minLen, b.maxLen);
    int digits = 0;
    for (int i = s; i < e; i++) {
      char c = text.charAt(i);
      digits += c >= '0' && c <= '9' ? 1 : 0;
      assertThat(b.alphabet.get(Math.min(c, 128))).as(what + " char " + (i - s)).isTrue();
    }
    assertThat(digits).as(what).isBetween(b.minDigits, b.maxDigits);
    if (s > 0 && b.notBefore != null) {
      assertThat(b.notBefore.get(Math.min(text.charAt(s - 1), 128))).as(what).isFalse();
    }
    if (e < text.length() && b.notAfter != null) {
      assertThat(b.notAfter.get(Math.min(text.charAt(e), 128))).as(what).isFalse();
    }
    for (int k : new int[] {RegexBounds.DIGIT, RegexBounds.LETTER}) {
      int run = 0;
      while (s + run < e && inClass(text.charAt(s + run), k)) {
        run++;
      }
      RegexBounds.Run shape = b.runs[k];
      int saturated = Math.min(run, RegexBounds.SATURATED);
      if (s + run < e) {
        assertThat(shape.lead >>> saturated & 1).as(what + " lead " + k).isEqualTo(1L);
        assertThat(shape.follow().get(Math.min(text.charAt(s + run), 128))).as(what + " follow " + k).isTrue();
      } else {
        assertThat(shape.all >>> saturated & 1).as(what + " all " + k).isEqualTo(1L);
      }
    }
  }

  private static boolean inClass(char c, int k) {
    return k == RegexBounds.DIGIT ? c >= '0' && c <= '9' : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  @Test
  void fastScanReportsWhatThePlainScanReports() {
    RuleSet fast = new RuleSet(RULES);
    Random random = new Random(11);
    int candidates = 0;
    for (int t = 0; t < 1000; t++) {
      String text = FindingsDump.randomText(random, examples, t % 2 == 0 ? 3 + random.nextInt(6) : 20 + random.nextInt(40));
      Windows w = Windows.of(text);
      Sink expected = new Sink(type -> true);
      plainScan(text, w, expected);
      Sink actual = new Sink(type -> true);
      fast.scan(text, w, actual, e -> { });
      assertThat(actual.items).as("\"%s\"", text).isEqualTo(expected.items);
      candidates += expected.items.size();
    }
    assertThat(candidates).isGreaterThan(1000);
  }

  /**
   * The reference: every distinct expression, in rule order, tried at every position of every
   * window, with no prefilter; a group's later attempts start after its last match, as in the
   * fast scan.
   */
  private static void plainScan(String text, Windows w, Sink sink) {
    Map<String, List<Rule>> groups = new LinkedHashMap<>();
    for (Rule r : RULES) {
      groups.computeIfAbsent(r.pattern().pattern(), k -> new ArrayList<>()).add(r);
    }
    List<List<Rule>> list = new ArrayList<>(groups.values());
    Matcher[] matchers = new Matcher[list.size()];
    for (int g = 0; g < list.size(); g++) {
      matchers[g] = list.get(g).get(0).pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    }
    for (int k = 0; k < w.size; k++) {
      int ws = w.starts[k];
      int we = Math.min(text.length(), w.ends[k]);
      int[] nextFree = new int[list.size()];
      for (int i = ws; i < we; i++) {
        for (int g = 0; g < list.size(); g++) {
          List<Rule> rules = list.get(g);
          int minDigits = rules.stream().mapToInt(Rule::minDigits).min().orElseThrow();
          if (w.digitCounts[k] < minDigits || i < nextFree[g]) {
            continue;
          }
          Matcher m = matchers[g];
          m.region(i, we);
          if (!m.lookingAt()) {
            continue;
          }
          nextFree[g] = m.end();
          for (Rule r : rules) {
            if (w.digitCounts[k] >= r.minDigits()) {
              sink.add(r.type(), m.start(1), m.end(1), r.scorer().score(m.group(1)), r.id(), r.context());
            }
          }
        }
      }
    }
  }
}
