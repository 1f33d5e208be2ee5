package org.byzspark.aggregation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairwise summation of per-chunk values along the binary tree of chunk indices, so that a sum over
 * the d coordinates has the same bits however the chunks are cut into ranges (threads in memory,
 * coordinate blocks of a sharded set).
 *
 * <h2>Definition</h2>
 *
 * <p>The chunks 0, 1, ..., C−1 (of {@value VectorSet#CHUNK} coordinates each) are the leaves of a
 * binary tree: node (l, i) covers the chunks [i·2^l, (i+1)·2^l) ∩ [0, C); its value is the value of
 * its left child (l−1, 2i) plus that of its right child (l−1, 2i+1), or the left child's value
 * alone when the right child covers no chunk; the value of a leaf (0, i) is chunk i's value. The
 * total is the value of the root, the node of level ⌈log2 C⌉. Every value is a vector of {@code
 * entries} numbers, added entry by entry.
 *
 * <h2>Use</h2>
 *
 * <p>Whoever holds a contiguous range of chunks {@link #push}es their values in order; the tree
 * merges two siblings as soon as both are complete, so it keeps at most one node per level and
 * finally holds the canonical cover of its range ({@link #pieces}: the maximal complete nodes
 * inside it). {@link #fold} rebuilds the root from the pieces of ranges that partition [0, C), in
 * any order: each node's value is computed from the same two children whichever range holds them,
 * so the result does not depend on the cut.
 */
public final class ChunkTree {
  /** A complete node of the tree: level, index at that level, value. */
  public static final class Piece implements Serializable {
    private static final long serialVersionUID = 1L;
    final int level;
    final long index;
    final double[] values;

    Piece(int level, long index, double[] values) {
      this.level = level;
      this.index = index;
      this.values = values;
    }

    long key() {
      return key(level, index);
    }

    static long key(int level, long index) {
      return ((long) level << 56) | index;
    }
  }

  private final ArrayList<Piece> stack = new ArrayList<>();
  private long next;

  /** A tree whose first pushed leaf is chunk {@code firstChunk}. */
  public ChunkTree(long firstChunk) {
    this.next = firstChunk;
  }

  /** Adds the value of the next chunk (the array becomes the tree's; it is modified by merges). */
  public void push(double[] leaf) {
    Piece p = new Piece(0, next++, leaf);
    while (!stack.isEmpty()) {
      Piece top = stack.get(stack.size() - 1);
      if (top.level != p.level || (top.index & 1) != 0 || top.index + 1 != p.index) {
        break;
      }
      stack.remove(stack.size() - 1);
      double[] a = top.values;
      double[] b = p.values;
      for (int e = 0; e < a.length; e++) {
        a[e] += b[e];
      }
      p = new Piece(top.level + 1, top.index >> 1, a);
    }
    stack.add(p);
  }

  /** The complete nodes covering the pushed chunks. */
  public List<Piece> pieces() {
    return new ArrayList<>(stack);
  }

  /**
   * The root value from the pieces of ranges that together cover chunks [0, {@code chunks}) once
   * each; zeros when there is no chunk.
   */
  public static double[] fold(long chunks, Collection<Piece> pieces, int entries) {
    if (chunks <= 0) {
      return new double[entries];
    }
    Map<Long, double[]> known = new HashMap<>();
    for (Piece p : pieces) {
      if (p.values.length != entries) {
        throw new IllegalArgumentException(
            "piece of " + p.values.length + " values, expected " + entries);
      }
      if (known.put(p.key(), p.values) != null) {
        throw new IllegalArgumentException(
            "chunk ranges overlap at node " + p.level + "," + p.index);
      }
    }
    int levels = 0;
    while ((1L << levels) < chunks) {
      levels++;
    }
    double[] root = node(levels, 0, chunks, known);
    return root.clone();
  }

  /** The value of node (l, i), or null when it covers no chunk. */
  private static double[] node(int l, long i, long chunks, Map<Long, double[]> known) {
    if ((i << l) >= chunks) {
      return null;
    }
    double[] v = known.get(Piece.key(l, i));
    if (v != null) {
      return v;
    }
    if (l == 0) {
      throw new IllegalArgumentException("no value for chunk " + i);
    }
    double[] left = node(l - 1, 2 * i, chunks, known);
    double[] right = node(l - 1, 2 * i + 1, chunks, known);
    if (right == null) {
      return left;
    }
    double[] out = left.clone();
    for (int e = 0; e < out.length; e++) {
      out[e] += right[e];
    }
    return out;
  }
}
