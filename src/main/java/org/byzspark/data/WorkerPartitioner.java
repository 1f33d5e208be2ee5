package org.byzspark.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.byzspark.util.Permutation;
import scala.Tuple2;

/**
 * Deals N examples to n workers, one Spark partition each, as {@link DataBlock}s.
 *
 * <p>IID dealing: a seeded pseudo-random permutation π of {0..N−1} ({@link Permutation}) sends the
 * example with index i to worker ⌊π(i)·n/N⌋, so every worker holds ⌊N/n⌋ or ⌈N/n⌉ examples, drawn
 * uniformly. Inside a block, examples are ordered by index, so the block does not depend on the
 * order in which shuffle blocks arrive.
 */
public final class WorkerPartitioner {
  private WorkerPartitioner() {}

  /**
   * @param examples examples with indices 0..count−1
   * @param count N
   * @param workers n
   * @param dim number of features
   */
  public static JavaRDD<DataBlock> iid(
      JavaRDD<Example> examples, long count, int workers, int dim, long seed) {
    if (count < workers) {
      throw new IllegalArgumentException(
          "--workers: "
              + workers
              + " workers need at least as many training examples, got "
              + count);
    }
    Permutation perm = new Permutation(count, seed);
    return examples
        .mapToPair(e -> new Tuple2<>((int) (perm.apply(e.index()) * workers / count), e))
        .partitionBy(new HashPartitioner(workers))
        .mapPartitions(
            it -> {
              List<Example> rows = new ArrayList<>();
              it.forEachRemaining(t -> rows.add(t._2()));
              rows.sort(Comparator.comparingLong(Example::index));
              return List.of(DataBlock.of(rows, dim)).iterator();
            },
            true);
  }

  /** Packs each partition of a test set into one block (order within a block is irrelevant). */
  public static JavaRDD<DataBlock> blocks(JavaRDD<Example> examples, int dim) {
    return examples.mapPartitions(
        it -> {
          List<Example> rows = new ArrayList<>();
          it.forEachRemaining(rows::add);
          return rows.isEmpty()
              ? List.<DataBlock>of().iterator()
              : List.of(DataBlock.of(rows, dim)).iterator();
        });
  }
}
