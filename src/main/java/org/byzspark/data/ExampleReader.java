package org.byzspark.data;

import java.io.Serializable;
import java.util.List;

/**
 * Random access to a training set's examples by index, on the executors: what lets the IID dealing
 * ({@link WorkerPartitioner#iid(org.apache.spark.api.java.JavaSparkContext, ExampleReader, long,
 * int, int, long)}) read each worker's examples in the worker's own task instead of shuffling every
 * example from the task that read it to the task of its worker.
 */
public interface ExampleReader extends Serializable {
  /**
   * The examples with these indices, in this order, each exactly as the dataset's {@link
   * TrainingData#train()} gives it.
   *
   * @param indices increasing indices in 0..N−1
   */
  List<Example> read(long[] indices);
}
