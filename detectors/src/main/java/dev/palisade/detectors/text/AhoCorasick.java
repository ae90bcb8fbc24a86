package dev.palisade.detectors.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A multi-string matcher (Aho-Corasick automaton) that finds every occurrence of a fixed set of
 * strings in one left-to-right pass over a text.
 *
 * <p>Shared machinery of the output detectors (secrets keyword pre-filter, banned terms); not part
 * of Palisade's supported API.
 *
 * <h2>Thread safety</h2>
 * Immutable after construction; {@link #search} may be called from many threads.
 */
public final class AhoCorasick {

  /** Receives one match: the pattern's index in the list given to {@link #of} and its end. */
  @FunctionalInterface
  public interface Hit {
    void found(int pattern, int start, int end);
  }

  // Node transitions: keys sorted, for binary search; next holds the child node ids.
  private final char[][] keys;
  private final int[][] next;
  private final int[] fail;
  private final int[][] out;
  private final int[] patternLength;
  // Dense transitions of the root for ASCII, the common first character.
  private final int[] rootAscii;

  private AhoCorasick(char[][] keys, int[][] next, int[] fail, int[][] out, int[] patternLength) {
    this.keys = keys;
    this.next = next;
    this.fail = fail;
    this.out = out;
    this.patternLength = patternLength;
    this.rootAscii = new int[128];
    for (int c = 0; c < 128; c++) {
      rootAscii[c] = child(0, (char) c);
    }
  }

  /** Builds a matcher for {@code patterns}; empty patterns are ignored. */
  public static AhoCorasick of(List<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    List<TreeMap<Character, Integer>> trie = new ArrayList<>();
    List<List<Integer>> outputs = new ArrayList<>();
    trie.add(new TreeMap<>());
    outputs.add(new ArrayList<>());
    int[] lengths = new int[patterns.size()];
    for (int p = 0; p < patterns.size(); p++) {
      String s = Objects.requireNonNull(patterns.get(p), "pattern");
      lengths[p] = s.length();
      if (s.isEmpty()) {
        continue;
      }
      int node = 0;
      for (int i = 0; i < s.length(); i++) {
        Integer child = trie.get(node).get(s.charAt(i));
        if (child == null) {
          child = trie.size();
          trie.add(new TreeMap<>());
          outputs.add(new ArrayList<>());
          trie.get(node).put(s.charAt(i), child);
        }
        node = child;
      }
      outputs.get(node).add(p);
    }
    int n = trie.size();
    char[][] keys = new char[n][];
    int[][] next = new int[n][];
    for (int i = 0; i < n; i++) {
      TreeMap<Character, Integer> m = trie.get(i);
      keys[i] = new char[m.size()];
      next[i] = new int[m.size()];
      int j = 0;
      for (var e : m.entrySet()) {
        keys[i][j] = e.getKey();
        next[i][j++] = e.getValue();
      }
    }
    int[] fail = new int[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c : next[0]) {
      queue.add(c);
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      for (int j = 0; j < keys[node].length; j++) {
        char ch = keys[node][j];
        int child = next[node][j];
        int f = fail[node];
        while (f != 0 && find(keys[f], ch) < 0) {
          f = fail[f];
        }
        int k = find(keys[f], ch);
        fail[child] = k >= 0 && next[f][k] != child ? next[f][k] : 0;
        outputs.get(child).addAll(outputs.get(fail[child]));
        queue.add(child);
      }
    }
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      out[i] = outputs.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return new AhoCorasick(keys, next, fail, out, lengths);
  }

  private static int find(char[] keys, char c) {
    return Arrays.binarySearch(keys, c);
  }

  private int child(int node, char c) {
    char[] k = keys[node];
    if (k.length <= 8) { // most nodes have one or two children: a scan beats a binary search
      for (int i = 0; i < k.length; i++) {
        if (k[i] == c) {
          return next[node][i];
        }
      }
      return -1;
    }
    int i = find(k, c);
    return i >= 0 ? next[node][i] : -1;
  }

  /**
   * Reports every occurrence of every pattern in {@code text}, in order of their end.
   *
   * @param foldAscii when true, ASCII letters of the text are matched as lower case (patterns
   *     must then be lower case)
   */
  public void search(CharSequence text, boolean foldAscii, Hit hit) {
    int node = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (foldAscii && c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      int to;
      while (true) {
        to = node == 0 ? (c < 128 ? rootAscii[c] : child(0, c)) : child(node, c);
        if (to >= 0 || node == 0) {
          break;
        }
        node = fail[node];
      }
      node = Math.max(to, 0);
      for (int p : out[node]) {
        hit.found(p, i + 1 - patternLength[p], i + 1);
      }
    }
  }
}
