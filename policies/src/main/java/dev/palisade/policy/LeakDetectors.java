package dev.palisade.policy;

import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detectors.leakage.Canary;
import dev.palisade.detectors.leakage.SystemPromptLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The leakage detectors as policies use them: a policy does not know the system prompt or the
 * per-call canary, so these take them from each call's {@link DetectionContext}.
 *
 * <p>Thread-safe and immutable; {@code toString} prints no prompt or canary.
 */
final class LeakDetectors {

  private LeakDetectors() {}

  /** {@code prompt-leak}: the answer repeats the call's system prompt. */
  static Detector promptLeak(DetectorOptions o) {
    int ngram = (int) o.integer("ngram", 5, 2, 20);
    int minRunWords = (int) o.integer("minRunWords", 10, 2, 1000);
    double coverage = o.decimal("coverageThreshold", 0.3, 0.01, 1.0);
    if (ngram > minRunWords) {
      throw new IllegalArgumentException("options.ngram must not exceed options.minRunWords");
    }
    return new ContextDetector("system-prompt-leak") {
      @Override
      public List<Finding> detect(String text, DetectionContext context) {
        String prompt = context.systemPrompt();
        if (prompt.isBlank() || text.isEmpty()) {
          return List.of();
        }
        return SystemPromptLeakDetector.builder().systemPrompt(prompt).ngram(ngram).minRunWords(minRunWords)
            .coverageThreshold(coverage).build().detect(text);
      }
    };
  }

  /** {@code canary}: the answer repeats the policy's canary tokens or the call's own canary. */
  static Detector canary(DetectorOptions o) {
    List<Canary> fixed = new ArrayList<>();
    for (String token : o.canaries()) {
      fixed.add(Canary.of(token)); // IllegalArgumentException names the format, not the token
    }
    return new ContextDetector("canary") {
      @Override
      public List<Finding> detect(String text, DetectionContext context) {
        if (text.isEmpty()) {
          return List.of();
        }
        List<Canary> all = new ArrayList<>(fixed);
        for (String marker : context.canaries()) {
          try {
            all.add(Canary.of(marker));
          } catch (IllegalArgumentException e) {
            // not one of ours; the guard only plants well-formed markers
          }
        }
        List<Finding> out = new ArrayList<>();
        for (Canary c : all) {
          out.addAll(SystemPromptLeakDetector.detect(text, null, c));
        }
        return out;
      }
    };
  }

  /** A detector that needs the call's context; without one it finds nothing. */
  private abstract static class ContextDetector implements Detector {
    private final String id;

    ContextDetector(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Set<EntityType> types() {
      return Set.of(EntityType.SYSTEM_PROMPT_LEAK);
    }

    @Override
    public List<Finding> detect(String text) {
      return detect(text, DetectionContext.of(dev.palisade.detect.Channel.OUTPUT));
    }

    @Override
    public abstract List<Finding> detect(String text, DetectionContext context);

    @Override
    public String toString() {
      return "LeakDetector{" + id + "}";
    }
  }
}
