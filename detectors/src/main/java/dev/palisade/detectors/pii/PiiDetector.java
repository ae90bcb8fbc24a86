package dev.palisade.detectors.pii;

import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A detector of personal data in free text: structured identifiers checked by their validators
 * (cards, IBANs, national ids, phone numbers, addresses on the network), and names, places,
 * organizations and groups found by a bundled name finder with gazetteers and context rules.
 *
 * <h2>How a scan works</h2>
 * <ol>
 *   <li>Candidates: structured rules run only in windows around digits; e-mail, URL and IP
 *       scanners start at their trigger characters; the name finder reads every sentence.
 *   <li>Context: a context word of the candidate's type within the five words before it or the
 *       three after ("SSN", "born on", "call me at") raises its score to at least 0.55 (+0.35);
 *       a negative context word lowers it by 0.35.
 *   <li>Allow- and deny-lists: a candidate whose text is on the allow-list is dropped; every
 *       occurrence of a deny-listed string is reported with score 1.
 *   <li>Thresholds: a candidate below its type's threshold is dropped.
 *   <li>Overlaps: the one rule is <em>structured findings (patterns, validators, scanners) before
 *       those of the name finder and gazetteers; then the higher score; then the longer span;
 *       then the earlier one</em>. Candidates are taken in that order and one that overlaps a
 *       finding already kept is dropped.
 *   <li>Addresses: a LOCATION finding takes in a house number just before it and a postcode just
 *       after it on the same line; neighbouring LOCATION findings separated only by commas and
 *       white space, one of them with a digit, become one finding (the lines of a postal address).
 * </ol>
 *
 * <h2>Thread safety</h2>
 * Immutable once built; one instance serves any number of threads.
 *
 * <h2>Security</h2>
 * Findings hold offsets, never text. Nothing this class throws, logs or prints contains the
 * scanned text, and {@link #toString()} does not print the allow- or deny-list entries.
 */
public final class PiiDetector implements Detector {

  private static final double CONTEXT_BOOST = 0.35;
  private static final double CONTEXT_FLOOR = 0.55;

  private final Set<EntityType> enabled;
  private final List<Rule> rules;
  private final RuleSet ruleSet;
  private final PhoneScanner phones;
  private final NameScanner names;
  private final Map<EntityType, Double> thresholds;
  private final double defaultThreshold;
  private final Set<String> allow;
  private final Map<String, EntityType> deny;
  private final Map<EntityType, List<String>> extraContext;
  private final Map<EntityType, List<String>> negativeContext;

  private PiiDetector(Builder b) {
    this.enabled = Set.copyOf(b.enabled == null ? allTypes() : b.enabled);
    List<Rule> r = new ArrayList<>();
    for (Rule rule : Holder.RULES) {
      if (enabled.contains(rule.type())) {
        r.add(rule);
      }
    }
    this.rules = List.copyOf(r);
    // analysing the expressions costs tens of milliseconds: detectors with every rule share one set
    this.ruleSet = rules.size() == Holder.RULES.size() ? Holder.AllRules.SET : new RuleSet(this.rules);
    this.phones = new PhoneScanner(b.phoneRegions);
    boolean wantsNames = false;
    for (EntityType t : NameScanner.TYPES) {
      wantsNames |= enabled.contains(t);
    }
    // the word pass also finds ages and weekday names
    this.names = b.ner && (wantsNames || enabled.contains(EntityType.AGE) || enabled.contains(EntityType.DATE_TIME))
        ? Holder.names() : null;
    this.thresholds = Map.copyOf(b.thresholds);
    this.defaultThreshold = b.defaultThreshold;
    this.allow = Set.copyOf(b.allow);
    this.deny = Map.copyOf(b.deny);
    this.extraContext = copy(b.context);
    this.negativeContext = copy(b.negative);
  }

  private static Map<EntityType, List<String>> copy(Map<EntityType, List<String>> m) {
    Map<EntityType, List<String>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }

  /** The default detector: every type, NER on, phone regions {@link Builder#DEFAULT_REGIONS}. */
  public static PiiDetector defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every entity type this detector knows how to find. */
  public static Set<EntityType> allTypes() {
    Set<EntityType> s = new TreeSet<>();
    for (Rule r : Holder.RULES) {
      s.add(r.type());
    }
    s.addAll(List.of(EntityType.EMAIL_ADDRESS, EntityType.URL, EntityType.IP_ADDRESS, EntityType.IBAN_CODE,
        EntityType.PHONE_NUMBER, EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION,
        EntityType.NRP, EntityType.AGE, EntityType.DATE_TIME));
    return Set.copyOf(s);
  }

  @Override
  public String id() {
    return "pii";
  }

  @Override
  public Set<EntityType> types() {
    return enabled;
  }

  @Override
  public List<Finding> detect(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return List.of();
    }
    Sink sink = new Sink(enabled::contains);
    Windows windows;
    try {
      windows = Windows.of(text);
    } catch (RuntimeException e) {
      windows = null;
    }
    if (windows != null) {
      runRules(text, windows, sink);
      Windows w = windows;
      guarded(() -> Scanners.ips(text, w, sink));
      guarded(() -> Scanners.ibans(text, w, sink));
      guarded(() -> phones.scan(text, w, sink));
    }
    guarded(() -> Scanners.emails(text, sink));
    guarded(() -> Scanners.urls(text, sink));
    if (names != null) {
      guarded(() -> names.scan(text, sink));
    }
    if (!deny.isEmpty()) {
      guarded(() -> denied(text, sink));
    }
    return resolve(text, sink.items);
  }

  /** One recognizer failing on odd input must not hide what the others found. */
  /** Scanner failures {@link #guarded} swallowed since the class loaded; tests expect none on ordinary text. */
  static final AtomicLong FAILURES = new AtomicLong();

  private static void guarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | StackOverflowError e) {
      // deliberately not propagated or logged: the exception may quote input
      FAILURES.incrementAndGet();
    }
  }

  private void runRules(String text, Windows w, Sink sink) {
    guarded(() -> ruleSet.scan(text, w, sink, e -> { }));
  }

  private void denied(String text, Sink sink) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.length() != text.length()) {
      lower = null; // case mapping changed offsets; match case-sensitively
    }
    for (Map.Entry<String, EntityType> e : deny.entrySet()) {
      String term = lower == null ? e.getKey() : e.getKey().toLowerCase(Locale.ROOT);
      String hay = lower == null ? text : lower;
      int from = 0;
      int i;
      while ((i = hay.indexOf(term, from)) >= 0) {
        sink.add(e.getValue(), i, i + term.length(), 1.0, "deny-list", List.of());
        from = i + Math.max(1, term.length());
      }
    }
  }

  private List<Finding> resolve(String text, List<Sink.Candidate> raw) {
    List<Finding> scored = new ArrayList<>(raw.size());
    List<Finding> unstructuredScored = new ArrayList<>();
    Set<Finding> unstructured = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    // the rules scoring one match report the same span one after another: one context window
    String window = null;
    int windowStart = -1;
    int windowEnd = -1;
    for (Sink.Candidate c : raw) {
      int s = Math.max(0, c.start());
      int e = Math.min(text.length(), c.end());
      if (s >= e) {
        continue;
      }
      double score = c.score();
      List<String> ctx = c.context();
      List<String> extra = extraContext.get(c.type());
      List<String> neg = negativeContext.get(c.type());
      if ((!ctx.isEmpty() || extra != null || neg != null) && (s != windowStart || e != windowEnd)) {
        window = contextWindow(text, s, e);
        windowStart = s;
        windowEnd = e;
      }
      if (hasContext(window, ctx) || extra != null && hasContext(window, extra)) {
        score = Math.min(1.0, Math.max(score + CONTEXT_BOOST, CONTEXT_FLOOR));
      }
      if (neg != null && hasContext(window, neg)) {
        score = Math.max(0.0, score - CONTEXT_BOOST);
      }
      if (score < thresholds.getOrDefault(c.type(), defaultThreshold)) {
        continue;
      }
      if (!allow.isEmpty() && allow.contains(text.substring(s, e).toLowerCase(Locale.ROOT))) {
        continue;
      }
      Finding f = Finding.of(c.type(), s, e, score, c.id());
      if (c.structured()) {
        scored.add(f);
      } else {
        unstructuredScored.add(f);
        unstructured.add(f);
      }
    }
    // structured first: sorting each part (stable) is sorting by (unstructured, score, ...)
    Comparator<Finding> order = (a, b) -> {
      int c = Double.compare(b.score(), a.score());
      if (c == 0) {
        c = Integer.compare(b.span().length(), a.span().length());
      }
      return c != 0 ? c : Integer.compare(a.start(), b.start());
    };
    scored.sort(order);
    unstructuredScored.sort(order);
    scored.addAll(unstructuredScored);
    List<Finding> kept = new ArrayList<>();
    // kept spans are disjoint; an interval list sorted by start makes each overlap test cheap
    TreeSet<int[]> taken = new TreeSet<>(Comparator.comparingInt(a -> a[0]));
    for (Finding f : scored) {
      if (!overlaps(taken, f.start(), f.end())) {
        taken.add(new int[] {f.start(), f.end()});
        kept.add(f);
      } else if (unstructured.contains(f)) {
        // a name-finder span that ran into a number (an address followed by a phone number)
        // keeps its part before the structured finding
        int[] first = taken.ceiling(new int[] {f.start(), 0});
        int[] before = taken.floor(new int[] {f.start(), 0});
        if ((before == null || before[1] <= f.start()) && first != null && first[0] > f.start()) {
          int e = first[0];
          while (e > f.start() && !Character.isLetterOrDigit(text.charAt(e - 1))) {
            e--;
          }
          if (e - f.start() >= 2 && !overlaps(taken, f.start(), e)) {
            taken.add(new int[] {f.start(), e});
            kept.add(Finding.of(f.type(), f.start(), e, f.score(), f.detector()));
          }
        }
      }
    }
    kept.sort(Comparator.comparingInt(Finding::start));
    return List.copyOf(joinAddressLines(text, kept));
  }

  /**
   * Joins neighbouring LOCATION findings separated only by commas and white space when one of
   * them holds a digit (a house number, a postcode): the name finder often sees the lines of one
   * postal address as separate places. "Paris, France" stays two findings.
   */
  private static List<Finding> joinAddressLines(String text, List<Finding> sorted) {
    List<Finding> out = new ArrayList<>(sorted.size());
    for (int k = 0; k < sorted.size(); k++) {
      Finding f = sorted.get(k);
      if (f.type() == EntityType.LOCATION) {
        int floor = out.isEmpty() ? 0 : out.get(out.size() - 1).end();
        int ceiling = k + 1 < sorted.size() ? sorted.get(k + 1).start() : text.length();
        f = withNumbers(text, f, floor, ceiling);
      }
      Finding last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.type() == EntityType.LOCATION && f.type() == EntityType.LOCATION
          && onlySeparators(text, last.end(), f.start()) && (hasDigit(text, last) || hasDigit(text, f))) {
        out.set(out.size() - 1, Finding.of(EntityType.LOCATION, last.start(), f.end(),
            Math.max(last.score(), f.score()), last.detector()));
      } else {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * A place with the house number before it or the postcode after it on the same line:
   * "39 Laugarvegur", "Tonga 44249". Numbers inside another finding are left alone.
   */
  private static Finding withNumbers(String text, Finding f, int floor, int ceiling) {
    int start = f.start();
    int i = start;
    while (i > floor && text.charAt(i - 1) == ' ') {
      i--;
    }
    int digits = i;
    while (digits > floor && Character.isDigit(text.charAt(digits - 1)) && i - digits < 5) {
      digits--;
    }
    if (digits < i && (digits == floor || digits == 0 || Character.isWhitespace(text.charAt(digits - 1)))) {
      start = digits;
    }
    int end = f.end();
    int j = end;
    while (j < ceiling && text.charAt(j) == ' ') {
      j++;
    }
    int after = j;
    while (after < ceiling && Character.isDigit(text.charAt(after)) && after - j < 7) {
      after++;
    }
    if (after - j >= 4 && after - j <= 6 && (after == text.length() || !Character.isLetterOrDigit(text.charAt(after)))) {
      end = after;
    }
    return start == f.start() && end == f.end() ? f : Finding.of(f.type(), start, end, f.score(), f.detector());
  }

  private static boolean onlySeparators(String text, int from, int to) {
    if (to - from > 6) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c != ',' && !Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDigit(String text, Finding f) {
    for (int i = f.start(); i < f.end(); i++) {
      if (Character.isDigit(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlaps(TreeSet<int[]> taken, int start, int end) {
    int[] lower = taken.floor(new int[] {start, 0});
    int[] higher = taken.ceiling(new int[] {start, 0});
    return lower != null && lower[1] > start || higher != null && higher[0] < end;
  }

  /** The five words before the span and the three after it, lower-cased, with a space between. */
  static String contextWindow(String text, int start, int end) {
    int before = wordsBack(text, start, 5);
    int after = wordsForward(text, end, 3);
    // ASCII is lower-cased here, into one array; other scripts as whole strings (final sigma)
    int left = start - before;
    char[] out = new char[left + 1 + after - end];
    out[left] = ' ';
    if (!lowerAscii(text, before, start, out, 0) || !lowerAscii(text, end, after, out, left + 1)) {
      return text.substring(before, start).toLowerCase(Locale.ROOT) + " "
          + text.substring(end, after).toLowerCase(Locale.ROOT);
    }
    return new String(out);
  }

  /** Copies text[from, to) lower-cased into out at offset; false (and unfinished) if it is not all ASCII. */
  private static boolean lowerAscii(String text, int from, int to, char[] out, int offset) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        return false;
      }
      out[offset + i - from] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return true;
  }

  /** A context word in the window of {@link #contextWindow}. */
  static boolean hasContext(String window, List<String> words) {
    if (words.isEmpty()) {
      return false;
    }
    for (String w : words) {
      int i = window.indexOf(w);
      while (i >= 0) {
        boolean leftOk = i == 0 || !Character.isLetterOrDigit(window.charAt(i - 1));
        int j = i + w.length();
        boolean rightOk = j >= window.length() || !Character.isLetter(window.charAt(j))
            || window.charAt(j) == 's';
        if (leftOk && rightOk) {
          return true;
        }
        i = window.indexOf(w, i + 1);
      }
    }
    return false;
  }

  static int wordsBack(String text, int pos, int words) {
    int i = pos;
    int seen = 0;
    int limit = Math.max(0, pos - 80);
    while (i > limit && seen < words) {
      while (i > limit && !Character.isLetterOrDigit(text.charAt(i - 1))) {
        i--;
      }
      while (i > limit && Character.isLetterOrDigit(text.charAt(i - 1))) {
        i--;
      }
      seen++;
    }
    return i;
  }

  static int wordsForward(String text, int pos, int words) {
    int n = text.length();
    int i = pos;
    int seen = 0;
    int limit = Math.min(n, pos + 50);
    while (i < limit && seen < words) {
      while (i < limit && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      while (i < limit && Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      seen++;
    }
    return i;
  }

  @Override
  public String toString() {
    return "PiiDetector{types=" + enabled.size() + ", rules=" + rules.size() + ", ner=" + (names != null)
        + ", allowListSize=" + allow.size() + ", denyListSize=" + deny.size() + "}";
  }

  /** Loaded once per class loader and shared by every detector built. */
  private static final class Holder {
    static final List<Rule> RULES = Rules.all();

    static final class AllRules {
      static final RuleSet SET = new RuleSet(RULES);
    }
    private static volatile NameScanner names;

    static NameScanner names() {
      NameScanner n = names;
      if (n == null) {
        synchronized (Holder.class) {
          n = names;
          if (n == null) {
            n = NameScanner.load();
            names = n;
          }
        }
      }
      return n;
    }
  }

  /**
   * Configures a {@link PiiDetector}. Setters validate their arguments at once; {@link #build()}
   * copies everything, so a builder may be reused.
   */
  public static final class Builder {

    /** Phone regions used unless {@link #phoneRegions} says otherwise (as Presidio, plus a few). */
    public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR",
        "JP", "CN", "AU", "ES", "IT", "NL");

    private Set<EntityType> enabled;
    private List<String> phoneRegions = DEFAULT_REGIONS;
    private final Map<EntityType, Double> thresholds = new HashMap<>(defaultThresholds());
    private double defaultThreshold = 0.5;
    private final Set<String> allow = new LinkedHashSet<>();
    private final Map<String, EntityType> deny = new HashMap<>();
    private final Map<EntityType, List<String>> context = new HashMap<>();
    private final Map<EntityType, List<String>> negative = new HashMap<>();
    private boolean ner = true;

    private Builder() {}

    private static Map<EntityType, Double> defaultThresholds() {
      return Map.of(EntityType.PHONE_NUMBER, 0.4);
    }

    /** Only these types are reported (default: {@link PiiDetector#allTypes()}). */
    public Builder enabledTypes(Collection<EntityType> types) {
      Objects.requireNonNull(types, "types");
      Set<EntityType> s = new TreeSet<>();
      for (EntityType t : types) {
        Objects.requireNonNull(t, "types element");
        s.add(t);
      }
      this.enabled = s;
      return this;
    }

    /** Regions (ISO 3166 two-letter codes, e.g. {@code "US"}) whose national phone formats are accepted. */
    public Builder phoneRegions(String... regions) {
      List<String> out = new ArrayList<>();
      Set<String> supported = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions();
      for (String r : regions) {
        Objects.requireNonNull(r, "region");
        String up = r.toUpperCase(Locale.ROOT);
        if (!supported.contains(up)) {
          throw new IllegalArgumentException("unknown phone region \"" + r + "\"");
        }
        out.add(up);
      }
      this.phoneRegions = List.copyOf(out);
      return this;
    }

    /** Findings of {@code type} scoring below {@code threshold} are dropped. */
    public Builder threshold(EntityType type, double threshold) {
      Objects.requireNonNull(type, "type");
      checkScore(threshold);
      thresholds.put(type, threshold);
      return this;
    }

    /** The threshold for types without their own (default 0.5). */
    public Builder defaultThreshold(double threshold) {
      checkScore(threshold);
      this.defaultThreshold = threshold;
      return this;
    }

    private static void checkScore(double v) {
      if (!(v >= 0.0 && v <= 1.0)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], was " + v);
      }
    }

    /** Values never reported, compared case-insensitively with the whole finding (e.g. a support address). */
    public Builder allowList(String... values) {
      for (String v : values) {
        Objects.requireNonNull(v, "value");
        allow.add(v.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** Strings always reported as {@code type} wherever they occur (case-insensitive). */
    public Builder denyList(EntityType type, String... values) {
      Objects.requireNonNull(type, "type");
      for (String v : values) {
        Objects.requireNonNull(v, "value");
        if (v.isEmpty()) {
          throw new IllegalArgumentException("deny-list entries must not be empty");
        }
        deny.put(v, type);
      }
      return this;
    }

    /** Extra words that raise findings of {@code type} when they appear next to them. */
    public Builder contextWords(EntityType type, String... words) {
      Objects.requireNonNull(type, "type");
      context.computeIfAbsent(type, k -> new ArrayList<>()).addAll(lowered(words));
      return this;
    }

    /** Words that lower findings of {@code type} next to them (e.g. "order" for phone numbers). */
    public Builder negativeContextWords(EntityType type, String... words) {
      Objects.requireNonNull(type, "type");
      negative.computeIfAbsent(type, k -> new ArrayList<>()).addAll(lowered(words));
      return this;
    }

    private static List<String> lowered(String... words) {
      List<String> out = new ArrayList<>();
      for (String w : words) {
        Objects.requireNonNull(w, "word");
        if (w.isBlank()) {
          throw new IllegalArgumentException("context words must not be blank");
        }
        out.add(w.toLowerCase(Locale.ROOT));
      }
      return out;
    }

    /** Whether the name finder runs (PERSON, LOCATION, ORGANIZATION, NRP, AGE); default true. */
    public Builder ner(boolean on) {
      this.ner = on;
      return this;
    }

    /**
     * Builds the detector.
     *
     * @throws IllegalArgumentException if an enabled type is neither known nor deny-listed
     */
    public PiiDetector build() {
      if (enabled != null) {
        Set<EntityType> known = allTypes();
        for (EntityType t : enabled) {
          if (!known.contains(t) && !deny.containsValue(t)) {
            throw new IllegalArgumentException("unknown entity type " + t + "; known: " + new TreeSet<>(known));
          }
        }
      }
      return new PiiDetector(this);
    }
  }
}
