package org.byzspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.SplitDealing;
import org.byzspark.data.SyntheticData;
import org.byzspark.data.TrainingData;
import org.byzspark.data.WorkerPartitioner;

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
 */
public record WorkerData(
    JavaRDD<DataBlock> blocks, JavaRDD<DataBlock> test, int dim, int numClasses, long trainCount) {

  /**
   * What the data of a configuration depend on: the dataset (and where {@code mnist} is cached),
   * the number of workers and the seed (dealing permutation, LIBSVM hold-out).
   */
  public static String key(TrainConfig cfg) {
    return DatasetSpec.parse(cfg.dataset(), cfg.dataDir())
        + "|n="
        + cfg.workers()
        + "|seed="
        + cfg.seed();
  }

  /** Loads the dataset of {@code cfg} and deals it to its workers (lazily: persisted RDDs). */
  public static WorkerData load(JavaSparkContext sc, TrainConfig cfg) {
    return load(sc, cfg, null);
  }

  /**
   * Loads the dataset of {@code cfg}, restricted to two classes when {@code binary} = {positive,
   * negative} is not null ({@code --binary-classes}, see {@link SplitDealing#binary}), and deals it
   * to its workers. A {@code synthetic} dataset is generated inside the tasks ({@link
   * SyntheticData#workerBlocks}), never on the driver.
   */
  public static WorkerData load(JavaSparkContext sc, TrainConfig cfg, int[] binary) {
    DatasetSpec spec = DatasetSpec.parse(cfg.dataset(), cfg.dataDir());
    if (spec.isSparse()) {
      if (binary != null) {
        throw new IllegalArgumentException(
            "--binary-classes: not allowed with " + spec + ", which has two classes already");
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
      return new WorkerData(blocks, test, gen.dim(), 2, gen.examples());
    }
    TrainingData data = TrainingData.load(sc, spec, cfg.seed());
    if (binary != null) {
      data = SplitDealing.binary(data, binary[0], binary[1]);
    }
    JavaRDD<DataBlock> blocks =
        WorkerPartitioner.iid(
                data.train(), data.trainCount(), cfg.workers(), data.dim(), cfg.seed())
            .setName("worker data")
            .persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<DataBlock> test =
        WorkerPartitioner.blocks(data.test(), data.dim())
            .setName("test data")
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new WorkerData(blocks, test, data.dim(), data.numClasses(), data.trainCount());
  }

  /** Drops the cached blocks. */
  public void release() {
    blocks.unpersist(false);
    test.unpersist(false);
  }
}
