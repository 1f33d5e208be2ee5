package org.byzspark.engine;

import org.apache.spark.Partitioner;

/** Sends key k (a block index) to partition k: partition k of a sharded set holds block k. */
final class BlockPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int blocks;

  BlockPartitioner(int blocks) {
    this.blocks = blocks;
  }

  @Override
  public int numPartitions() {
    return blocks;
  }

  @Override
  public int getPartition(Object key) {
    return (Integer) key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockPartitioner p && p.blocks == blocks;
  }

  @Override
  public int hashCode() {
    return blocks;
  }
}
