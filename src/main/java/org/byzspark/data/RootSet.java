package org.byzspark.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.byzspark.util.Seeds;

/**
 * FLTrust's root set: the small clean dataset the server computes its own gradient on ({@code
 * aggregation.FlTrust}).
 *
 * <p><b>Draw.</b> {@link #choose}: the training examples are grouped by class, each class's indices
 * shuffled (Fisher–Yates, classes in increasing order, one generator of (seed, FLTRUST_ROOT, 0)),
 * and the root set takes one example of each class in turn (class 0, 1, ..., C−1, 0, 1, ...),
 * skipping the classes already used up, until it has N examples. So the class counts differ by at
 * most one among the classes that have enough examples (10 per class for N = 100 on MNIST), and the
 * set is a pure function of (labels, N, seed).
 *
 * <p><b>Exclusion.</b> {@link #fromTraining}: drawn from the training set, the root examples are
 * taken out of it before it is dealt to the workers, and the others are renumbered 0..N'−1 in their
 * order (index − the number of root examples before it), so no worker holds a root example. {@link
 * #from}: drawn from a dataset of its own ({@code --root-data}), nothing is taken out.
 */
public final class RootSet {
  private RootSet() {}

  /**
   * The root set: its examples (ordered by index) in one block, its class counts, and the training
   * data the workers share (without the root examples when they came from it).
   */
  public record Drawn(DataBlock block, int[] classCounts, TrainingData rest) {}

  /**
   * The indices of a class-balanced draw of {@code size} examples, increasing.
   *
   * @param labels every example's class in [0, numClasses)
   */
  public static int[] choose(int[] labels, int numClasses, int size, long seed) {
    if (size < 1 || size > labels.length) {
      throw new IllegalArgumentException(
          "root set of " + size + " examples out of " + labels.length);
    }
    List<int[]> byClass = new ArrayList<>();
    int[] counts = new int[numClasses];
    for (int y : labels) {
      counts[y]++;
    }
    int[][] members = new int[numClasses][];
    for (int c = 0; c < numClasses; c++) {
      members[c] = new int[counts[c]];
    }
    int[] fill = new int[numClasses];
    for (int i = 0; i < labels.length; i++) {
      members[labels[i]][fill[labels[i]]++] = i;
    }
    SplittableRandom rng = Seeds.rng(seed, Seeds.Purpose.FLTRUST_ROOT, 0);
    for (int[] m : members) {
      for (int i = m.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = m[i];
        m[i] = m[j];
        m[j] = t;
      }
      byClass.add(m);
    }
    int[] out = new int[size];
    int taken = 0;
    for (int round = 0; taken < size; round++) {
      for (int c = 0; c < numClasses && taken < size; c++) {
        if (round < byClass.get(c).length) {
          out[taken++] = byClass.get(c)[round];
        }
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** The number of chosen examples of each class. */
  public static int[] classCounts(int[] labels, int[] chosen, int numClasses) {
    int[] h = new int[numClasses];
    for (int i : chosen) {
      h[labels[i]]++;
    }
    return h;
  }

  /**
   * {@code size} examples drawn from the training set of {@code data} and taken out of it; at least
   * {@code workers} examples must be left for the workers.
   */
  public static Drawn fromTraining(TrainingData data, int size, int workers, long seed) {
    long count = data.trainCount();
    if (size > count - workers) {
      throw new IllegalArgumentException(
          "--root-size: "
              + size
              + " is not allowed with "
              + count
              + " training examples and "
              + workers
              + " workers; allowed: 1.."
              + Math.max(0, count - workers)
              + " (the root set is taken out of the workers' examples)");
    }
    int[] labels = SplitDealing.labels(data.train(), count);
    int[] chosen = choose(labels, data.numClasses(), size, seed);
    DataBlock block = collect(data.train(), chosen, data.dim());
    JavaRDD<Example> rest =
        data.train()
            .filter(e -> Arrays.binarySearch(chosen, (int) e.index()) < 0)
            .map(
                e -> {
                  // index − (root examples before it): binarySearch returns −(insertion point) − 1
                  long before = -(Arrays.binarySearch(chosen, (int) e.index()) + 1);
                  return new Example(e.index() - before, e.label(), e.features());
                });
    return new Drawn(
        block,
        classCounts(labels, chosen, data.numClasses()),
        new TrainingData(rest, count - size, data.test(), data.dim(), data.numClasses()));
  }

  /** {@code size} examples drawn from the training set of {@code root}, a dataset of its own. */
  public static Drawn from(TrainingData root, int size, long seed) {
    long count = root.trainCount();
    if (size > count) {
      throw new IllegalArgumentException(
          "--root-size: "
              + size
              + " is not allowed with "
              + count
              + " examples in --root-data; allowed: 1.."
              + count);
    }
    int[] labels = SplitDealing.labels(root.train(), count);
    int[] chosen = choose(labels, root.numClasses(), size, seed);
    return new Drawn(
        collect(root.train(), chosen, root.dim()),
        classCounts(labels, chosen, root.numClasses()),
        null);
  }

  /** The examples of the given indices (increasing) on the driver, as one block in that order. */
  private static DataBlock collect(JavaRDD<Example> train, int[] chosen, int dim) {
    List<Example> rows =
        new ArrayList<>(
            train.filter(e -> Arrays.binarySearch(chosen, (int) e.index()) >= 0).collect());
    rows.sort(Comparator.comparingLong(Example::index));
    return DataBlock.of(rows, dim);
  }
}
