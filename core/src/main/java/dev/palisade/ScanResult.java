package dev.palisade;

import dev.palisade.detect.Finding;
import java.util.List;

/**
 * What a guard's rules find in one text on one channel, without acting on it: what
 * {@code bin/palisade scan} prints.
 *
 * @param findings active findings of every rule except injection, sorted by position
 * @param injectionScore the highest injection score any rule saw (0 if none ran or found nothing)
 * @param injectionFlagged whether an injection finding reached its rule's threshold
 */
public record ScanResult(List<Finding> findings, double injectionScore, boolean injectionFlagged) {

  public ScanResult {
    findings = List.copyOf(findings);
  }
}
