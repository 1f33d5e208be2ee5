package org.byzspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.LabelSplit;
import org.byzspark.data.SplitDealing;
import org.byzspark.data.SyntheticData;
import org.byzspark.data.TrainingData;
import org.byzspark.data.WorkerPartitioner;
import org.byzspark.train.hgo.HgoOptions;

/**
 * A dataset loaded and dealt to n workers (one cached partition each) plus its cached test set:
 * what a run needs before its first step. Runs whose {@link #key} is equal get identical data, so a
 * grid of runs loads and deals it once and shares it ({@code experiment.DataCache}).
 *
 * @param blocks one {@link DataBlock} per worker, persisted
 * @param test the test set in blocks, persisted
 * @param dim number of features
 * @param numClasses number of classes
 * @param trainCount number of training examples
 * @param histograms each worker's label histogram for a non-IID split ({@code --split}), else null
 */
public record WorkerData(
    JavaRDD<DataBlock> blocks,
    JavaRDD<DataBlock> test,
    int dim,
    int numClasses,
    long trainCount,
    int[][] histograms) {

  /**
   * What the data of a configuration depend on: the dataset (and where {@code mnist} is cached),
   * regression targets or classes, the two classes kept, the split, the number of workers and the
   * seed (dealing permutation, LIBSVM hold-out).
   */
  public static String key(TrainConfig cfg, HgoOptions opts) {
    return DatasetSpec.parse(cfg.dataset(), cfg.dataDir())
        + (TrainSetup.isRegression(cfg) ? "|regression" : "")
        + (DatasetSpec.parse(cfg.dataset(), cfg.dataDir()).source()
                instanceof org.byzspark.data.TableDataset
            ? "|" + TrainSetup.tableRead(cfg).key()
            : "")
        + (opts.binary() == null ? "" : "|binary=" + opts.binaryClasses())
        + "|split="
        + LabelSplit.parse(opts.split())
        + "|n="
        + cfg.workers()
        + "|seed="
        + cfg.seed();
  }

  /**
   * Loads the dataset of {@code cfg} (with regression targets for a regression model), restricted
   * to two classes under {@code --binary-classes} (see {@link SplitDealing#binary}), and deals it
   * to its workers by {@code --split} (lazily: persisted RDDs). A {@code synthetic} dataset is
   * generated inside the tasks ({@link SyntheticData#workerBlocks}), never on the driver. Fails
   * with {@link IllegalArgumentException} on what needs the data (the split's classes, too few
   * examples) before anything is written.
   */
  public static WorkerData load(JavaSparkContext sc, TrainConfig cfg, HgoOptions opts) {
    DatasetSpec spec = DatasetSpec.parse(cfg.dataset(), cfg.dataDir());
    int[] binary = opts.binary();
    LabelSplit split = LabelSplit.parse(opts.split());
    if (spec.isSparse()) {
      if (binary != null) {
        throw new IllegalArgumentException(
            "--binary-classes: not allowed with " + spec + ", which has two classes already");
      }
      if (!split.isIid()) {
        throw new IllegalArgumentException(
            "--split: "
                + split
                + " is not allowed with "
                + spec
                + ", whose examples are generated on the executors, worker by worker; allowed:"
                + " iid");
      }
      SyntheticData gen = spec.synthetic();
      JavaRDD<DataBlock> blocks =
          gen.workerBlocks(sc, cfg.workers())
              .setName("worker data (generated)")
              .persist(StorageLevel.MEMORY_AND_DISK());
      JavaRDD<DataBlock> test =
          gen.testBlocks(sc)
              .setName("test data (generated)")
              .persist(StorageLevel.MEMORY_AND_DISK());
      return new WorkerData(blocks, test, gen.dim(), 2, gen.examples(), null);
    }
    TrainingData data =
        TrainingData.load(
            sc,
            spec,
            cfg.seed(),
            TrainSetup.isRegression(cfg),
            TrainSetup.tableRead(cfg),
            cfg.dataDir());
    return deal(sc, data, cfg, opts);
  }

  /**
   * Loaded examples (e.g. a DataFrame's rows) restricted to two classes under {@code
   * --binary-classes} and dealt to the workers of {@code cfg} by {@code --split}, as {@link #load}
   * deals a dataset's.
   */
  public static WorkerData deal(
      JavaSparkContext sc, TrainingData data, TrainConfig cfg, HgoOptions opts) {
    int[] binary = opts.binary();
    LabelSplit split = LabelSplit.parse(opts.split());
    if (binary != null) {
      data = SplitDealing.binary(data, binary[0], binary[1]);
    }
    int[][] histograms = null;
    JavaRDD<DataBlock> dealt;
    if (split.isIid()) {
      dealt =
          WorkerPartitioner.iid(
              data.train(), data.trainCount(), cfg.workers(), data.dim(), cfg.seed());
    } else {
      split.check(data.numClasses());
      SplitDealing.Dealt d = SplitDealing.deal(sc, data, split, cfg.workers(), cfg.seed());
      dealt = d.blocks();
      histograms = d.histograms();
    }
    JavaRDD<DataBlock> blocks =
        dealt.setName("worker data").persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<DataBlock> test =
        WorkerPartitioner.blocks(data.test(), data.dim())
            .setName("test data")
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new WorkerData(
        blocks, test, data.dim(), data.numClasses(), data.trainCount(), histograms);
  }

  /** Drops the cached blocks. */
  public void release() {
    blocks.unpersist(false);
    test.unpersist(false);
  }
}
