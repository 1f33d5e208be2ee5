package org.byzspark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The datasets in MNIST's IDX format ({@link MnistSource}): {@code mnist} (pixels normalised with
 * MNIST's mean and deviation) and {@code fashion-mnist} (pixels in [0, 1], trained with random
 * horizontal flips, RESAM D.2), each as {@code NAME} (the copy {@code scripts/fetch-data.sh NAME}
 * caches in {@code --data-dir}) or {@code NAME:DIR} (a directory with the four IDX files, any
 * Hadoop path). 784 features, 10 classes.
 */
public final class IdxDataset implements DatasetSource {
  public static final IdxDataset MNIST =
      new IdxDataset(
          "mnist",
          "handwritten digits, 28×28 grey pixels normalised with (0.1307, 0.3081), 10 classes",
          MnistSource.Normalisation.MNIST,
          false);
  public static final IdxDataset FASHION_MNIST =
      new IdxDataset(
          "fashion-mnist",
          "Zalando's clothing images, 28×28 grey pixels in [0, 1], 10 classes, random horizontal"
              + " flips",
          MnistSource.Normalisation.NONE,
          true);

  private static final int SIDE = 28;

  private final String name;
  private final String summary;
  private final MnistSource.Normalisation normalisation;
  private final boolean flips;

  private IdxDataset(
      String name, String summary, MnistSource.Normalisation normalisation, boolean flips) {
    this.name = name;
    this.summary = summary;
    this.normalisation = normalisation;
    this.flips = flips;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public String usage() {
    return name + ", " + name + ":DIR";
  }

  @Override
  public String parse(String argument, String dataDir) {
    if (argument == null) {
      return new Path(dataDir, name).toString();
    }
    return argument.isEmpty() ? null : argument;
  }

  @Override
  public boolean fetchable() {
    return true;
  }

  @Override
  public void checkPresent(String path, Configuration conf, boolean regression) {
    MnistSource.checkPresent(path, conf, name);
  }

  @Override
  public int knownDim(String path) {
    return SIDE * SIDE;
  }

  @Override
  public int knownClasses(String path) {
    return 10;
  }

  @Override
  public HorizontalFlip augmentation(String path) {
    return flips ? new HorizontalFlip(1, SIDE, SIDE) : null;
  }

  @Override
  public TrainingData load(JavaSparkContext sc, String path, long seed) {
    MnistSource.Split train = MnistSource.load(sc, path, true, normalisation);
    MnistSource.Split test = MnistSource.load(sc, path, false, normalisation);
    if (test.dim() != train.dim()) {
      throw new IllegalArgumentException(
          "--dataset: test images have " + test.dim() + " pixels, training images " + train.dim());
    }
    return new TrainingData(
        train.examples(), train.count(), test.examples(), train.dim(), 10, train.byIndex());
  }
}
