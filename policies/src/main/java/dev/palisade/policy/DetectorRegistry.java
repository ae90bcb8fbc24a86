package dev.palisade.policy;

import dev.palisade.Action;
import dev.palisade.detect.Channel;
import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detectors.injection.InjectionDetector;
import dev.palisade.detectors.pii.PiiDetector;
import dev.palisade.detectors.content.BannedContentDetector;
import dev.palisade.detectors.content.LinkDetector;
import dev.palisade.detectors.secrets.SecretsDetector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The detectors policies can name, each mapped to its factory: the one place where a detector is
 * wired in.
 *
 * <p>{@link #standard()} holds Palisade's own detectors; {@link #toBuilder()} adds an
 * application's. Detectors are made once per distinct (name, options) and shared between rules
 * and reloads, so heavy ones (the embedding model) load once.
 *
 * <h2>Thread safety</h2>
 * Immutable apart from its detector cache, which is concurrent.
 */
public final class DetectorRegistry {

  private static final Set<Channel> ALL = DetectorType.all();
  private static final Set<Channel> INPUT = Set.of(Channel.USER, Channel.DOCUMENT, Channel.TOOL);
  private static final Set<Channel> OUTPUT = Set.of(Channel.OUTPUT);

  private static final DetectorRegistry STANDARD = builder()
      // Palisade's detectors. Wiring one is one line: replace its missing(...) by of(...).
      .add(DetectorType.of("pii", "personal data: patterns with checksums, phone numbers, names (Presidio's types)",
          ALL, Action.ANONYMIZE, Set.of("regions", "ner", "threshold"), DetectorRegistry::pii))
      .add(DetectorType.of("injection", "prompt injection and jailbreak attempts, judged for the text's channel",
          INPUT, Action.BLOCK, Set.of("threshold", "embeddings", "classifier"), DetectorRegistry::injection))
      .add(DetectorType.of("secrets", "API keys, tokens, private keys and passwords (vendor rules and entropy)",
          OUTPUT, Action.REDACT, Set.of("rules"), o -> o.has("rules")
              ? SecretsDetector.withRules(o.strings("rules")) : SecretsDetector.create()))
      .add(DetectorType.of("banned-content", "banned terms, topics and bundled profanity lexicons",
          OUTPUT, Action.BLOCK, Set.of("terms", "lexicons"), DetectorRegistry::bannedContent))
      .add(DetectorType.of("links", "unsafe links: data carried out in URLs, hosts outside allowDomains",
          OUTPUT, Action.REDACT, Set.of("allowDomains", "minEncodedLength"), o -> LinkDetector.builder()
              .allowDomains(o.strings("allowDomains"))
              .minEncodedLength((int) o.integer("minEncodedLength", 32, 8, 4096)).build()))
      .add(DetectorType.of("canary", "the policy's canary tokens or the call's own canary in the answer",
          OUTPUT, Action.BLOCK, Set.of(), LeakDetectors::canary))
      .add(DetectorType.of("prompt-leak", "the call's system prompt repeated in the answer",
          OUTPUT, Action.BLOCK, Set.of("ngram", "minRunWords", "coverageThreshold"), LeakDetectors::promptLeak))
      // The policy module's own.
      .add(DetectorType.of("input-size", "text longer than a limit (unbounded consumption)",
          INPUT, Action.BLOCK, Set.of("maxChars"), SizeLimitDetector::create))
      .add(DetectorType.of("regex", "matches of a regular expression, as one entity type",
          ALL, Action.ANONYMIZE, Set.of("pattern", "type", "score", "context"), RegexDetector::create))
      .add(DetectorType.of("deny-list", "listed terms, as whole words, ignoring case",
          ALL, Action.BLOCK, Set.of("terms", "type"), DenyListDetector::create))
      .build();

  private static Detector pii(DetectorOptions o) {
    PiiDetector.Builder b = PiiDetector.builder()
        .ner(o.bool("ner", true))
        .defaultThreshold(o.decimal("threshold", 0.5, 0.0, 1.0));
    List<String> regions = o.strings("regions");
    if (!regions.isEmpty()) {
      b.phoneRegions(regions.toArray(String[]::new));
    }
    return b.build();
  }

  private static Detector injection(DetectorOptions o) {
    InjectionDetector.Builder b = InjectionDetector.builder()
        .embeddings(o.bool("embeddings", true))
        .classifier(o.bool("classifier", true));
    if (o.has("threshold")) {
      double t = o.decimal("threshold", 0.5, 0.01, 1.0);
      for (Channel c : Channel.values()) {
        b.threshold(c, t);
      }
    }
    return new ChannelAwareInjection(b.build());
  }

  /** The injection detector judging each text for its own channel, as the guard reports it. */
  private record ChannelAwareInjection(InjectionDetector d) implements Detector {
    @Override
    public String id() {
      return d.id();
    }

    @Override
    public Set<EntityType> types() {
      return d.types();
    }

    @Override
    public List<Finding> detect(String text) {
      return d.detect(text);
    }

    @Override
    public List<Finding> detect(String text, DetectionContext context) {
      return d.detect(text, context.channel());
    }

    @Override
    public String toString() {
      return d.toString();
    }
  }

  private static Detector bannedContent(DetectorOptions o) {
    if (o.strings("terms").isEmpty() && o.strings("lexicons").isEmpty()) {
      throw new IllegalArgumentException("detector banned-content needs options.terms or options.lexicons (bundled: "
          + String.join(", ", BannedContentDetector.bundledLanguages()) + ")");
    }
    return BannedContentDetector.builder().terms(o.strings("terms")).lexicon(o.strings("lexicons")).build();
  }

  private final Map<String, DetectorType> types;
  private final Map<String, Detector> cache = new ConcurrentHashMap<>();

  private DetectorRegistry(Map<String, DetectorType> types) {
    this.types = Map.copyOf(types);
  }

  /** Palisade's own detectors, as far as this build has them. */
  public static DetectorRegistry standard() {
    return STANDARD;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this registry's detectors, to add or replace some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    types.values().stream().sorted((x, y) -> x.name().compareTo(y.name())).forEach(b::add);
    return b;
  }

  public Optional<DetectorType> type(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** Every name, sorted. */
  public List<String> names() {
    List<String> names = new ArrayList<>(types.keySet());
    names.sort(null);
    return names;
  }

  /** The names of the detectors this build can make, sorted. */
  public List<String> availableNames() {
    List<String> names = new ArrayList<>();
    for (String n : names()) {
      if (types.get(n).available()) {
        names.add(n);
      }
    }
    return names;
  }

  /**
   * The detector {@code name} with {@code options}, shared with earlier callers that passed equal
   * options.
   *
   * @throws IllegalArgumentException if the name is unknown or missing, or an option is bad
   */
  public Detector detector(String name, DetectorOptions options) {
    Objects.requireNonNull(options, "options");
    DetectorType type = types.get(Objects.requireNonNull(name, "name"));
    if (type == null) {
      throw new IllegalArgumentException("\"" + name + "\" is not a known detector; known detectors: "
          + String.join(", ", names()));
    }
    if (type.factory().isEmpty()) {
      throw new IllegalArgumentException(type.whyMissing());
    }
    String key = options.cacheKey(name);
    Detector d = cache.get(key);
    if (d == null) {
      d = Objects.requireNonNull(type.factory().get().create(options), "factory returned null");
      Detector raced = cache.putIfAbsent(key, d);
      d = raced != null ? raced : d;
    }
    return d;
  }

  @Override
  public String toString() {
    return "DetectorRegistry" + names();
  }

  /** Builds a {@link DetectorRegistry}. */
  public static final class Builder {
    private final Map<String, DetectorType> types = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a detector type, replacing one with the same name. */
    public Builder add(DetectorType type) {
      Objects.requireNonNull(type, "type");
      if (!type.name().matches("[a-z0-9][a-z0-9-]{0,63}")) {
        throw new IllegalArgumentException("detector name must match [a-z0-9][a-z0-9-]*, was \"" + type.name() + "\"");
      }
      types.put(type.name(), type);
      return this;
    }

    /** Adds a detector that serves {@code channels} and by default gets {@code action}. */
    public Builder add(String name, Set<Channel> channels, Action action, Set<String> options,
        DetectorFactory factory) {
      return add(DetectorType.of(name, "application detector", channels, action, options, factory));
    }

    public DetectorRegistry build() {
      return new DetectorRegistry(types);
    }
  }
}
