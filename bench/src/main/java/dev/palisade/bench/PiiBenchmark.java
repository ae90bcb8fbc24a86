package dev.palisade.bench;

import dev.palisade.detect.Finding;
import dev.palisade.detectors.pii.PiiDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the PII detector on mixed English prose (one thread).
 *
 * <ul>
 *   <li>{@code structured}, {@code full}, {@code naiveRegex}: average time to scan a 64 KB text;
 *       MB/s = 0.0655 / (seconds per op). {@code naiveRegex} is the obvious alternative: every
 *       pattern of a Presidio-like set run over the whole text with java.util.regex, one after
 *       another (no validation, no names), for the ratio against {@code structured}.
 *   <li>{@code prompt2k}: latency of full detection on a 2 KB prompt.
 *   <li>{@code load}: cold construction of the default detector (model and gazetteers), one shot
 *       per fork.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class PiiBenchmark {

  private static final String[] SENTENCES = {
    "The quarterly report shows steady growth across every region we operate in.",
    "Please summarize the attached document in three short bullet points.",
    "We discussed the roadmap, the hiring plan and the budget for next year.",
    "Can you explain how the new caching layer reduces latency for our users?",
    "The committee will review the proposal and send feedback by the end of the week.",
    "Write a friendly reply thanking the customer for their patience.",
    "Our team shipped version 2 of the dashboard after a long testing phase.",
    "It rained all morning, so the outdoor event moved into the main hall.",
    "Hi, I'm Sarah Connor and you can reach me at (415) 555-0132 or sarah.connor@example.com.",
    "My card number is 4111 1111 1111 1111 and it expires in 2027.",
    "Send the refund to IBAN GB82 WEST 1234 5698 7654 32, reference 7781.",
    "The server at 192.168.10.24 stopped responding on 2024-03-15 at noon.",
    "John Miller moved from Chicago to 1200 Market Street, San Francisco.",
    "My SSN is 078-05-1123, please keep it private.",
    "Visit https://status.example.org/incidents for updates.",
  };

  private static final int TEXT_SIZE = 64 * 1024;
  private static final int PROMPT_SIZE = 2 * 1024;

  private PiiDetector structured;
  private PiiDetector full;
  private List<Pattern> naive;
  private String text;
  private String prompt;

  @Setup(Level.Trial)
  public void setUp() {
    structured = PiiDetector.builder().ner(false).build();
    full = PiiDetector.defaults();
    naive = naivePatterns();
    text = prose(TEXT_SIZE, 11);
    prompt = prose(PROMPT_SIZE, 12);
  }

  static String prose(int size, long seed) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder(size + 200);
    while (sb.length() < size) {
      // about one sentence in four carries personal data
      int i = random.nextInt(4) == 0 ? 8 + random.nextInt(7) : random.nextInt(8);
      sb.append(SENTENCES[i]).append(' ');
    }
    return sb.substring(0, size);
  }

  @Benchmark
  public List<Finding> structured() {
    return structured.detect(text);
  }

  @Benchmark
  public List<Finding> full() {
    return full.detect(text);
  }

  @Benchmark
  public List<Finding> prompt2k() {
    return full.detect(prompt);
  }

  @Benchmark
  public int naiveRegex() {
    int count = 0;
    for (Pattern p : naive) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        count++;
      }
    }
    return count;
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(3)
  public Object load() throws Exception {
    // a fresh class loader, so the model and gazetteers are really read (they are cached per loader)
    java.net.URL jar = PiiDetector.class.getProtectionDomain().getCodeSource().getLocation();
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar},
        ClassLoader.getPlatformClassLoader())) {
      return loader.loadClass(PiiDetector.class.getName()).getMethod("defaults").invoke(null);
    }
  }

  /** Patterns in the style of Presidio's default recognizers, to run one after another. */
  static List<Pattern> naivePatterns() {
    String[] regexes = {
      "\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b",
      "\\b(?:\\+?\\d{1,3}[ .-]?)?\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]?\\d{4}\\b",
      "\\b(?:4\\d{3}|5[0-5]\\d{2}|6\\d{3}|1\\d{3}|3\\d{3})[- ]?\\d{3,4}[- ]?\\d{3,4}[- ]?\\d{3,5}\\b",
      "\\b[A-Z]{2}\\d{2}[ ]?(?:[A-Z0-9]{4}[ ]?){2,7}[A-Z0-9]{1,4}\\b",
      "\\b\\d{3}[- .]\\d{2}[- .]\\d{4}\\b",
      "\\b\\d{9}\\b",
      "\\b9\\d{2}[- ]?(?:5\\d|6[0-5]|7\\d|8[0-8]|9[0-2]|9[4-9])[- ]?\\d{4}\\b",
      "\\b[A-Z]\\d{8}\\b",
      "\\b[A-Z]{1,2}\\d{5,14}\\b",
      "\\b\\d{8,17}\\b",
      "\\b(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\b",
      "(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}",
      "\\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\\b",
      "https?://[^\\s]+|www\\.[^\\s]+|\\b[a-z0-9-]+\\.(?:com|org|net|io|co|uk|de)\\b",
      "\\b[13][a-km-zA-HJ-NP-Z1-9]{25,34}\\b|\\bbc1[a-z0-9]{25,90}\\b|\\b0x[a-fA-F0-9]{40}\\b",
      "\\b\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2})?)?\\b",
      "\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b",
      "\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?\\b",
      "\\b\\d{3}[- ]?\\d{3}[- ]?\\d{4}\\b",
      "\\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b",
      "\\b\\d{8}-?[A-Z]\\b",
      "\\b[XYZ]-?\\d{7}-?[A-Z]\\b",
      "\\b[A-Z]{6}\\d{2}[A-Z]\\d{2}[A-Z]\\d{3}[A-Z]\\b",
      "\\b[A-Z]{5}\\d{4}[A-Z]\\b",
      "\\b\\d{4}[- ]?\\d{4}[- ]?\\d{4}\\b",
      "\\b\\d{2} ?\\d{3} ?\\d{3} ?\\d{3}\\b",
      "\\b\\d{3} ?\\d{3} ?\\d{3}\\b",
      "\\b[2-6]\\d{3} ?\\d{5} ?\\d\\b",
      "\\b[STFGM]\\d{7}[A-Z]\\b",
      "\\b\\d{11}\\b",
      "\\b\\d{13}\\b",
      "\\b\\d{6}[-+A]\\d{3}[0-9A-Y]\\b",
    };
    List<Pattern> out = new ArrayList<>();
    for (String r : regexes) {
      out.add(Pattern.compile(r));
    }
    return out;
  }
}
