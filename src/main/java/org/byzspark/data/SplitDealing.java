package org.byzspark.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Deals a training set to n workers by a {@link LabelSplit}, on Spark, and restricts a dataset to
 * two classes ({@code --binary-classes}).
 *
 * <p>The labels (one int per example, 240 KB for MNIST) are collected on the driver, where the
 * split computes every example's worker as a pure function of (labels, seed); the assignment is
 * broadcast and each example is sent to its worker's partition, ordered by index inside the block
 * as in {@link WorkerPartitioner#iid} (so {@code iid} gives the same blocks).
 */
public final class SplitDealing {
  private SplitDealing() {}

  public static int[] labels(JavaRDD<Example> examples, long count) {
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--split: " + count + " examples are too many to deal");
    }
    int[] y = new int[(int) count];
    for (Tuple2<Long, Integer> t :
        examples.mapToPair(e -> new Tuple2<>(e.index(), e.label())).collect()) {
      y[(int) (long) t._1()] = t._2();
    }
    return y;
  }

  public static Dealt deal(
      JavaSparkContext sc, TrainingData data, LabelSplit split, int workers, long seed) {
    if (data.trainCount() < workers) {
      throw new IllegalArgumentException(
          "--workers: "
              + workers
              + " workers need at least as many training examples, got "
              + data.trainCount());
    }
    int[] y = labels(data.train(), data.trainCount());
    int[] assignment = split.assign(y, data.numClasses(), workers, seed);
    int[][] hist = LabelSplit.histograms(y, assignment, data.numClasses(), workers);
    Broadcast<int[]> assign = sc.broadcast(assignment);
    int dim = data.dim();
    JavaRDD<DataBlock> blocks =
        data.train()
            .mapToPair(e -> new Tuple2<>(assign.value()[(int) e.index()], e))
            .partitionBy(new HashPartitioner(workers))
            .mapPartitions(
                it -> {
                  List<Example> rows = new ArrayList<>();
                  it.forEachRemaining(t -> rows.add(t._2()));
                  rows.sort(Comparator.comparingLong(Example::index));
                  return List.of(DataBlock.of(rows, dim)).iterator();
                },
                true);
    return new Dealt(blocks, hist, assign);
  }

  /**
   * The dataset restricted to two classes of its 0-based label indices: {@code positive} becomes
   * label 1, {@code negative} label 0, and the training examples are re-indexed 0..N'−1 in the
   * order of their indices (sorted, so the new indices do not depend on how the examples are
   * partitioned).
   */
  public static TrainingData binary(TrainingData data, int positive, int negative) {
    int c = data.numClasses();
    if (positive < 0 || positive >= c || negative < 0 || negative >= c || positive == negative) {
      throw new IllegalArgumentException(
          "--binary-classes: "
              + positive
              + ","
              + negative
              + " is not allowed with "
              + c
              + " classes; allowed: two different classes in 0.."
              + (c - 1));
    }
    JavaRDD<Example> train =
        data.train()
            .filter(e -> e.label() == positive || e.label() == negative)
            .sortBy(Example::index, true, data.train().getNumPartitions())
            .zipWithIndex()
            .map(t -> new Example(t._2(), t._1().label() == positive ? 1 : 0, t._1().features()));
    JavaRDD<Example> test =
        data.test()
            .filter(e -> e.label() == positive || e.label() == negative)
            .map(e -> new Example(e.index(), e.label() == positive ? 1 : 0, e.features()));
    train.cache();
    long count = train.count();
    return new TrainingData(train, count, test, data.dim(), 2);
  }
}
