package org.byzspark.data;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.byzspark.util.Permutation;
import org.byzspark.util.Seeds;

/**
 * {@code libsvm:PATH}: a LIBSVM text file read through Spark's own reader ({@code
 * spark.read.format("libsvm")}); {@code PATH.t}, when present, is the test set (as in the LIBSVM
 * collection), otherwise 10% of PATH is held out. Labels are classes for a classifier (mapped to
 * 0..C−1 in increasing order of their values) or real-valued targets for a regression model ({@link
 * #regressionTargets()}). No augmentation; the shape is known only once the file is read.
 */
public final class LibsvmDataset implements DatasetSource {
  @Override
  public String name() {
    return "libsvm";
  }

  @Override
  public String summary() {
    return "a LIBSVM text file (PATH.t the test set when present, else 10% held out); classes or"
        + " real-valued targets";
  }

  @Override
  public String usage() {
    return "libsvm:PATH";
  }

  @Override
  public String parse(String argument, String dataDir) {
    return argument == null || argument.isEmpty() ? null : argument;
  }

  @Override
  public boolean regressionTargets() {
    return true;
  }

  @Override
  public void checkPresent(String path, Configuration conf, boolean regression) {
    Path p = new Path(path);
    Path test = new Path(path + ".t");
    boolean hasTest;
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.isFile(p)) {
        throw new IllegalArgumentException("--dataset: LIBSVM file " + path + " not found");
      }
      hasTest = fs.isFile(test);
    } catch (IOException e) {
      throw new IllegalArgumentException("--dataset: cannot read " + path + ": " + e.getMessage());
    }
    // Malformed lines, non-finite values and labels are reported here, with their line number.
    LibsvmFile.Summary train = LibsvmFile.check(path, null, conf, regression);
    if (hasTest) {
      LibsvmFile.check(test.toString(), train, conf, regression);
    }
  }

  @Override
  public TrainingData load(JavaSparkContext sc, String path, long seed) {
    return load(sc, path, seed, false);
  }

  /**
   * The file for a regression model: the real-valued label of each line becomes the example's last
   * feature column (the target, see {@code org.byzspark.model.RegressionModel}), every integer
   * label is 0 and the class count is 1, so {@link TrainingData#dim()} is the number of features
   * plus one. {@code PATH.t} is the test set when present (its feature count fixed to the training
   * file's), else 10% is held out as for classification. Features are used as given: HGO C.2
   * standardises Boston housing's features, which LIBSVM's {@code housing_scale} file already is
   * (scaled to [−1, 1]).
   */
  @Override
  public TrainingData loadRegression(JavaSparkContext sc, String path, long seed) {
    return load(sc, path, seed, true);
  }

  /**
   * Labels are mapped to 0..C−1 in increasing order of their values (so −1/+1 become 0/1 and 1..C
   * become 0..C−1); the test set's feature count is fixed to the training set's.
   */
  private static TrainingData load(
      JavaSparkContext sc, String path, long seed, boolean regression) {
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    Dataset<Row> trainDf = spark.read().format("libsvm").load(path);
    int features = ((Vector) trainDf.first().getAs("features")).size();
    if (regression) {
      JavaRDD<Example> all = regressionExamples(trainDf);
      long count = all.count();
      Path testPath = new Path(path + ".t");
      if (isFile(sc, testPath)) {
        Dataset<Row> testDf =
            spark.read().format("libsvm").option("numFeatures", features).load(testPath.toString());
        return new TrainingData(all, count, regressionExamples(testDf), features + 1, 1);
      }
      return holdOut(all, count, seed, features + 1, 1);
    }
    int dim = features;
    List<Double> labels =
        trainDf
            .select("label")
            .distinct()
            .sort("label")
            .as(org.apache.spark.sql.Encoders.DOUBLE())
            .collectAsList();
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "--dataset: " + path + " has " + labels.size() + " distinct label(s); at least 2 needed");
    }
    Map<Double, Integer> labelIndex = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      labelIndex.put(labels.get(i), i);
    }
    JavaRDD<Example> all = examples(trainDf, labelIndex, path);
    long count = all.count();
    Path testPath = new Path(path + ".t");
    if (isFile(sc, testPath)) {
      Dataset<Row> testDf =
          spark.read().format("libsvm").option("numFeatures", dim).load(testPath.toString());
      return new TrainingData(
          all, count, examples(testDf, labelIndex, testPath.toString()), dim, labels.size());
    }
    return holdOut(all, count, seed, dim, labels.size());
  }

  private static boolean isFile(JavaSparkContext sc, Path p) {
    try {
      FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
      return fs.isFile(p);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Holds out the 10% of examples whose position is lowest in the permutation of (seed, {@code
   * HOLDOUT}), and re-indexes the rest.
   */
  static TrainingData holdOut(JavaRDD<Example> all, long count, long seed, int dim, int classes) {
    Permutation perm = new Permutation(count, seed, Seeds.Purpose.HOLDOUT);
    long cut = Math.max(1, count / 10);
    JavaRDD<Example> test = all.filter(e -> perm.apply(e.index()) < cut);
    JavaRDD<Example> train =
        all.filter(e -> perm.apply(e.index()) >= cut)
            .map(e -> new Example(perm.apply(e.index()) - cut, e.label(), e.features()));
    return new TrainingData(train, count - cut, test, dim, classes);
  }

  /** Features, then the label as the last column; class 0. */
  private static JavaRDD<Example> regressionExamples(Dataset<Row> df) {
    return df.javaRDD()
        .zipWithIndex()
        .map(
            t -> {
              Row r = t._1();
              double[] v = ((Vector) r.getAs("features")).toArray();
              float[] f = new float[v.length + 1];
              for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
              }
              f[v.length] = (float) r.getDouble(r.fieldIndex("label"));
              return new Example(t._2(), 0, f);
            });
  }

  private static JavaRDD<Example> examples(
      Dataset<Row> df, Map<Double, Integer> labelIndex, String path) {
    return df.javaRDD()
        .zipWithIndex()
        .map(
            t -> {
              Row r = t._1();
              double label = r.getDouble(r.fieldIndex("label"));
              Integer y = labelIndex.get(label);
              if (y == null) {
                throw new IllegalArgumentException(
                    path
                        + ": label "
                        + label
                        + " of row "
                        + (t._2() + 1)
                        + " does not occur in the training set");
              }
              double[] v = ((Vector) r.getAs("features")).toArray();
              float[] f = new float[v.length];
              for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
              }
              return new Example(t._2(), y, f);
            });
  }
}
