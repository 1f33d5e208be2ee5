package org.byzspark.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.data.DatasetSource;
import org.byzspark.data.Example;
import org.byzspark.data.TrainingData;

/**
 * A dataset that only a test registers: {@code toy-blobs:N} is N training examples of 3 classes in
 * 4 features, class k centred at 4·e_k with unit Gaussian noise, and 150 test examples; made on the
 * driver from fixed streams, nothing to read.
 */
final class ToyBlobs implements DatasetSource {
  static final int DIM = 4;
  static final int CLASSES = 3;

  @Override
  public String name() {
    return "toy-blobs";
  }

  @Override
  public String summary() {
    return "three Gaussian blobs in 4 dimensions (a test dataset)";
  }

  @Override
  public String usage() {
    return "toy-blobs:N";
  }

  @Override
  public String parse(String argument, String dataDir) {
    return argument != null && argument.matches("[1-9][0-9]{0,6}") ? argument : null;
  }

  @Override
  public void checkPresent(String path, Configuration conf, boolean regression) {
    if (Integer.parseInt(path) < CLASSES) {
      throw new IllegalArgumentException(
          "--dataset: toy-blobs:" + path + " has fewer examples than classes");
    }
  }

  @Override
  public int knownDim(String path) {
    return DIM;
  }

  @Override
  public int knownClasses(String path) {
    return CLASSES;
  }

  private static List<Example> blobs(int count, long stream) {
    SplittableRandom r = new SplittableRandom(stream);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int label = i % CLASSES;
      float[] f = new float[DIM];
      for (int j = 0; j < DIM; j++) {
        f[j] = (float) ((j == label ? 4.0 : 0.0) + r.nextGaussian());
      }
      out.add(new Example(i, label, f));
    }
    return out;
  }

  @Override
  public TrainingData load(JavaSparkContext sc, String path, long seed) {
    int n = Integer.parseInt(path);
    return new TrainingData(
        sc.parallelize(blobs(n, 11), 2), n, sc.parallelize(blobs(150, 12), 1), DIM, CLASSES);
  }
}
