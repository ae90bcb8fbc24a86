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
  private final boolean[] hasOut;
  // ASCII text runs on a DFA: each ASCII character is one table lookup, with no failure links to
  // follow. Columns are the ASCII characters that occur in some pattern (class 0: none does, which
  // always leads back to the root); rows exist for the shallowest nodes, in breadth-first order,
  // up to a memory bound (denseRow -1: not dense, use the trie and failure links).
  private final int[] asciiClass;
  private final int classes;
  private final int[] denseRow;
  private final int[] rowNode;
  // A state of the DFA walk: a dense node's row offset, with OUT_BIT when the node reports a
  // pattern, or -(node + 1) for a node without a row. Table cells hold the next state, so a step is
  // one load.
  private final int[] dense;
  private static final int OUT_BIT = 1 << 30;
  private static final int ROW_MASK = OUT_BIT - 1;

  /** Dense table cells (4 bytes each) at most: 4 MB, about 25,000 nodes of 40 classes. */
  static final int MAX_DENSE_CELLS = 1 << 20;

  private AhoCorasick(char[][] keys, int[][] next, int[] fail, int[][] out, int[] patternLength,
      int[] bfsOrder, int maxDenseCells) {
    this.keys = keys;
    this.next = next;
    this.fail = fail;
    this.out = out;
    this.patternLength = patternLength;
    int n = keys.length;
    this.hasOut = new boolean[n];
    for (int i = 0; i < n; i++) {
      hasOut[i] = out[i].length > 0;
    }
    this.asciiClass = new int[128];
    int k = 1;
    for (int node = 0; node < n; node++) {
      for (char c : keys[node]) {
        if (c < 128 && asciiClass[c] == 0) {
          asciiClass[c] = k++;
        }
      }
    }
    this.classes = k;
    int rows = Math.min(n, Math.max(1, maxDenseCells / k));
    this.denseRow = new int[n];
    Arrays.fill(denseRow, -1);
    this.rowNode = new int[rows];
    for (int r = 0; r < rows; r++) {
      denseRow[bfsOrder[r]] = r * k;
      rowNode[r] = bfsOrder[r];
    }
    this.dense = new int[rows * k];
    // Breadth-first: a node's failure target is shallower, so its row is already filled. A row is
    // its failure target's row (the root's: all zeros) with the node's own children written over.
    for (int r = 0; r < rows; r++) {
      int node = bfsOrder[r];
      int row = r * k;
      if (node != 0) {
        System.arraycopy(dense, denseRow[fail[node]], dense, row, k);
      }
      for (int j = 0; j < keys[node].length; j++) {
        char c = keys[node][j];
        if (c < 128) {
          dense[row + asciiClass[c]] = state(next[node][j]);
        }
      }
    }
  }

  private int state(int node) {
    int row = denseRow[node];
    return row < 0 ? -(node + 1) : row | (hasOut[node] ? OUT_BIT : 0);
  }

  private int node(int state) {
    return state < 0 ? -state - 1 : rowNode[(state & ROW_MASK) / classes];
  }

  /** Builds a matcher for {@code patterns}; empty patterns are ignored. */
  public static AhoCorasick of(List<String> patterns) {
    return of(patterns, MAX_DENSE_CELLS);
  }

  static AhoCorasick of(List<String> patterns, int maxDenseCells) {
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
    int[] bfsOrder = new int[n];
    int visited = 1; // the root
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c : next[0]) {
      queue.add(c);
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      bfsOrder[visited++] = node;
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
    return new AhoCorasick(keys, next, fail, out, lengths, bfsOrder, maxDenseCells);
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
    int n = text.length();
    // Blocks of characters copied out at once: reading a String one charAt at a time costs more.
    char[] buf = new char[Math.min(n, 1024)];
    int state = 0; // the root
    for (int base = 0; base < n; base += buf.length) {
      int len = Math.min(buf.length, n - base);
      if (text instanceof String s) {
        s.getChars(base, base + len, buf, 0);
      } else {
        for (int k = 0; k < len; k++) {
          buf[k] = text.charAt(base + k);
        }
      }
      state = run(buf, len, base, state, foldAscii, hit);
    }
  }

  private int run(char[] buf, int len, int base, int state, boolean foldAscii, Hit hit) {
    int[] classOf = asciiClass;
    int[] table = dense;
    for (int k = 0; k < len; k++) {
      char c = buf[k];
      if (c < 128) {
        if (foldAscii && c >= 'A' && c <= 'Z') {
          c = (char) (c + 32);
        }
        int cls = classOf[c];
        if (cls == 0) {
          state = 0; // no pattern contains c: back to the root, which reports nothing
          continue;
        }
        state = state >= 0 ? table[(state & ROW_MASK) + cls] : state(step(-state - 1, c));
      } else {
        state = state(step(node(state), c));
      }
      if (state >= 0 ? (state & OUT_BIT) != 0 : hasOut[-state - 1]) {
        int end = base + k + 1;
        for (int p : out[node(state)]) {
          hit.found(p, end - patternLength[p], end);
        }
      }
    }
    return state;
  }

  // One transition through the trie and failure links.
  private int step(int node, char c) {
    while (true) {
      int to = child(node, c);
      if (to >= 0) {
        return to;
      }
      if (node == 0) {
        return 0;
      }
      node = fail[node];
    }
  }
}
