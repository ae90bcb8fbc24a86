package dev.palisade.detectors.leakage;

import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detect.Span;
import dev.palisade.detectors.content.NormalizedText;
import dev.palisade.detectors.text.CallCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A detector of system-prompt leakage in an answer: the prompt's {@link Canary} (as it is, with
 * case changed, with spaces, dashes or other separators inserted, reversed, hex or base64 encoded)
 * and verbatim or near-verbatim copying of the prompt's text (word n-grams shared with the prompt).
 *
 * <p>Both checks work on normalized text (NFKC, case folded, default-ignorable characters removed,
 * white space collapsed) and report spans in the original answer. An n-gram leak is reported as
 * the answer's runs of copied words (small edits of one or two words inside a run do not break
 * it) that are at least {@link Builder#minRunWords} long, or all such runs once the answer covers
 * at least {@link Builder#coverageThreshold} of the prompt's n-grams. Paraphrase is not detected.
 *
 * <p>Reports {@link EntityType#SYSTEM_PROMPT_LEAK} with detector id {@code "system-prompt-leak"}.
 * A detector is built for one prompt, so build one per prompt (cheap: linear in its length) and
 * keep it with the deployment, or per call when the prompt carries a per-call canary.
 *
 * <h2>Thread safety</h2>
 * Immutable; one instance serves all threads.
 *
 * <h2>Security</h2>
 * Holds hashes of the prompt's n-grams and the canary's search forms, never logs them;
 * {@link #toString} prints counts only.
 */
public final class SystemPromptLeakDetector implements Detector {

  /** This detector's id. */
  public static final String ID = "system-prompt-leak";

  private static final Set<EntityType> TYPES = Set.of(EntityType.SYSTEM_PROMPT_LEAK);
  private static final int MAX_GAP = 2;
  // Room for a transformed canary: hex (40) with a separator after every character, doubled.
  private static final int CANARY_WINDOW = 160;

  private final List<CanaryForms> canaries;
  // Every canary's forms, searched (String.indexOf, which is fast) in two compacted views of the answer.
  private final String[] foldedForms;
  private final String[] exactForms;
  private final long[] promptGrams; // sorted hashes of the prompt's word n-grams
  private final long[] promptWords; // sorted hashes of the prompt's distinct words
  private final int promptGramCount;
  private final int n;
  private final int minRunWords;
  private final double coverageThreshold;
  private final int longestPromptWord;
  private final int ngram;
  private final int minRunSetting;
  private final boolean contextOnly;

  private SystemPromptLeakDetector(Builder b) {
    List<CanaryForms> forms = new ArrayList<>();
    if (b.canary != null) {
      forms.add(new CanaryForms(b.canary.marker()));
    }
    for (String marker : b.markers) {
      forms.add(new CanaryForms(marker));
    }
    this.canaries = List.copyOf(forms);
    List<String> folded = new ArrayList<>();
    List<String> exact = new ArrayList<>();
    for (CanaryForms f : canaries) {
      folded.addAll(f.folded());
      exact.addAll(f.exact());
    }
    this.foldedForms = folded.toArray(String[]::new);
    this.exactForms = exact.stream().filter(f -> !f.isEmpty()).toArray(String[]::new);
    this.ngram = b.ngram;
    this.minRunSetting = b.minRunWords;
    this.contextOnly = b.contextOnly;
    Words promptWords = b.systemPrompt == null ? null : words(NormalizedText.of(b.systemPrompt), true);
    List<String> words = promptWords == null ? List.of() : promptWords.words();
    int wordCount = words.size();
    this.n = Math.max(1, Math.min(b.ngram, wordCount));
    this.minRunWords = Math.max(1, Math.min(b.minRunWords, wordCount));
    this.coverageThreshold = b.coverageThreshold;
    long[] hashes = new long[Math.max(0, wordCount - n + 1)];
    long[] wordHashes = promptWords == null ? new long[0] : promptWords.hashes();
    for (int i = 0; i + n <= wordCount; i++) {
      hashes[i] = gram(wordHashes, i, n);
    }
    Arrays.sort(hashes);
    this.promptGrams = distinct(hashes);
    long[] vocabulary = Arrays.copyOf(wordHashes, wordCount);
    Arrays.sort(vocabulary);
    this.promptWords = distinct(vocabulary);
    this.promptGramCount = promptGrams.length;
    this.longestPromptWord = words.stream().mapToInt(String::length).max().orElse(0);
  }

  /** A detector for {@code systemPrompt} with default settings and, if not null, its canary. */
  public static SystemPromptLeakDetector forPrompt(String systemPrompt, Canary canary) {
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Builder b = builder().systemPrompt(systemPrompt);
    if (canary != null) {
      b.canary(canary);
    }
    return b.build();
  }

  /** Checks one answer against a prompt and its canary (either may be null). */
  public static List<Finding> detect(String answer, String systemPrompt, Canary canary) {
    Objects.requireNonNull(answer, "answer");
    Builder b = builder();
    if (systemPrompt != null) {
      b.systemPrompt(systemPrompt);
    }
    if (canary != null) {
      b.canary(canary);
    }
    return b.build().detect(answer);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A detector with no prompt of its own that checks each call against the system prompt and
   * canary markers of its {@link DetectionContext} (as the guard passes them), with default
   * settings. {@link #detect(String)} alone finds nothing.
   */
  public static SystemPromptLeakDetector fromContext() {
    Builder b = builder();
    b.contextOnly = true;
    return b.build();
  }

  /** Canary marker texts accepted by {@link Builder#canaryMarkers}: letters and digits, 8 or more. */
  private static final java.util.regex.Pattern MARKER =
      java.util.regex.Pattern.compile("(?:[a-z]{1,10}-)?([a-z0-9]{8,64})");

  /** Builds a {@link SystemPromptLeakDetector}. Not thread-safe. */
  public static final class Builder {
    private String systemPrompt;
    private Canary canary;
    private int ngram = 5;
    private int minRunWords = 10;
    private double coverageThreshold = 0.3;
    private final List<String> markers = new ArrayList<>();
    private boolean contextOnly;

    private Builder() {}

    /**
     * Canary markers generated elsewhere (such as the guard's {@code pcy-…} markers): a short
     * lower-case prefix ending in {@code -} is dropped, the rest (8 to 64 lower-case letters and
     * digits) is searched for like a {@link Canary}.
     *
     * @throws IllegalArgumentException for a marker of another shape (the message does not repeat it)
     */
    public Builder canaryMarkers(java.util.Collection<String> markers) {
      for (String m : Objects.requireNonNull(markers, "markers")) {
        var matcher = MARKER.matcher(Objects.requireNonNull(m, "marker"));
        if (!matcher.matches()) {
          throw new IllegalArgumentException(
              "canary marker must be 8 to 64 lower-case letters and digits, with an optional prefix");
        }
        this.markers.add(matcher.group(1));
      }
      return this;
    }

    /** The system prompt whose text must not be repeated. */
    public Builder systemPrompt(String systemPrompt) {
      this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt");
      return this;
    }

    /** The canary placed in the prompt. */
    public Builder canary(Canary canary) {
      this.canary = Objects.requireNonNull(canary, "canary");
      return this;
    }

    /** Words per n-gram (default 5; prompts shorter than that use their length). */
    public Builder ngram(int words) {
      if (words < 2 || words > 20) {
        throw new IllegalArgumentException("ngram must be in [2, 20], was " + words);
      }
      this.ngram = words;
      return this;
    }

    /** Copied words in one run that count as a leak on their own (default 10). */
    public Builder minRunWords(int words) {
      if (words < 2) {
        throw new IllegalArgumentException("minRunWords must be at least 2, was " + words);
      }
      this.minRunWords = words;
      return this;
    }

    /** Share of the prompt's n-grams found in the answer that counts as a leak (default 0.3). */
    public Builder coverageThreshold(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("coverageThreshold must be in (0, 1], was " + share);
      }
      this.coverageThreshold = share;
      return this;
    }

    public SystemPromptLeakDetector build() {
      if (systemPrompt == null && canary == null && markers.isEmpty() && !contextOnly) {
        throw new IllegalStateException("a system prompt or a canary must be set");
      }
      if (ngram > minRunWords) {
        throw new IllegalStateException(
            "ngram (" + ngram + ") must not exceed minRunWords (" + minRunWords + ")");
      }
      return new SystemPromptLeakDetector(this);
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<EntityType> types() {
    return TYPES;
  }

  /**
   * The hold-back window this detector needs to recognize a leak split across chunks: room for a
   * transformed canary (160 characters) or for {@code minRunWords} copied words of the prompt's
   * longest word length plus separators. A copied run longer than this is recognized from its
   * first part; its span then ends where the scanned text ends.
   */
  public int maxMatchLength() {
    // A prompt known only per call: assume words of up to 20 characters.
    int words = contextOnly ? minRunSetting * 24
        : promptGramCount == 0 ? 0 : minRunWords * (longestPromptWord + 4);
    return Math.max(canaries.isEmpty() && promptGramCount > 0 ? 0 : CANARY_WINDOW, words);
  }

  @Override
  public List<Finding> detect(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || canaries.isEmpty() && promptGramCount == 0) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    if (!canaries.isEmpty()) {
      findCanaries(text, out);
    }
    if (promptGramCount > 0) {
      overlap(NormalizedText.of(text), out);
    }
    out.sort(Comparator.comparing(Finding::span));
    return out;
  }

  /**
   * Scans {@code text} for this detector's own prompt and canary and for the system prompt and
   * canaries of the call in {@code context}. The detector for the call's prompt is built once per
   * call (a streamed answer is scanned chunk by chunk with the same context).
   */
  @Override
  public List<Finding> detect(String text, DetectionContext context) {
    Objects.requireNonNull(context, "context");
    List<Finding> own = detect(text);
    String prompt = context.systemPrompt();
    List<String> markers = new ArrayList<>();
    for (String m : context.canaries()) {
      if (m != null && MARKER.matcher(m).matches()) {
        markers.add(m);
      }
    }
    boolean hasPrompt = prompt != null && !prompt.isBlank();
    if (!hasPrompt && markers.isEmpty()) {
      return own;
    }
    SystemPromptLeakDetector forCall = perCall.get(context, new CallKey(hasPrompt ? prompt : null, markers), k -> {
      Builder b = builder().ngram(ngram).minRunWords(minRunSetting).coverageThreshold(coverageThreshold)
          .canaryMarkers(k.markers());
      if (k.prompt() != null) {
        b.systemPrompt(k.prompt());
      }
      return b.build();
    });
    List<Finding> found = forCall.detect(text);
    if (own.isEmpty()) {
      return found;
    }
    List<Finding> out = new ArrayList<>(own);
    for (Finding f : found) {
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    out.sort(Comparator.comparing(Finding::span));
    return out;
  }

  private final CallCache<CallKey, SystemPromptLeakDetector> perCall = new CallCache<>();

  /** What a per-call detector is built from; never printed. */
  private record CallKey(String prompt, List<String> markers) {
    @Override
    public String toString() {
      return "CallKey[redacted]";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // n-gram overlap

  private record Words(List<String> words, long[] hashes, int count, int[] starts, int[] ends) {}

  // ASCII letters and digits, as Character.isLetterOrDigit sees them.
  private static final boolean[] ASCII_ALNUM = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_ALNUM[c] = Character.isLetterOrDigit(c);
    }
  }

  private static boolean isAlnum(int cp) {
    return cp < 128 ? ASCII_ALNUM[cp] : Character.isLetterOrDigit(cp);
  }

  /** Words of a normalized text: runs of letters and digits; each character of CJK scripts alone. */
  private static Words words(NormalizedText norm, boolean keepWords) {
    String s = norm.text();
    List<String> words = new ArrayList<>();
    int capacity = Math.max(16, s.length() / 4);
    long[] hashes = new long[capacity];
    int[] starts = new int[capacity];
    int[] ends = new int[capacity];
    int count = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char ch = s.charAt(i);
      int cp = Character.isSurrogate(ch) ? s.codePointAt(i) : ch;
      int len = Character.charCount(cp);
      if (!isAlnum(cp)) {
        i += len;
        continue;
      }
      int start = i;
      if (isUnspacedScript(cp)) {
        i += len;
      } else {
        i += len;
        while (i < n) {
          char d = s.charAt(i);
          if (d < 128) {
            if (!ASCII_ALNUM[d]) {
              break;
            }
            i++;
            continue;
          }
          int c = s.codePointAt(i);
          if (!(Character.isLetterOrDigit(c) || c >= 0x300 && Character.getType(c) == Character.NON_SPACING_MARK)
              || isUnspacedScript(c)) {
            break;
          }
          i += Character.charCount(c);
        }
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
        hashes = Arrays.copyOf(hashes, count * 2);
      }
      starts[count] = start;
      ends[count] = i;
      hashes[count] = hash(s, start, i);
      if (keepWords) {
        words.add(s.substring(start, i));
      }
      count++;
    }
    return new Words(words, hashes, count, starts, ends);
  }

  private static boolean isUnspacedScript(int cp) {
    if (cp < 0x0E00) {
      return false; // below Thai: every script here is written with spaces
    }
    return switch (Character.UnicodeScript.of(cp)) {
      case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR, TIBETAN -> true;
      default -> false;
    };
  }

  private static long hash(String s, int from, int to) {
    long h = 0xcbf29ce484222325L; // FNV-1a, 64 bit
    for (int i = from; i < to; i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long gram(long[] wordHashes, int from, int n) {
    long h = 0x9e3779b97f4a7c15L;
    for (int i = from; i < from + n; i++) {
      h = (h ^ wordHashes[i]) * 0xbf58476d1ce4e5b9L;
      h ^= h >>> 31;
    }
    return h;
  }

  private static long[] distinct(long[] sorted) {
    int m = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[m++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, m);
  }

  private void overlap(NormalizedText norm, List<Finding> out) {
    Words w = words(norm, false);
    int count = w.count();
    if (count < n) {
      return;
    }
    long[] wordHashes = w.hashes();
    boolean[] covered = new boolean[count];
    long[] matched = new long[count];
    int matchedCount = 0;
    // An n-gram can be the prompt's only if each of its words is a prompt word: hash n-grams only
    // at the end of n prompt words in a row.
    int known = 0;
    for (int k = 0; k < count; k++) {
      known = Arrays.binarySearch(promptWords, wordHashes[k]) >= 0 ? known + 1 : 0;
      if (known < n) {
        continue;
      }
      int i = k + 1 - n;
      long g = gram(wordHashes, i, n);
      if (Arrays.binarySearch(promptGrams, g) >= 0) {
        Arrays.fill(covered, i, i + n, true);
        matched[matchedCount++] = g;
      }
    }
    if (matchedCount == 0) {
      return;
    }
    long[] m = Arrays.copyOf(matched, matchedCount);
    Arrays.sort(m);
    double coverage = (double) distinct(m).length / promptGramCount;
    boolean leakedByCoverage = coverage >= coverageThreshold;
    int i = 0;
    while (i < count) {
      if (!covered[i]) {
        i++;
        continue;
      }
      int start = i;
      int end = i; // exclusive end of the last covered word
      int copied = 0;
      int j = i;
      while (j < count) {
        if (covered[j]) {
          copied++;
          end = j + 1;
          j++;
        } else {
          int gap = 0;
          while (j < count && !covered[j] && gap <= MAX_GAP) {
            gap++;
            j++;
          }
          if (j >= count || !covered[j] || gap > MAX_GAP) {
            break;
          }
        }
      }
      if (copied >= minRunWords || leakedByCoverage) {
        double runShare = Math.min(1.0, (double) copied / (2.0 * minRunWords));
        double score = Math.min(1.0, 0.6 + 0.4 * Math.max(runShare, Math.min(1.0, coverage / coverageThreshold)));
        int from = norm.originalStart(w.starts()[start]);
        int to = norm.originalEnd(w.ends()[end - 1] - 1);
        out.add(new Finding(EntityType.SYSTEM_PROMPT_LEAK, new Span(from, to), score, ID));
      }
      i = Math.max(end, start + 1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Canary

  /**
   * Finds every canary form: the folded forms in the answer's letters and digits after
   * normalization, the exact (base64) forms in the original's ASCII letters and digits.
   */
  private void findCanaries(String original, List<Finding> out) {
    // Exact view: base64 is case-sensitive, so the original's ASCII letters and digits.
    int n = original.length();
    char[] view = new char[n];
    int[] exactAt = new int[n];
    int len = 0;
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      char c = original.charAt(i);
      if (c >= 128) {
        ascii = false;
      } else if (ASCII_ALNUM[c]) {
        exactAt[len] = i;
        view[len++] = c;
      }
    }
    String exact = new String(view, 0, len);
    if (ascii) {
      // Normalizing ASCII only lowers its case: the folded view is the exact view in lower case.
      for (int i = 0; i < len; i++) {
        char c = view[i];
        view[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      }
      String folded = new String(view, 0, len);
      for (String form : foldedForms) {
        for (int at = folded.indexOf(form); at >= 0; at = folded.indexOf(form, at + 1)) {
          out.add(new Finding(EntityType.SYSTEM_PROMPT_LEAK,
              new Span(exactAt[at], exactAt[at + form.length() - 1] + 1), 1.0, ID));
        }
      }
    } else {
      // Folded view: the normalized text's letters and digits, mapped to normalized indices.
      NormalizedText norm = NormalizedText.of(original);
      String s = norm.text();
      char[] folded = new char[s.length()];
      int[] foldedAt = new int[s.length()];
      int m = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 128 ? ASCII_ALNUM[c] : Character.isLetterOrDigit(c)) {
          foldedAt[m] = i;
          folded[m++] = c;
        }
      }
      String f = new String(folded, 0, m);
      for (String form : foldedForms) {
        for (int at = f.indexOf(form); at >= 0; at = f.indexOf(form, at + 1)) {
          out.add(new Finding(EntityType.SYSTEM_PROMPT_LEAK, new Span(norm.originalStart(foldedAt[at]),
              norm.originalEnd(foldedAt[at + form.length() - 1])), 1.0, ID));
        }
      }
    }
    for (String form : exactForms) {
      for (int at = exact.indexOf(form); at >= 0; at = exact.indexOf(form, at + 1)) {
        out.add(new Finding(EntityType.SYSTEM_PROMPT_LEAK,
            new Span(exactAt[at], exactAt[at + form.length() - 1] + 1), 1.0, ID));
      }
    }
  }

  /** The canary's forms to look for, in two compacted views of the answer. */
  private static final class CanaryForms {
    private final List<String> foldedForms;   // searched in the answer's letters and digits, folded
    private final List<String> exactForms;    // searched in the answer's ASCII letters and digits

    CanaryForms(String marker) {
      String reversed = new StringBuilder(marker).reverse().toString();
      this.foldedForms = List.of(marker, reversed, hex(marker), hex(reversed));
      List<String> exact = new ArrayList<>();
      for (String s : List.of(marker, reversed)) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < 3; k++) {
          byte[] padded = new byte[k + bytes.length];
          System.arraycopy(bytes, 0, padded, k, bytes.length);
          String enc = Base64.getEncoder().withoutPadding().encodeToString(padded);
          // Only the characters that depend on the marker's bytes alone, whatever precedes it.
          String core = enc.substring((8 * k + 5) / 6, (8 * (k + bytes.length)) / 6);
          exact.add(alnum(core));
        }
      }
      this.exactForms = List.copyOf(exact);
    }

    List<String> folded() {
      return foldedForms;
    }

    List<String> exact() {
      return exactForms;
    }

    private static String hex(String s) {
      StringBuilder sb = new StringBuilder();
      for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
        sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return sb.toString();
    }

    private static String alnum(String s) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isLetterOrDigit(c)) {
          sb.append(c);
        }
      }
      return sb.toString();
    }
  }

  @Override
  public String toString() {
    return "SystemPromptLeakDetector[" + promptGramCount + " prompt n-grams, " + canaries.size()
        + " canaries]";
  }
}
