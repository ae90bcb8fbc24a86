package dev.palisade.detectors.text;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
  // always leads back to the root); rows exist for the shallowest nodes whose path is all ASCII,
  // in breadth-first order, up to a memory bound (denseRow -1: not dense, use the trie and
  // failure links).
  private final int[] asciiClass;
  private final int classes;
  private final int[] denseRow;
  private final int[] rowNode;
  // A cell is 16 bits: the next node's row, with OUT_BIT when that node reports a pattern, or
  // NO_ROW when the next node has no row (then the trie takes the step). Two bytes a cell keep the
  // table small enough to stay in the caches; a row index, not an offset, needs no division to
  // find the node again.
  private final char[] dense;
  private static final int OUT_BIT = 0x8000;
  private static final int ROW_MASK = 0x7FFF;
  private static final int NO_ROW = ROW_MASK;

  /** Dense table cells (2 bytes each) at most: 4 MB; and at most 32,767 rows, which 15 bits name. */
  static final int MAX_DENSE_CELLS = 1 << 21;

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
    // Only a node whose path from the root is all ASCII is ever reached by an ASCII step, so only
    // such nodes get rows (the others, in patterns of other scripts, would waste the bound). They
    // keep breadth-first order, and a node's failure target, a suffix of its path, is one of them.
    boolean[] ascii = new boolean[n];
    ascii[0] = true;
    int[] rowOrder = new int[n];
    int candidates = 0;
    for (int node : bfsOrder) {
      if (ascii[node]) {
        rowOrder[candidates++] = node;
        for (int j = 0; j < keys[node].length; j++) {
          ascii[next[node][j]] = keys[node][j] < 128;
        }
      }
    }
    int rows = Math.min(Math.min(candidates, NO_ROW), Math.max(1, maxDenseCells / k));
    this.denseRow = new int[n];
    Arrays.fill(denseRow, -1);
    this.rowNode = new int[rows];
    for (int r = 0; r < rows; r++) {
      denseRow[rowOrder[r]] = r;
      rowNode[r] = rowOrder[r];
    }
    this.dense = new char[rows * k];
    // Breadth-first: a node's failure target is shallower, so its row is already filled. A row is
    // its failure target's row (the root's: all zeros) with the node's own children written over.
    for (int r = 0; r < rows; r++) {
      int node = rowOrder[r];
      int row = r * k;
      if (node != 0) {
        System.arraycopy(dense, denseRow[fail[node]] * k, dense, row, k);
      }
      for (int j = 0; j < keys[node].length; j++) {
        char c = keys[node][j];
        if (c < 128) {
          dense[row + asciiClass[c]] = cell(next[node][j]);
        }
      }
    }
  }

  /** The walk's state at {@code node}: its row when it has one, else -(node + 1). */
  private int state(int node) {
    int row = denseRow[node];
    return row < 0 ? -(node + 1) : row;
  }

  private int node(int state) {
    return state < 0 ? -state - 1 : rowNode[state];
  }

  /** The table cell for a step into {@code node}. */
  private char cell(int node) {
    int row = denseRow[node];
    return (char) ((row < 0 ? NO_ROW : row) | (hasOut[node] ? OUT_BIT : 0));
  }

  /** Builds a matcher for {@code patterns}; empty patterns are ignored. */
  public static AhoCorasick of(List<String> patterns) {
    return of(patterns, MAX_DENSE_CELLS);
  }

  /**
   * Builds the automaton with primitive arrays only: it is on the clock of every cold start
   * (thousands of rule anchors), where boxed maps cost several times more.
   */
  static AhoCorasick of(List<String> patterns, int maxDenseCells) {
    Objects.requireNonNull(patterns, "patterns");
    int total = 1;
    for (String s : patterns) {
      total += Objects.requireNonNull(s, "pattern").length();
    }
    // The trie: node 0 is the root; each other node has a parent and the char on its edge.
    int[] parent = new int[total];
    char[] label = new char[total];
    EdgeTable edges = new EdgeTable(total);
    int[] own = new int[total]; // the first pattern ending at a node, plus one (0: none)
    int[] nextOwn = new int[patterns.size()]; // further patterns ending at the same node, plus one
    int[] lengths = new int[patterns.size()];
    int n = 1;
    for (int p = patterns.size() - 1; p >= 0; p--) { // backwards, so each node's list is ascending
      String s = patterns.get(p);
      lengths[p] = s.length();
      if (s.isEmpty()) {
        continue;
      }
      int node = 0;
      for (int i = 0; i < s.length(); i++) {
        int child = edges.get(node, s.charAt(i));
        if (child < 0) {
          child = n++;
          parent[child] = node;
          label[child] = s.charAt(i);
          edges.put(node, s.charAt(i), child);
        }
        node = child;
      }
      nextOwn[p] = own[node];
      own[node] = p + 1;
    }
    // Each node's children, sorted by char (insertion sort: most nodes have one or two).
    char[][] keys = new char[n][];
    int[][] next = new int[n][];
    int[] count = new int[n];
    for (int c = 1; c < n; c++) {
      count[parent[c]]++;
    }
    for (int node = 0; node < n; node++) {
      keys[node] = new char[count[node]];
      next[node] = new int[count[node]];
      count[node] = 0;
    }
    for (int c = 1; c < n; c++) {
      int node = parent[c];
      char[] k = keys[node];
      int[] v = next[node];
      int j = count[node]++;
      while (j > 0 && k[j - 1] > label[c]) {
        k[j] = k[j - 1];
        v[j] = v[j - 1];
        j--;
      }
      k[j] = label[c];
      v[j] = c;
    }
    // Breadth-first: failure links, and each node's outputs (its own, then its failure target's).
    int[] fail = new int[n];
    int[][] out = new int[n][];
    out[0] = new int[0];
    int[] bfsOrder = new int[n];
    int tail = 1;
    for (int head = 0; head < tail; head++) {
      int node = bfsOrder[head];
      for (int j = 0; j < keys[node].length; j++) {
        char ch = keys[node][j];
        int child = next[node][j];
        int f = fail[node];
        int to = -1;
        while (node != 0) {
          int k = find(keys[f], ch);
          if (k >= 0) {
            to = next[f][k];
            break;
          }
          if (f == 0) {
            break;
          }
          f = fail[f];
        }
        fail[child] = to >= 0 ? to : 0;
        int mine = 0;
        for (int p = own[child]; p != 0; p = nextOwn[p - 1]) {
          mine++;
        }
        int[] inherited = out[fail[child]];
        int[] o = new int[mine + inherited.length];
        int m = 0;
        for (int p = own[child]; p != 0; p = nextOwn[p - 1]) {
          o[m++] = p - 1;
        }
        System.arraycopy(inherited, 0, o, m, inherited.length);
        out[child] = o;
        bfsOrder[tail++] = child;
      }
    }
    return new AhoCorasick(keys, next, fail, out, lengths, bfsOrder, maxDenseCells);
  }

  /** Writes the automaton for {@link #read}. */
  public void write(Pack.Writer w) {
    w.putCharArrays(keys).putIntArrays(next).putInts(fail).putIntArrays(out).putInts(patternLength)
        .putInt(rowNode.length * classes);
  }

  /**
   * Reads an automaton that {@link #write} wrote: the same trie, failure links and outputs, without
   * the construction, which costs a tenth of a second at a cold start for thousands of patterns.
   */
  public static AhoCorasick read(Pack.Reader r) {
    char[][] keys = r.getCharArrays();
    int[][] next = r.getIntArrays();
    int[] fail = r.getInts();
    int[][] out = r.getIntArrays();
    int[] lengths = r.getInts();
    int denseCells = r.getInt();
    int n = keys.length;
    if (n == 0 || next.length != n || fail.length != n || out.length != n) {
      throw new IllegalStateException("corrupt automaton: " + n + " nodes");
    }
    int[] bfsOrder = new int[n]; // the order of the construction: children by ascending char
    int tail = 1;
    for (int head = 0; head < tail; head++) {
      for (int child : next[bfsOrder[head]]) {
        bfsOrder[tail++] = child;
      }
    }
    return new AhoCorasick(keys, next, fail, out, lengths, bfsOrder, denseCells);
  }

  /** Open addressing from (node, char) to child node, for building the trie without boxing. */
  private static final class EdgeTable {
    private final long[] keys;
    private final int[] values;
    private final int mask;

    EdgeTable(int expected) {
      int size = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
      keys = new long[size];
      values = new int[size];
      mask = size - 1;
      Arrays.fill(keys, -1L);
    }

    private int slot(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      int i = (int) (h >>> 40) & mask;
      while (keys[i] != -1L && keys[i] != key) {
        i = (i + 1) & mask;
      }
      return i;
    }

    int get(int node, char c) {
      int i = slot(((long) node << 16) | c);
      return keys[i] == -1L ? -1 : values[i];
    }

    void put(int node, char c, int child) {
      long key = ((long) node << 16) | c;
      int i = slot(key);
      keys[i] = key;
      values[i] = child;
    }
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
    int[] found = findAll(text, foldAscii);
    for (int i = 0; i < found.length; i += 2) {
      int p = found[i];
      hit.found(p, found[i + 1] - patternLength[p], found[i + 1]);
    }
  }

  /**
   * Every occurrence of every pattern in {@code text}, in order of their end, as pairs: pattern
   * index, end. Collecting into one array, rather than calling back per occurrence, keeps the loop
   * free of calls: a 2 KB prompt has a thousand occurrences of the injection rules' literals.
   *
   * @param foldAscii as for {@link #search}
   */
  public int[] findAll(CharSequence text, boolean foldAscii) {
    int n = text.length();
    // Blocks of characters copied out at once: reading a String one charAt at a time costs more.
    char[] buf = new char[Math.min(n, 1024)];
    Found found = new Found(Math.max(16, n));
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
      state = run(buf, len, base, state, foldAscii, found);
    }
    return Arrays.copyOf(found.values, found.size);
  }

  /** The length of pattern {@code p}. */
  public int length(int p) {
    return patternLength[p];
  }

  /** (pattern, end) pairs, growing as needed. */
  private static final class Found {
    int[] values;
    int size;

    Found(int capacity) {
      values = new int[capacity];
    }
  }

  private int run(char[] buf, int len, int base, int state, boolean foldAscii, Found found) {
    int[] classOf = asciiClass;
    char[] table = dense;
    int k = classes;
    for (int i = 0; i < len; i++) {
      char c = buf[i];
      boolean reports;
      if (c < 128) {
        if (foldAscii && c >= 'A' && c <= 'Z') {
          c = (char) (c + 32);
        }
        int cls = classOf[c];
        if (cls == 0) {
          state = 0; // no pattern contains c: back to the root, which reports nothing
          continue;
        }
        int cell = state >= 0 ? table[state * k + cls] : NO_ROW;
        if ((cell & ROW_MASK) != NO_ROW) {
          state = cell & ROW_MASK;
          reports = (cell & OUT_BIT) != 0;
        } else {
          int to = step(node(state), c);
          state = state(to);
          reports = hasOut[to];
        }
      } else {
        int to = step(node(state), c);
        state = state(to);
        reports = hasOut[to];
      }
      if (reports) {
        int[] patterns = out[node(state)];
        if (found.size + 2 * patterns.length > found.values.length) {
          found.values = Arrays.copyOf(found.values, 2 * (found.size + 2 * patterns.length));
        }
        int[] v = found.values;
        int at = found.size;
        int end = base + i + 1;
        for (int p : patterns) {
          v[at] = p;
          v[at + 1] = end;
          at += 2;
        }
        found.size = at;
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
