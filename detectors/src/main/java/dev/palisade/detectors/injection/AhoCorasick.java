package dev.palisade.detectors.injection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-string matcher: finds every occurrence of a fixed set of keys in one pass over the
 * text, in time linear in the text plus the number of matches.
 *
 * <h2>Thread safety</h2>
 * Immutable after construction.
 */
final class AhoCorasick {

  private final char[][] keys; // per state: sorted transition chars
  private final int[][] next; // per state: target states
  private final int[] fail;
  private final int[][] out; // per state: key ids ending here (including via fail links)
  private final int[] keyLength;
  /** Dense transitions of the root, the state most chars of benign text return to. */
  private final int[] rootNext = new int[Character.MAX_VALUE + 1];

  /** Receives one occurrence: the key's index and where it starts. */
  interface MatchSink {
    void match(int key, int start);
  }

  AhoCorasick(List<String> words) {
    List<char[]> k = new ArrayList<>();
    List<int[]> n = new ArrayList<>();
    List<int[]> o = new ArrayList<>();
    k.add(new char[0]);
    n.add(new int[0]);
    o.add(new int[0]);
    keyLength = new int[words.size()];
    for (int w = 0; w < words.size(); w++) {
      String word = words.get(w);
      keyLength[w] = word.length();
      int s = 0;
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        int idx = Arrays.binarySearch(k.get(s), c);
        if (idx >= 0) {
          s = n.get(s)[idx];
        } else {
          int ins = -idx - 1;
          int t = k.size();
          k.add(new char[0]);
          n.add(new int[0]);
          o.add(new int[0]);
          k.set(s, insert(k.get(s), ins, c));
          n.set(s, insert(n.get(s), ins, t));
          s = t;
        }
      }
      int[] prev = o.get(s);
      int[] grown = Arrays.copyOf(prev, prev.length + 1);
      grown[prev.length] = w;
      o.set(s, grown);
    }
    int states = k.size();
    keys = k.toArray(new char[0][]);
    next = n.toArray(new int[0][]);
    out = o.toArray(new int[0][]);
    fail = new int[states];
    java.util.Arrays.fill(rootNext, -1);
    for (int i = 0; i < keys[0].length; i++) {
      rootNext[keys[0][i]] = next[0][i];
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int t : next[0]) {
      queue.add(t);
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      for (int i = 0; i < keys[s].length; i++) {
        char c = keys[s][i];
        int t = next[s][i];
        int f = fail[s];
        int g;
        while ((g = step(f, c)) < 0 && f != 0) {
          f = fail[f];
        }
        fail[t] = g >= 0 && g != t ? g : 0;
        int[] merged = Arrays.copyOf(out[t], out[t].length + out[fail[t]].length);
        System.arraycopy(out[fail[t]], 0, merged, out[t].length, out[fail[t]].length);
        out[t] = merged;
        queue.add(t);
      }
    }
  }

  private static char[] insert(char[] a, int at, char c) {
    char[] b = new char[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = c;
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }

  private static int[] insert(int[] a, int at, int v) {
    int[] b = new int[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = v;
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }

  private int step(int s, char c) {
    if (s == 0) {
      return rootNext[c];
    }
    char[] ks = keys[s];
    if (ks.length == 0) {
      return -1;
    }
    if (ks.length < 8) {
      for (int i = 0; i < ks.length; i++) {
        if (ks[i] == c) {
          return next[s][i];
        }
      }
      return -1;
    }
    int idx = Arrays.binarySearch(ks, c);
    return idx >= 0 ? next[s][idx] : -1;
  }

  /** Calls {@code onMatch(keyId, startIndex)} for every occurrence, in order of end position. */
  void forEachMatch(CharSequence text, MatchSink onMatch) {
    int s = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      int t;
      while ((t = step(s, c)) < 0 && s != 0) {
        s = fail[s];
      }
      s = t < 0 ? 0 : t;
      for (int key : out[s]) {
        onMatch.match(key, i + 1 - keyLength[key]);
      }
    }
  }
}
