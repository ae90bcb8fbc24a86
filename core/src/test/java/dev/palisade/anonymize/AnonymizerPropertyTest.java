package dev.palisade.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crypto.Keyset;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties over seeded random texts full of generated personal data, for each reversible operator. */
class AnonymizerPropertyTest {

  private static final Keyset KEYSET = Keyset.generate();

  private static Anonymizer anonymizer(String spec) {
    return Anonymizer.builder().keyset(KEYSET).defaultOperator(Operator.parse(spec)).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"replace", "hash", "encrypt", "fpe", "fpe(hash)", "surrogate"})
  void restoreOfAnonymizeIsIdentityAndNoValueLeaks(String spec) {
    Anonymizer a = anonymizer(spec);
    PersonalDataGenerator gen = new PersonalDataGenerator(spec.hashCode());
    for (int i = 0; i < 150; i++) {
      Scope scope = Scope.of("t", "c" + (i % 10)); // ten conversations of fifteen turns each
      PersonalDataGenerator.Sample s = gen.sample(1 + i % 12);
      Anonymized out = a.anonymize(scope, s.text(), s.findings());
      for (String value : s.values()) {
        assertThat(out.text()).as("value must not reach the model").doesNotContain(value);
      }
      assertThat(a.restore(scope, out.text())).isEqualTo(s.text());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"replace", "hash", "encrypt", "fpe", "surrogate"})
  void tokensAreUniquePerValueAndStablePerConversation(String spec) {
    Anonymizer a = anonymizer(spec);
    PersonalDataGenerator gen = new PersonalDataGenerator(99 + spec.hashCode());
    Scope scope = Scope.of("t", "stable");
    Map<String, String> tokenByValue = new HashMap<>();
    Map<String, String> valueByToken = new HashMap<>();
    for (int turn = 0; turn < 60; turn++) {
      PersonalDataGenerator.Sample s = gen.sample(8);
      Anonymized out = a.anonymize(scope, s.text(), s.findings());
      for (int k = 0; k < s.findings().size(); k++) {
        Finding f = s.findings().get(k);
        String key = f.type() + "|" + f.span().of(s.text());
        String token = out.replacements().get(k).token();
        assertThat(tokenByValue.computeIfAbsent(key, x -> token)).as("stable per conversation").isEqualTo(token);
        assertThat(valueByToken.computeIfAbsent(token, x -> key)).as("unique per value").isEqualTo(key);
      }
    }
    assertThat(tokenByValue.size()).isGreaterThan(100);
  }

  @ParameterizedTest
  @ValueSource(strings = {"replace", "surrogate", "fpe"})
  void concurrentConversationsNeverSeeEachOthersValues(String spec) throws Exception {
    Anonymizer a = anonymizer(spec);
    int conversations = 8;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String[]>>> futures = new ArrayList<>();
      for (int c = 0; c < conversations; c++) {
        int id = c;
        futures.add(pool.submit(() -> {
          PersonalDataGenerator gen = new PersonalDataGenerator(1000 + id);
          Scope scope = Scope.of("t", "conv-" + id);
          List<String[]> turns = new ArrayList<>();
          for (int turn = 0; turn < 20; turn++) {
            PersonalDataGenerator.Sample s = gen.sample(6);
            String anon = a.anonymize(scope, s.text(), s.findings()).text();
            assertThat(a.restore(scope, anon)).isEqualTo(s.text());
            turns.add(new String[] {s.text(), anon, String.join("\u0000", s.values())});
          }
          return turns;
        }));
      }
      List<List<String[]>> results = new ArrayList<>();
      for (Future<List<String[]>> f : futures) {
        results.add(f.get());
      }
      // Restoring conversation i's anonymized text in conversation j never yields i's values.
      for (int i = 0; i < conversations; i++) {
        int j = (i + 1) % conversations;
        for (String[] turn : results.get(i)) {
          String crossed = a.restore(Scope.of("t", "conv-" + j), turn[1]);
          for (String value : turn[2].split("\u0000")) {
            if (!value.isEmpty() && !results.get(j).stream().anyMatch(t -> t[0].contains(value))) {
              assertThat(crossed).doesNotContain(value);
            }
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"replace", "surrogate", "hash", "fpe"})
  void streamingRestoreEqualsRestoreOnGeneratedAnswers(String spec) {
    Anonymizer a = anonymizer(spec);
    PersonalDataGenerator gen = new PersonalDataGenerator(7 + spec.hashCode());
    Scope scope = Scope.of("t", "streamed");
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int i = 0; i < 40; i++) {
      PersonalDataGenerator.Sample s = gen.sample(6);
      String anon = a.anonymize(scope, s.text(), s.findings()).text();
      // Models rewrite placeholders: sometimes lower-case them or drop the brackets.
      String answer = random.nextBoolean() ? anon : anon.replace("<", "").replace(">", "").toLowerCase();
      String expected = a.restore(scope, answer);
      StreamingRestorer r = a.streamingRestorer(scope);
      StringBuilder sb = new StringBuilder();
      for (int p = 0; p < answer.length(); ) {
        int len = 1 + random.nextInt(12);
        sb.append(r.push(answer.substring(p, Math.min(answer.length(), p + len))));
        p += len;
      }
      assertThat(sb.append(r.flush()).toString()).isEqualTo(expected);
      if (answer == anon) {
        assertThat(expected).isEqualTo(s.text());
      }
    }
  }

  @SuppressWarnings("unused")
  private static final EntityType[] TYPES = PersonalDataGenerator.TYPES;
}
