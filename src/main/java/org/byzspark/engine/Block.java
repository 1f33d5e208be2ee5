package org.byzspark.engine;

import java.io.Serializable;

/**
 * Block k of a sharded vector set: the coordinates [lo, lo + width) of all n vectors, one array of
 * length {@code width} per vector, in worker order. Immutable by convention: a derived set may
 * share these arrays (a subset or a concatenation holds references), so nothing writes into them.
 */
final class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  final int index;
  final int lo;
  final int width;
  final double[][] rows;

  Block(int index, int lo, int width, double[][] rows) {
    this.index = index;
    this.lo = lo;
    this.width = width;
    this.rows = rows;
  }

  int size() {
    return rows.length;
  }
}
