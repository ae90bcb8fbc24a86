package dev.palisade.detectors.injection;

import dev.palisade.detect.Channel;
import dev.palisade.detect.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of scanning one text for injected instructions: a calibrated score, whether it
 * reaches the channel's threshold, and the evidence behind it.
 *
 * <p>Holds no scanned text: evidence names layers and signal families only, and spans are offsets.
 *
 * @param score probability-like score in [0, 1] that the text is an injection or jailbreak
 * @param flagged whether {@code score} reaches the threshold configured for {@code channel}
 * @param channel the channel the text was scanned as
 * @param span the offending region of the text, empty when nothing contributed
 * @param evidence what contributed, strongest first
 */
public record InjectionVerdict(
    double score, boolean flagged, Channel channel, Optional<Span> span, List<Evidence> evidence) {

  public InjectionVerdict {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(span, "span");
    evidence = List.copyOf(evidence);
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
  }

  /** The layer of the detector that produced a piece of evidence. */
  public enum Layer {
    /** Invisible, bidi, tag characters; homoglyphs; leetspeak; spaced letters. */
    NORMALIZATION,
    /** Text hidden in base64, base32, hex, URL encoding, escapes, Morse, binary, Braille, ROT13 or reversed. */
    DECODING,
    /** Phrase rules of one family. */
    RULES,
    /** A linear classifier over character n-grams, trained on the project's own corpus. */
    CLASSIFIER,
    /** Similarity to the exemplar corpus. */
    SEMANTICS
  }

  /**
   * One piece of evidence.
   *
   * @param layer which layer found it
   * @param signal a fixed name: a rule family ({@code override}, {@code persona},
   *     {@code unrestricted}, {@code dual}, {@code extraction}, {@code template}, {@code tool},
   *     {@code exfil}, {@code addressed}, {@code task}), an obfuscation ({@code invisible},
   *     {@code bidi}, {@code tag-smuggling}, {@code homoglyph}, {@code leetspeak},
   *     {@code spaced-letters}), an encoding ({@code base64}, {@code base32}, {@code hex},
   *     {@code url}, {@code escape}, {@code morse}, {@code binary}, {@code braille}, {@code rot13},
   *     {@code caesar}, {@code reversed}), {@code classifier}, or
   *     {@code semantic-attack} / {@code semantic-task}
   * @param weight its contribution to the score's log-odds after channel weighting
   */
  public record Evidence(Layer layer, String signal, double weight) {
    public Evidence {
      Objects.requireNonNull(layer, "layer");
      Objects.requireNonNull(signal, "signal");
    }
  }
}
