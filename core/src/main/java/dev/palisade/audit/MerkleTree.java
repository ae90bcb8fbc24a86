package dev.palisade.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only RFC 9162 (Certificate Transparency v2) Merkle tree kept as its compact range:
 * the roots of the perfect subtrees that make up the current size, largest first.
 *
 * <p>Leaf hash {@code SHA-256(0x00 || leaf)}, node hash {@code SHA-256(0x01 || left || right)},
 * empty root {@code SHA-256("")}. Memory is O(log n). Not thread-safe.
 */
final class MerkleTree {
  private final MessageDigest digest = AuditCrypto.newSha256();
  private final List<byte[]> stack = new ArrayList<>();
  private long size;

  MerkleTree() {}

  /** A tree of {@code size} leaves whose compact range is {@code frontier} (largest first). */
  static MerkleTree fromFrontier(long size, List<byte[]> frontier) {
    if (size < 0 || Long.bitCount(size) != frontier.size()) {
      throw new IllegalArgumentException(
          "a tree of size " + size + " has " + Long.bitCount(Math.max(size, 0))
              + " frontier hashes, got " + frontier.size());
    }
    MerkleTree t = new MerkleTree();
    for (byte[] h : frontier) {
      if (h.length != 32) {
        throw new IllegalArgumentException("frontier hashes are 32 bytes, got " + h.length);
      }
      t.stack.add(h.clone());
    }
    t.size = size;
    return t;
  }

  long size() {
    return size;
  }

  void append(byte[] leaf) {
    digest.reset();
    digest.update((byte) 0);
    digest.update(leaf);
    byte[] h = digest.digest();
    stack.add(h);
    size++;
    // Each trailing one bit of the new size means two subtrees of equal size to merge.
    for (long s = size; (s & 1) == 0; s >>>= 1) {
      byte[] right = stack.remove(stack.size() - 1);
      byte[] left = stack.remove(stack.size() - 1);
      stack.add(node(left, right));
    }
  }

  byte[] root() {
    if (stack.isEmpty()) {
      digest.reset();
      return digest.digest();
    }
    byte[] r = stack.get(stack.size() - 1);
    for (int i = stack.size() - 2; i >= 0; i--) {
      r = node(stack.get(i), r);
    }
    return r;
  }

  List<byte[]> frontier() {
    List<byte[]> out = new ArrayList<>(stack.size());
    for (byte[] h : stack) {
      out.add(h.clone());
    }
    return out;
  }

  private byte[] node(byte[] left, byte[] right) {
    digest.reset();
    digest.update((byte) 1);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }
}
