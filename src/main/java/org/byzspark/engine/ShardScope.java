package org.byzspark.engine;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.aggregation.VectorSet;

/**
 * The coordinate layout of the sharded sets of one run, and what one step created: every set a step
 * derives (the messages, the honest subset, forged messages, clipped or mixed sets) is persisted
 * here, because a rule usually asks several statistics of the same set, and {@link #close}
 * unpersists them all at the end of the step.
 *
 * <p>Layout: block k holds coordinates [k·w, min(d, (k+1)·w)) with w a multiple of {@link
 * VectorSet#CHUNK}, so that the 512-coordinate chunks of the per-row sums never straddle two
 * blocks. Partition k of every set of the scope holds block k: two sets are always co-partitioned
 * and a concatenation is a {@code zipPartitions}.
 */
public final class ShardScope implements AutoCloseable {
  /** Largest block of the messages aimed at, in bytes (n·w·8): one task's working set. */
  static final long MAX_BLOCK_BYTES = 64L << 20;

  final JavaSparkContext sc;
  final int d;
  final int width;
  final int blocks;
  private final List<JavaRDD<?>> persisted = new ArrayList<>();

  /**
   * A scope over dimension d with blocks of {@code width} coordinates (a positive multiple of
   * {@link VectorSet#CHUNK}).
   */
  public ShardScope(JavaSparkContext sc, int d, int width) {
    if (d < 1 || width < 1 || width % VectorSet.CHUNK != 0) {
      throw new IllegalArgumentException(
          "block width must be a positive multiple of " + VectorSet.CHUNK + ", got " + width);
    }
    this.sc = sc;
    this.d = d;
    this.width = width;
    this.blocks = (int) ((d + (long) width - 1) / width);
  }

  /**
   * The block width for n vectors of dimension d: at least {@code minBlocks} blocks (so that every
   * core has work), blocks of at most {@link #MAX_BLOCK_BYTES}, a multiple of the chunk.
   */
  public static int defaultWidth(int n, int d, int minBlocks) {
    long byBytes = Math.max(1, MAX_BLOCK_BYTES / (8L * Math.max(1, n)));
    byBytes = Math.max(VectorSet.CHUNK, byBytes / VectorSet.CHUNK * VectorSet.CHUNK);
    long byCount = (d + (long) Math.max(1, minBlocks) - 1) / Math.max(1, minBlocks);
    byCount = (byCount + VectorSet.CHUNK - 1) / VectorSet.CHUNK * VectorSet.CHUNK;
    return (int) Math.min(Math.min(byBytes, byCount), 1 << 30);
  }

  /** A fresh scope with the same layout (one per step). */
  public ShardScope next() {
    return new ShardScope(sc, d, width);
  }

  public int blocks() {
    return blocks;
  }

  public int width() {
    return width;
  }

  int lo(int k) {
    return k * width;
  }

  int width(int k) {
    return Math.min(width, d - k * width);
  }

  /** Persists {@code rdd} until {@link #close}. */
  <T> JavaRDD<T> keep(JavaRDD<T> rdd) {
    rdd.persist(StorageLevel.MEMORY_ONLY());
    persisted.add(rdd);
    return rdd;
  }

  /** One slice of p per block, partition k holding coordinates of block k. */
  JavaRDD<double[]> slices(double[] p) {
    List<double[]> s = new ArrayList<>(blocks);
    for (int k = 0; k < blocks; k++) {
      s.add(java.util.Arrays.copyOfRange(p, lo(k), lo(k) + width(k)));
    }
    return sc.parallelize(s, blocks);
  }

  /** The block indices, partition k holding k (a template for sets built from nothing). */
  JavaRDD<Integer> layout() {
    List<Integer> s = new ArrayList<>(blocks);
    for (int k = 0; k < blocks; k++) {
      s.add(k);
    }
    return sc.parallelize(s, blocks);
  }

  /** Number of RDDs this scope persisted (tests). */
  int persistedCount() {
    return persisted.size();
  }

  /**
   * Unpersists everything the step persisted, then removes the shuffle files the step's sets were
   * built with ({@code cleanShuffleDependencies} walks each set's unpersisted ancestors and stops
   * at persisted ones, such as the workers' states). Without this, Spark removes a shuffle's files
   * only once the driver's garbage collector has dropped its dependency, so each step's n·d·8 bytes
   * of blocks would stay in the executors' page cache and local directories, and every step would
   * write its shuffle into freshly allocated pages (measured in docs/performance.md).
   */
  @Override
  public void close() {
    for (JavaRDD<?> r : persisted) {
      r.unpersist(false);
    }
    for (JavaRDD<?> r : persisted) {
      r.rdd().cleanShuffleDependencies(false);
    }
    persisted.clear();
  }
}
