package dev.palisade.detectors.pii;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs structured rules the cheap way: only at token starts inside digit windows, only the rules
 * whose expression can begin with the character found there, and each distinct expression once
 * for all the types that share it (a bare nine-digit number is tried once, then scored as an
 * SSN, a passport, a SIN, a routing number …).
 *
 * <p>Anchored attempts ({@code lookingAt}) of bounded expressions make the cost linear in the
 * window: at most (token starts × rules) attempts, each bounded by the longest match.
 */
final class RuleSet {

  /** One distinct expression and every rule using it. */
  private static final class Group {
    final Pattern pattern;
    final List<Rule> rules = new ArrayList<>();
    final boolean[] first = new boolean[128];
    int minDigits = Integer.MAX_VALUE;

    Group(Pattern pattern) {
      this.pattern = pattern;
      for (char c = 0; c < 128; c++) {
        Matcher m = pattern.matcher(String.valueOf(c));
        // fails before the end of a one-character input: cannot start with c
        first[c] = m.lookingAt() || m.hitEnd();
      }
    }
  }

  private final Group[] groups;

  RuleSet(List<Rule> rules) {
    Map<String, Group> byRegex = new LinkedHashMap<>();
    for (Rule r : rules) {
      Group g = byRegex.computeIfAbsent(r.pattern().pattern(), k -> new Group(r.pattern()));
      g.rules.add(r);
      g.minDigits = Math.min(g.minDigits, r.minDigits());
    }
    this.groups = byRegex.values().toArray(new Group[0]);
  }

  void scan(String text, Windows w, Sink sink, java.util.function.Consumer<RuntimeException> onError) {
    int n = text.length();
    Matcher[] matchers = new Matcher[groups.length];
    int[] nextFree = new int[groups.length];
    for (int k = 0; k < w.size; k++) {
      int ws = w.starts[k];
      int we = Math.min(n, w.ends[k]);
      int digits = w.digitCounts[k];
      java.util.Arrays.fill(nextFree, 0);
      for (int i = ws; i < we; i++) {
        char c = text.charAt(i);
        if (c >= 128) {
          continue;
        }
        boolean start;
        if (i == 0) {
          start = true;
        } else {
          char p = text.charAt(i - 1);
          boolean pAlnum = Scanners.isAlnum(p);
          // token starts, plus letter-to-digit steps ("code is030594W903B")
          start = !pAlnum || (c >= '0' && c <= '9' && !(p >= '0' && p <= '9'));
        }
        if (!start) {
          continue;
        }
        for (int g = 0; g < groups.length; g++) {
          Group group = groups[g];
          if (!group.first[c] || digits < group.minDigits || i < nextFree[g]) {
            continue;
          }
          Matcher m = matchers[g];
          if (m == null) {
            m = group.pattern.matcher(text);
            m.useTransparentBounds(true).useAnchoringBounds(false);
            matchers[g] = m;
          }
          try {
            m.region(i, we);
            if (!m.lookingAt()) {
              continue;
            }
            int s = m.start(1);
            int e = m.end(1);
            String value = m.group(1);
            nextFree[g] = m.end();
            for (Rule r : group.rules) {
              if (digits >= r.minDigits()) {
                sink.add(r.type(), s, e, r.scorer().score(value), r.id(), r.context());
              }
            }
          } catch (RuntimeException ex) {
            onError.accept(ex);
          }
        }
      }
    }
  }
}
