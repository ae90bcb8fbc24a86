package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.datafaker.Faker;
import opennlp.tools.ml.BeamSearch;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.Span;
import opennlp.tools.util.StringUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link NameModel} against OpenNLP's {@link NameFinderME} on the bundled model: the same spans,
 * and every probability equal to the last bit, sentence after sentence of a document (the
 * previous-map features carry over) on generated text, noisy text and odd tokens.
 */
class NameModelTest {

  /** Tokens that exercise every token class, non-ASCII lower-casing and surrogates. */
  private static final String[] ODD = {"İstanbul", "ΣΟΦΙΑ", "Ödön", "ÆSIR", "ß", "ǅemal", "ひらがな", "カタカナ",
      "漢字", "😀", "\uD800", "\uDC00x", "3.5", "1,000", "12-34", "1/2", "A.", "Ä.", "x2y", "ABC", "2024", "42", "7",
      "McDonald", "O'Neil", "Jean-Luc", "'s", "É", "é", "-", ",", ".", "\"", "(", "", " ", "null", "other",
      "w=x", "pw,w=a", "a,b", "Straße", "ΌΣΟΣ", "ǈ", "ﬁle", "ＡＢＣ", "١٢٣", "x\u0301", "Ⅻ"};

  private static NameModel model;
  private static TokenNameFinderModel reference;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = NameModel.class.getResourceAsStream("ner-en.bin")) {
      model = NameModel.read(in);
    }
    try (InputStream in = NameModel.class.getResourceAsStream("ner-en.bin")) {
      reference = new TokenNameFinderModel(in);
    }
  }

  @Test
  void generatedDocumentsGiveTheSameNamesAndProbabilities() {
    Random random = new Random(7_331);
    List<Faker> fakers = new ArrayList<>();
    for (String tag : new String[] {"en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "pl-PL", "tr-TR", "el-GR",
        "ru-RU"}) {
      fakers.add(new Faker(Locale.forLanguageTag(tag), new Random(random.nextLong())));
    }
    NerTrainer.Generator generator = new NerTrainer.Generator(random, fakers);
    List<String[]> pool = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      pool.add(generator.sample().getSentence()); // Datafaker takes most of the time: reuse its sentences
    }
    NameFinderME finder = new NameFinderME(reference);
    int sentences = 0;
    int names = 0;
    for (int d = 0; d < 1200; d++) {
      NameModel.Document document = model.document();
      List<String[]> earlier = new ArrayList<>();
      for (int s = 0, count = 1 + random.nextInt(5); s < count; s++) {
        String[] tokens = sentence(pool, random, earlier);
        earlier.add(tokens);
        names += compare(finder, document, tokens, d);
        sentences++;
      }
      finder.clearAdaptiveData();
    }
    assertThat(sentences).isGreaterThan(3000);
    assertThat(names).as("the comparison covers sentences with names").isGreaterThan(1500);
  }

  @Test
  void emptyAndLongSentencesAgree() {
    NameFinderME finder = new NameFinderME(reference);
    NameModel.Document document = model.document();
    compare(finder, document, new String[0], 0);
    String[] longSentence = new String[121];
    for (int i = 0; i < longSentence.length; i++) {
      longSentence[i] = i % 3 == 0 ? "Smith" : i % 3 == 1 ? "and" : ODD[i % ODD.length];
    }
    compare(finder, document, longSentence, 0);
    compare(finder, document, longSentence, 0);
  }

  /**
   * {@link NameModel} skips the predicates of a word whose {@code w=} predicate the model lacks:
   * training keeps a predicate only when it is frequent enough, and none with a word is more
   * frequent than {@code w=} of that word. This holds of the bundled model.
   */
  @Test
  void noWordPredicateOutlivesItsWord() {
    @SuppressWarnings("unchecked")
    Set<String> names = ((Map<String, ?>) gis().getDataStructures()[1]).keySet();
    int checked = 0;
    List<String> orphans = new ArrayList<>();
    for (String name : names) {
      List<String> words = new ArrayList<>();
      Matcher m;
      if ((m = WORD.matcher(name)).matches() || (m = WORD_CLASS.matcher(name)).matches()) {
        words.add(m.group(1));
      } else if ((m = BIGRAM.matcher(name)).matches()) {
        String pair = m.group(1);
        int comma = pair.startsWith(",,") ? 1 : pair.indexOf(',');
        words.add(StringUtil.toLowerCase(pair.substring(0, comma)));
        words.add(StringUtil.toLowerCase(pair.substring(comma + 1)));
      } else if ((m = WITH_PREVIOUS.matcher(name)).matches()) {
        words.add(StringUtil.toLowerCase(m.group(1)));
      }
      for (String w : words) {
        if (!names.contains("w=" + w)) {
          orphans.add(name);
        }
        checked++;
      }
    }
    assertThat(orphans).isEmpty();
    assertThat(checked).isGreaterThan(10_000);
  }

  private static final Pattern WORD = Pattern.compile("(?:p1|p2|n1|n2)?w=(.*)", Pattern.DOTALL);
  private static final Pattern WORD_CLASS = Pattern.compile("(?:p1|p2|n1|n2)?w&c=(.*),[^,]*", Pattern.DOTALL);
  private static final Pattern BIGRAM = Pattern.compile("(?:pw,w|w,nw)=(.*)", Pattern.DOTALL);
  private static final Pattern WITH_PREVIOUS = Pattern.compile("pow=[^,]*,(.*)", Pattern.DOTALL);

  private static AbstractModel gis() {
    try {
      Field f = BeamSearch.class.getDeclaredField("model");
      f.setAccessible(true);
      return (AbstractModel) f.get(reference.getNameFinderSequenceModel());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void somethingElseIsNotReadAsAModel() {
    assertThatThrownBy(() -> NameModel.read(new ByteArrayInputStream(new byte[] {1, 2, 3})))
        .isInstanceOf(IOException.class);
  }

  private static int compare(NameFinderME finder, NameModel.Document document, String[] tokens, int doc) {
    Span[] expected = finder.find(tokens);
    double[] expectedProbs = finder.probs(expected);
    double[] expectedTokenProbs = finder.probs();
    NameModel.Names actual = document.find(tokens);
    String where = "document " + doc + ", sentence " + Arrays.toString(tokens);
    assertThat(actual.spans()).as(where).containsExactly(expected);
    assertThat(Arrays.equals(actual.probs(), expectedProbs)).as(where).isTrue();
    assertThat(Arrays.equals(actual.tokenProbs(), expectedTokenProbs)).as(where).isTrue();
    return expected.length;
  }

  /** A generated sentence, sometimes changed: odd tokens, case changes, repeats of earlier tokens, or joined. */
  private static String[] sentence(List<String[]> pool, Random random, List<String[]> earlier) {
    List<String> tokens = new ArrayList<>(Arrays.asList(pool.get(random.nextInt(pool.size()))));
    switch (random.nextInt(8)) {
      case 0 -> {
        for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
          tokens.add(random.nextInt(tokens.size() + 1), ODD[random.nextInt(ODD.length)]);
        }
      }
      case 1 -> tokens.replaceAll(t -> random.nextBoolean() ? t.toUpperCase(Locale.ROOT) : t.toLowerCase(Locale.ROOT));
      case 2 -> {
        if (!earlier.isEmpty()) {
          String[] before = earlier.get(random.nextInt(earlier.size()));
          tokens.addAll(random.nextInt(tokens.size() + 1), Arrays.asList(before).subList(0, Math.min(6, before.length)));
        }
      }
      case 3 -> {
        while (tokens.size() < 100) {
          tokens.addAll(Arrays.asList(pool.get(random.nextInt(pool.size()))));
        }
      }
      case 4 -> Collections.shuffle(tokens, random);
      default -> { }
    }
    return tokens.toArray(new String[0]);
  }
}
