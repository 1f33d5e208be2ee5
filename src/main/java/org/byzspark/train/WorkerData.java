package org.byzspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.Dealt;
import org.byzspark.data.LabelSplit;
import org.byzspark.data.RootSet;
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
 * @param root FLTrust's root set on the driver ({@link RootSet}), null unless the rule {@linkplain
 *     org.byzspark.aggregation.Aggregator#usesServerGradient uses the server's gradient}
 * @param rootClassCounts the root set's examples per class, null without a root set
 * @param plan the broadcast the blocks are dealt from ({@link Dealt#plan()}), or null; destroyed by
 *     {@link #release()}
 */
public record WorkerData(
    JavaRDD<DataBlock> blocks,
    JavaRDD<DataBlock> test,
    int dim,
    int numClasses,
    long trainCount,
    int[][] histograms,
    DataBlock root,
    int[] rootClassCounts,
    Broadcast<?> plan) {

  /**
   * What the data of a configuration depend on: the dataset (and where {@code mnist} is cached),
   * regression targets or classes, the two classes kept, the split, the number of workers and the
   * seed (dealing permutation, LIBSVM hold-out); and, for a rule that uses the server's gradient,
   * the root set's options (the root examples drawn from the training set are not dealt).
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
        + cfg.seed()
        + (usesRoot(cfg) ? "|root=" + opts.rootData().strip() + "," + opts.rootSize() : "");
  }

  /** Whether the run's rule needs FLTrust's root set. */
  static boolean usesRoot(TrainConfig cfg) {
    return TrainSetup.rule(cfg).usesServerGradient();
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
      if (usesRoot(cfg)) {
        throw new IllegalArgumentException(
            "--aggregator: "
                + TrainSetup.rule(cfg).name()
                + " is not allowed with --dataset "
                + spec
                + ", whose examples are generated on the executors worker by worker (no training"
                + " set to draw the root set from); allowed: a dense dataset");
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
      return new WorkerData(blocks, test, gen.dim(), 2, gen.examples(), null, null, null, null);
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
    RootSet.Drawn root = usesRoot(cfg) ? root(sc, cfg, opts, data) : null;
    if (root != null && root.rest() != null) {
      data = root.rest();
    }
    Dealt dealt;
    if (split.isIid()) {
      dealt =
          data.byIndex() != null
              ? WorkerPartitioner.iid(
                  sc, data.byIndex(), data.trainCount(), cfg.workers(), data.dim(), cfg.seed())
              : new Dealt(
                  WorkerPartitioner.iid(
                      data.train(), data.trainCount(), cfg.workers(), data.dim(), cfg.seed()),
                  null,
                  null);
    } else {
      split.check(data.numClasses());
      dealt = SplitDealing.deal(sc, data, split, cfg.workers(), cfg.seed());
    }
    JavaRDD<DataBlock> blocks =
        dealt.blocks().setName("worker data").persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<DataBlock> test =
        WorkerPartitioner.blocks(data.test(), data.dim())
            .setName("test data")
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new WorkerData(
        blocks,
        test,
        data.dim(),
        data.numClasses(),
        data.trainCount(),
        dealt.histograms(),
        root == null ? null : root.block(),
        root == null ? null : root.classCounts(),
        dealt.plan());
  }

  /**
   * FLTrust's root set: drawn from {@code --root-data} (with the same regression targets or binary
   * classes as the training data), or from the training data and taken out of them.
   */
  private static RootSet.Drawn root(
      JavaSparkContext sc, TrainConfig cfg, HgoOptions opts, TrainingData data) {
    DatasetSpec spec = TrainSetup.rootSpec(cfg, opts);
    if (spec == null) {
      return RootSet.fromTraining(data, opts.rootSize(), cfg.workers(), cfg.seed());
    }
    TrainingData own;
    try {
      own =
          TrainSetup.isRegression(cfg)
              ? TrainingData.loadRegression(sc, spec, cfg.seed())
              : TrainingData.load(sc, spec, cfg.seed());
    } catch (IllegalArgumentException e) {
      // the sources name --dataset; here the dataset is the root set's
      throw new IllegalArgumentException(
          e.getMessage().replaceFirst("^--dataset:", "--root-data:"), e);
    }
    int[] binary = opts.binary();
    if (binary != null) {
      own = SplitDealing.binary(own, binary[0], binary[1]);
    }
    if (own.dim() != data.dim() || own.numClasses() > data.numClasses()) {
      throw new IllegalArgumentException(
          "--root-data: "
              + spec
              + " has "
              + own.dim()
              + " features and "
              + own.numClasses()
              + " classes; allowed: a dataset with the training data's "
              + data.dim()
              + " features and at most its "
              + data.numClasses()
              + " classes");
    }
    return RootSet.from(own, opts.rootSize(), cfg.seed());
  }

  /** Drops the cached blocks and destroys the broadcast they were dealt from. */
  public void release() {
    blocks.unpersist(false);
    test.unpersist(false);
    if (plan != null) {
      plan.destroy();
    }
  }
}
