package dev.palisade.detectors.injection;

import dev.palisade.detect.Channel;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detect.Span;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A detector of prompt injection and jailbreaks: normalization, decoding, multilingual phrase
 * rules and (optionally) embedding similarity, combined into one calibrated score per text.
 *
 * <p>{@link #scan(String, Channel)} returns the full {@link InjectionVerdict}. {@link #detect(String)}
 * scans as the configured default channel and reports one {@link EntityType#PROMPT_INJECTION}
 * finding over the offending span when the text is flagged.
 *
 * <p>Channels differ: an instruction to the assistant is normal from the {@link Channel#USER user}
 * and an attack inside a {@link Channel#DOCUMENT document} or {@link Channel#TOOL tool result}, so
 * those channels weigh instruction-like text more and have lower thresholds.
 *
 * <h2>Thread safety</h2>
 * Immutable and safe for concurrent use. The embedding model is loaded once per JVM, on the first
 * scan that needs it (about a second), and shared.
 *
 * <h2>Security</h2>
 * Verdicts, findings, exceptions and {@code toString} never contain the scanned text.
 */
public final class InjectionDetector implements Detector {

  /** The detector id used in findings. */
  public static final String ID = "injection";

  private final InjectionScanner scanner;
  private final Channel defaultChannel;
  private final boolean embeddings;

  private InjectionDetector(Builder b) {
    this.defaultChannel = b.defaultChannel;
    this.embeddings = b.embeddings;
    Supplier<SemanticLayer> sem = null;
    if (b.embeddings && b.semantics != null) {
      sem = b.semantics;
    } else if (b.embeddings) {
      SemanticLayer.preload(); // the model loads while the rules (and the caller's other detectors) do
      sem = SemanticLayer::shared;
    }
    this.scanner = new InjectionScanner(
        RuleSet.defaults(), b.classifier ? InjectionClassifier.shared() : null,
        b.classifier ? InjectionClassifier.sharedDocument() : null, sem, b.thresholds);
  }

  /** A detector with embeddings on and the default thresholds. */
  public static InjectionDetector defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<EntityType> types() {
    return Set.of(EntityType.PROMPT_INJECTION);
  }

  /** Scans as the default channel; one finding over the offending span if flagged. */
  @Override
  public List<Finding> detect(String text) {
    return detect(text, defaultChannel);
  }

  /** Scans as {@code channel}; one finding over the offending span if flagged. */
  public List<Finding> detect(String text, Channel channel) {
    InjectionVerdict v = scan(text, channel);
    if (!v.flagged()) {
      return List.of();
    }
    Span span = v.span().orElse(new Span(0, text.length()));
    return List.of(new Finding(EntityType.PROMPT_INJECTION, span, v.score(), ID));
  }

  /** Scans {@code text} as content of {@code channel}; never throws for any string. */
  public InjectionVerdict scan(String text, Channel channel) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(channel, "channel");
    return scanner.scan(text, channel);
  }

  /** The threshold at which a text on {@code channel} is flagged. */
  public double threshold(Channel channel) {
    return scanner.threshold(Objects.requireNonNull(channel, "channel"));
  }

  /** Loads the embedding model now instead of on the first scan (no-op when embeddings are off). */
  public InjectionDetector warmUp() {
    if (embeddings) {
      scan("warm up", Channel.USER);
    }
    return this;
  }

  @Override
  public String toString() {
    return "InjectionDetector[embeddings=" + embeddings + ", defaultChannel=" + defaultChannel.id() + "]";
  }

  /** Builds an {@link InjectionDetector}; setters validate at once. */
  public static final class Builder {
    private boolean embeddings = true;
    private boolean classifier = true;
    private Channel defaultChannel = Channel.USER;
    private final Map<Channel, Double> thresholds = new EnumMap<>(Channel.class);
    private Supplier<SemanticLayer> semantics;

    private Builder() {
      thresholds.put(Channel.SYSTEM, 0.5);
      thresholds.put(Channel.USER, 0.5);
      thresholds.put(Channel.OUTPUT, 0.5);
      thresholds.put(Channel.DOCUMENT, 0.13);
      thresholds.put(Channel.TOOL, 0.13);
    }

    /** Turns the embedding layer on (default) or off; off makes scans cost microseconds. */
    public Builder embeddings(boolean on) {
      this.embeddings = on;
      return this;
    }

    /**
     * Turns the n-gram classifiers on (default) or off: the one of user text and the one of
     * documents and tool results. Off leaves only the rules (and the embeddings, when on) to judge,
     * and saves some 50 us per 2 KB (JMH classifier2k against rules2k).
     */
    public Builder classifier(boolean on) {
      this.classifier = on;
      return this;
    }

    /** The score in (0, 1] at which text on {@code channel} is flagged. */
    public Builder threshold(Channel channel, double threshold) {
      Objects.requireNonNull(channel, "channel");
      if (!(threshold > 0.0 && threshold <= 1.0)) {
        throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
      }
      thresholds.put(channel, threshold);
      return this;
    }

    /** The channel {@link InjectionDetector#detect(String)} scans as; default {@code USER}. */
    public Builder defaultChannel(Channel channel) {
      this.defaultChannel = Objects.requireNonNull(channel, "channel");
      return this;
    }

    Builder semantics(Supplier<SemanticLayer> semantics) {
      this.semantics = semantics;
      return this;
    }

    public InjectionDetector build() {
      return new InjectionDetector(this);
    }
  }
}
