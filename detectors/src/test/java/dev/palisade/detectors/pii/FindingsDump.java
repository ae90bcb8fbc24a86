package dev.palisade.detectors.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.detect.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes every finding of the structured and the full detector over a fixed corpus, one line
 * each, so two builds can be compared with {@code diff}: an equivalence check for speed work that
 * must not change a single finding.
 *
 * <p>Corpus: the texts of a presidio-research JSON file, the recognizer fixtures, the benchmark
 * prose, the texts of {@code pii/corpus.tsv}, and seeded random strings mixing digits,
 * separators, letters, those texts and the string literals holding a digit in the test sources.
 * Both runs of a comparison must read the same test sources (new tests add literals), e.g. those
 * of the base commit: {@code git archive BASE detectors/src/test | tar -x -C /tmp/base}. Run, once
 * with the jar built before the change and once after ({@code mvn -o -pl bench -am package}):
 *
 * <pre>
 * javac -d /tmp/dump -cp bench/target/benchmarks.jar \
 *     detectors/src/test/java/dev/palisade/detectors/pii/FindingsDump.java
 * java -cp /tmp/dump:bench/target/benchmarks.jar dev.palisade.detectors.pii.FindingsDump \
 *     ../shared/data/pii/generated_large.json ../shared/data/pii/recognizer_fixtures.json \
 *     /tmp/base/detectors/src/test/java OUT.txt
 * </pre>
 */
final class FindingsDump {

  private FindingsDump() {}

  public static void main(String[] args) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    int k = 0;
    for (JsonNode n : json.readTree(Path.of(args[0]).toFile())) {
      texts.add(n.get("full_text").asText());
      labels.add("gen" + k++);
    }
    k = 0;
    for (JsonNode n : json.readTree(Path.of(args[1]).toFile())) {
      texts.add(n.get("text").asText());
      labels.add("fix" + k++);
    }
    texts.add(prose(65536, 11));
    labels.add("prose64k");
    texts.add(prose(2048, 12));
    labels.add("prose2k");
    List<String> examples = literals(Path.of(args[2]));
    Path corpus = Path.of(args[2]).resolveSibling("resources/pii/corpus.tsv");
    k = 0;
    for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String text = line.split("\t", -1)[1];
        texts.add(text);
        labels.add("corpus" + k++);
        examples.add(text);
      }
    }
    for (JsonNode n : json.readTree(Path.of(args[1]).toFile())) {
      for (JsonNode s : n.get("spans")) {
        examples.add(s.get("text").asText());
      }
    }
    Random random = new Random(20261127);
    for (int i = 0; i < 6000; i++) {
      texts.add(randomText(random, examples, i < 3000 ? 3 + random.nextInt(6) : 20 + random.nextInt(60)));
      labels.add("rnd" + i);
    }
    PiiDetector structured = PiiDetector.builder().ner(false).build();
    PiiDetector full = PiiDetector.defaults();
    long t0 = System.nanoTime();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8))) {
      out.println("# texts=" + texts.size() + " examples=" + examples.size());
      for (int i = 0; i < texts.size(); i++) {
        for (Finding f : structured.detect(texts.get(i))) {
          out.println(labels.get(i) + " S " + line(f));
        }
        for (Finding f : full.detect(texts.get(i))) {
          out.println(labels.get(i) + " F " + line(f));
        }
      }
    }
    System.err.printf("%d texts in %.1f s%n", texts.size(), (System.nanoTime() - t0) / 1e9);
  }

  private static String line(Finding f) {
    return f.type() + " " + f.start() + " " + f.end() + " " + f.score() + " " + f.detector();
  }

  /**
   * {@code PiiBenchmark.prose}, the benchmarks' text: bench is not a dependency of detectors, but
   * the benchmark jar is on the class path when this runs (see above).
   */
  static String prose(int size, long seed) {
    try {
      java.lang.reflect.Method m =
          Class.forName("dev.palisade.bench.PiiBenchmark").getDeclaredMethod("prose", int.class, long.class);
      m.setAccessible(true);
      return (String) m.invoke(null, size, seed);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("run with bench/target/benchmarks.jar on the class path", e);
    }
  }

  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.){4,80})\"");

  /** String literals with a digit in the test sources: the examples the tests care about. */
  static List<String> literals(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path p : files) {
      Matcher m = LITERAL.matcher(Files.readString(p));
      while (m.find()) {
        String lit = m.group(1);
        if (lit.chars().anyMatch(Character::isDigit) && lit.indexOf('\\') < 0) {
          out.add(lit);
        }
      }
    }
    return out;
  }

  private static final String[] WORDS = {"the", "SSN", "card", "born", "on", "passport", "call", "me", "at",
    "IBAN", "Jan", "March", "Sept", "12th", "of", "and", "DL", "nhs", "PAN", "x", "ext", "bc1q", "0x", "www",
    "GB", "DE", "ES", "AB", "ul.", "Mr.", "tel", "plate", "aadhaar", "kimlik", "pesel", "uen", "nric", "fin"};
  private static final String SEPS = " -./:,+()_ \n\t#";

  /** Tokens that look like the shapes the rules know, joined by random separators. */
  static String randomText(Random r, List<String> examples, int tokens) {
    StringBuilder sb = new StringBuilder();
    for (int t = 0; t < tokens; t++) {
      switch (r.nextInt(9)) {
        case 0, 1 -> digits(sb, r, 1 + r.nextInt(14));
        case 2 -> {
          int groups = 2 + r.nextInt(4);
          char sep = SEPS.charAt(r.nextInt(5));
          for (int g = 0; g < groups; g++) {
            if (g > 0) {
              sb.append(r.nextInt(8) == 0 ? SEPS.charAt(r.nextInt(SEPS.length())) : sep);
            }
            digits(sb, r, 1 + r.nextInt(6));
          }
        }
        case 3 -> letters(sb, r, 1 + r.nextInt(6));
        case 4 -> {
          int parts = 2 + r.nextInt(4);
          for (int p = 0; p < parts; p++) {
            if (r.nextBoolean()) {
              letters(sb, r, 1 + r.nextInt(4));
            } else {
              digits(sb, r, 1 + r.nextInt(8));
            }
          }
        }
        case 5 -> sb.append(WORDS[r.nextInt(WORDS.length)]);
        case 6, 7 -> {
          String ex = examples.get(r.nextInt(examples.size()));
          if (r.nextInt(3) == 0 && ex.length() > 2) {
            // a mutated example: one character changed
            int at = r.nextInt(ex.length());
            char c = r.nextBoolean() ? (char) ('0' + r.nextInt(10)) : SEPS.charAt(r.nextInt(SEPS.length()));
            ex = ex.substring(0, at) + c + ex.substring(at + 1);
          }
          sb.append(ex);
        }
        default -> {
          int n = 2 + r.nextInt(10);
          for (int i = 0; i < n; i++) {
            sb.append("0123456789abcdefABCDEF:.".charAt(r.nextInt(24)));
          }
        }
      }
      sb.append(r.nextInt(4) == 0 ? SEPS.charAt(r.nextInt(SEPS.length())) : ' ');
    }
    return sb.toString();
  }

  private static void digits(StringBuilder sb, Random r, int n) {
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
  }

  private static void letters(StringBuilder sb, Random r, int n) {
    boolean upper = r.nextBoolean();
    for (int i = 0; i < n; i++) {
      char c = (char) ('a' + r.nextInt(26));
      sb.append(upper ? Character.toUpperCase(c) : c);
    }
  }
}
