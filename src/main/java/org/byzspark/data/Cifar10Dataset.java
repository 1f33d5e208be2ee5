package org.byzspark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code cifar10:DIR}: CIFAR-10's official binary files in DIR ({@link CifarSource}), 3×32×32
 * pixels normalised per channel, 10 classes, trained with random horizontal flips (RESAM D.2).
 */
public final class Cifar10Dataset implements DatasetSource {
  @Override
  public String name() {
    return "cifar10";
  }

  @Override
  public String summary() {
    return "CIFAR-10, 3×32×32 colour pixels normalised per channel, 10 classes, random horizontal"
        + " flips";
  }

  @Override
  public String usage() {
    return "cifar10:DIR";
  }

  @Override
  public String parse(String argument, String dataDir) {
    return argument == null || argument.isEmpty() ? null : argument;
  }

  @Override
  public void checkPresent(String path, Configuration conf, boolean regression) {
    CifarSource.checkPresent(path, conf);
  }

  @Override
  public int knownDim(String path) {
    return CifarSource.PIXELS;
  }

  @Override
  public int knownClasses(String path) {
    return 10;
  }

  @Override
  public HorizontalFlip augmentation(String path) {
    return new HorizontalFlip(3, CifarSource.SIDE, CifarSource.SIDE);
  }

  @Override
  public TrainingData load(JavaSparkContext sc, String path, long seed) {
    MnistSource.Split train = CifarSource.load(sc, path, true);
    MnistSource.Split test = CifarSource.load(sc, path, false);
    return new TrainingData(train.examples(), train.count(), test.examples(), train.dim(), 10);
  }
}
