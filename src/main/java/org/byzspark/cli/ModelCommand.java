package org.byzspark.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.byzspark.data.DataBlock;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.Datasets;
import org.byzspark.data.Example;
import org.byzspark.data.SplitDealing;
import org.byzspark.data.SyntheticData;
import org.byzspark.data.TableData;
import org.byzspark.data.TableRead;
import org.byzspark.data.TrainingData;
import org.byzspark.io.SavedModel;
import org.byzspark.model.Batch;
import org.byzspark.model.RegressionModel;
import org.byzspark.model.SparseBatch;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.Evaluator;
import org.byzspark.train.Trainer;

/**
 * {@code byzspark predict} and {@code byzspark evaluate}: a model a run saved ({@link SavedModel},
 * {@code OUT/model}) applied to any registered dataset, on Spark.
 *
 * <p>The dataset is read as the run read it: with the model's regression targets, restricted and
 * relabelled by the run's {@code --binary-classes}, and with the run's seed (the LIBSVM hold-out);
 * the test set is cut into the partitions the run evaluated, and each partition is predicted in the
 * run's chunks of {@value Evaluator#CHUNK} rows, so that {@code evaluate} and the accuracy of
 * {@code predict}'s output reproduce the run's final test accuracy exactly.
 *
 * <p>{@code evaluate} prints the accuracy (MSE for a regression model) with {@link Evaluator}, as
 * the run computed it. {@code predict} broadcasts the model, predicts in the executors and writes
 * Parquet: {@code index} (the example's index in its set), {@code label}, {@code prediction}, and
 * for a classifier {@code rawPrediction} (the scores, {@link org.byzspark.model.Model#scores}) and,
 * for a probabilistic one, {@code probability}, both Spark ML vectors; the broadcast is destroyed
 * after the write.
 *
 * <p>Every check that needs no data runs before Spark starts (the model directory, the dataset
 * value and its files, the classes the dataset declares, the width of a generated dataset, {@code
 * --out}); the number of features of the others right after the data are read, before anything is
 * written. A bad value ends the command with one line and exit code 2.
 */
final class ModelCommand {
  static final String PREDICT = "predict";
  static final String EVALUATE = "evaluate";

  /** Rows of a generated (synthetic) set per partition, as the run's test set. */
  static final long GENERATED_ROWS_PER_PARTITION = 20_000;

  private ModelCommand() {}

  static List<Scopt.Opt> options(boolean predict) {
    List<Scopt.Opt> o = new ArrayList<>();
    o.add(
        Scopt.Opt.of(
            "model",
            "DIR",
            null,
            "model directory a run wrote (OUT/model), any Hadoop path" + Offline.REQUIRED));
    o.add(
        Scopt.Opt.of(
            "dataset",
            "SPEC",
            null,
            "dataset, as train's --dataset: " + Datasets.allowed() + Offline.REQUIRED));
    if (predict) {
      o.add(
          Scopt.Opt.of(
              "out",
              "DIR",
              null,
              "output directory of the Parquet predictions, any Hadoop path; must be absent or"
                  + " empty"
                  + Offline.REQUIRED));
    }
    o.add(
        Scopt.Opt.of(
            "set",
            "SET",
            "test",
            "the examples of the dataset to "
                + (predict ? "predict" : "evaluate")
                + ": test (its test set), train (its training set) or all (both)"));
    o.add(
        Scopt.Opt.of(
            "features-col",
            "COLS",
            TableData.DEFAULT_FEATURES,
            "a table dataset's features: a Vector or array column, or numeric columns separated"
                + " by commas (as train's --features-col)"));
    o.add(
        Scopt.Opt.of(
            "label-col",
            "COL",
            TableData.DEFAULT_LABEL,
            "a table dataset's label column (as train's --label-col)"));
    o.add(
        Scopt.Opt.of(
            "data-dir",
            "DIR",
            TrainOptions.defaultDataDir(),
            "where the plain mnist and fashion-mnist datasets are cached"));
    o.add(
        Scopt.Opt.of(
            "master",
            "URL",
            null,
            "Spark master URL (default: local[*], or the master spark-submit sets)"));
    if (predict) {
      o.add(Scopt.Opt.flag("overwrite", "allow --out to be a non-empty directory, replaced"));
    }
    o.add(
        Scopt.Opt.flag(
            "validate-only",
            "check the options and the model and exit without starting Spark or reading the"
                + " cached mnist (the launcher runs this before it fetches MNIST)"));
    return o;
  }

  /** The values of {@code --set}. */
  private static final java.util.List<String> SETS = java.util.List.of("test", "train", "all");

  /** What the checks before Spark established. */
  record Checked(
      SavedModel model,
      String modelDir,
      DatasetSpec spec,
      String set,
      TableRead read,
      String dataDir,
      String out,
      boolean overwrite,
      String master) {}

  static int run(String sub, String[] args, PrintStream out, PrintStream err) {
    boolean predict = sub.equals(PREDICT);
    Options o =
        Offline.parse(
            sub,
            predict
                ? "Predict a dataset with a saved model; write the predictions as Parquet."
                : "Print the accuracy (MSE for a regression model) of a saved model on a dataset.",
            options(predict),
            args,
            out);
    if (o == null) {
      return 0;
    }
    boolean validateOnly = o.flag("validate-only");
    Configuration hadoop = new Configuration();
    Checked c =
        check(
            o,
            predict,
            TrainCommand.failFast(hadoop),
            !(validateOnly && DatasetSpec.fetchedByLauncher(o.string("dataset"))));
    if (validateOnly) {
      return 0;
    }
    SparkConf conf = new SparkConf().setAppName("ByzSpark " + sub);
    Trainer.applySparkDefaults(conf);
    if (c.master() != null) {
      conf.setMaster(c.master());
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    TrainCommand.authenticate(conf, System.getenv(TrainCommand.AUTH_SECRET_ENV));
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      JavaRDD<IndexedBlock> blocks;
      try {
        blocks = blocks(sc, c.model(), c.spec(), c.set(), c.read(), c.dataDir());
      } catch (IllegalArgumentException e) {
        throw new CliError(e.getMessage());
      }
      blocks = blocks.setName("examples to " + sub).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long rows = blocks.map(b -> (long) b.block.rows()).fold(0L, Long::sum);
        if (rows == 0) {
          throw new CliError(
              "--dataset: "
                  + c.spec()
                  + (c.set().equals("train")
                      ? " has no training examples"
                      : c.set().equals("all") ? " has no examples" : " has no test examples"));
        }
        if (predict) {
          predict(sc, c, blocks);
          out.println(rows + " predictions written to " + c.out());
        } else {
          out.println(evaluate(sc, c, blocks, rows));
        }
      } finally {
        blocks.unpersist(false);
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // checks before Spark

  static Checked check(Options o, boolean predict, Configuration conf, boolean files) {
    String dir = o.string("model");
    SavedModel m;
    try {
      m = SavedModel.read(new Path(dir), conf);
    } catch (IllegalArgumentException e) {
      throw new CliError("--model: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new CliError("--model: cannot read " + dir + ": " + e.getCause().getMessage());
    }
    String set = o.string("set").strip();
    if (!SETS.contains(set)) {
      throw new CliError("--set: " + set + " is not allowed; allowed: test, train, all");
    }
    TableRead read = new TableRead(o.string("features-col"), o.string("label-col"), "");
    DatasetSpec spec;
    try {
      spec = DatasetSpec.parse(o.string("dataset"), o.string("data-dir"));
      read.check(spec, o.string("data-dir"));
      checkFits(m, spec);
      if (files) {
        spec.checkPresent(conf, m.isRegression());
      }
    } catch (IllegalArgumentException e) {
      throw new CliError(e.getMessage());
    }
    String out = null;
    boolean overwrite = false;
    if (predict) {
      out = o.string("out").strip();
      overwrite = o.flag("overwrite");
      checkOut(out, dir, overwrite, conf);
    }
    return new Checked(
        m,
        dir,
        spec,
        set,
        read,
        o.string("data-dir"),
        out,
        overwrite,
        o.has("master") ? o.string("master").strip() : null);
  }

  /**
   * Whether the dataset can be predicted by the model, from what it declares before it is read:
   * targets for a regression model, sparse data only for a model that takes it, the number of
   * features and of classes, the run's binary classes.
   */
  static void checkFits(SavedModel m, DatasetSpec spec) {
    String model = "the model (" + m.modelType() + ")";
    if (m.isRegression() && !spec.regressionTargets()) {
      throw new IllegalArgumentException(
          "--dataset: "
              + spec.kind()
              + " has no real-valued targets for "
              + model
              + ", a regression model; allowed: "
              + Datasets.regressionUsages());
    }
    if (spec.isSparse() && !m.model().takesSparse()) {
      throw new IllegalArgumentException(
          "--dataset: " + spec + " is sparse and " + model + " does not take sparse data");
    }
    int[] binary = binary(m);
    if (binary != null && spec.isSparse()) {
      throw new IllegalArgumentException(
          "--dataset: "
              + spec
              + " has two classes of its own; "
              + model
              + " was trained on classes "
              + m.data().binaryClasses()
              + " of another dataset (--binary-classes)");
    }
    // a generated dataset's width is exact before it is read; the others' is checked once read
    if (spec.isSparse() && spec.synthetic().dim() != m.inputDim()) {
      throw mismatch(spec, spec.synthetic().dim(), m);
    }
    int classes = spec.isSparse() ? 2 : spec.knownClasses();
    if (classes > 0 && !m.isRegression()) {
      if (binary != null) {
        if (binary[0] >= classes || binary[1] >= classes) {
          throw new IllegalArgumentException(
              "--dataset: "
                  + spec
                  + " has "
                  + classes
                  + " classes; "
                  + model
                  + " keeps classes "
                  + m.data().binaryClasses()
                  + " (its run's --binary-classes)");
        }
      } else if (classes > m.numClasses()) {
        throw new IllegalArgumentException(
            "--dataset: "
                + spec
                + " has "
                + classes
                + " classes; "
                + model
                + " predicts "
                + m.numClasses());
      }
    }
  }

  static IllegalArgumentException mismatch(DatasetSpec spec, int columns, SavedModel m) {
    int features = m.isRegression() ? columns - 1 : columns;
    return new IllegalArgumentException(
        "--dataset: "
            + spec
            + " has "
            + features
            + " features; the model ("
            + m.modelType()
            + ") takes "
            + m.featureCount());
  }

  /** The run's two classes (positive, negative), or null. */
  static int[] binary(SavedModel m) {
    String b = m.data().binaryClasses();
    return b == null ? null : TrainOptions.binaryClasses(b);
  }

  /** --out must be absent or an empty directory (non-empty with --overwrite), not the model's. */
  static void checkOut(String out, String modelDir, boolean overwrite, Configuration conf) {
    try {
      Path p = new Path(out);
      FileSystem fs = p.getFileSystem(conf);
      Path q = fs.makeQualified(p);
      Path model = new Path(modelDir);
      Path mq = model.getFileSystem(conf).makeQualified(model);
      for (Path a = mq; a != null; a = a.getParent()) {
        if (a.equals(q)) {
          throw new CliError(
              "--out: " + out + " holds the model " + modelDir + "; choose another directory");
        }
      }
      if (!fs.exists(p)) {
        return;
      }
      FileStatus st = fs.getFileStatus(p);
      if (!st.isDirectory()) {
        throw new CliError("--out: " + out + " is a file; give a directory");
      }
      if (!overwrite && fs.listStatus(p).length > 0) {
        throw new CliError(
            "--out: " + out + " is not empty; choose another directory or add --overwrite");
      }
    } catch (IOException e) {
      throw new CliError("--out: cannot access " + out + ": " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the data

  /**
   * One partition of the examples: their indices in their set and their rows, in the partition's
   * order (as the run's evaluation packs them). A plain class: Kryo cannot serialise records.
   */
  static final class IndexedBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] index;
    final DataBlock block;

    IndexedBlock(long[] index, DataBlock block) {
      this.index = index;
      this.block = block;
    }
  }

  /**
   * The examples of the set, one block per partition, read as the model's run read them; fails
   * (IllegalArgumentException) when their features do not match the model.
   */
  static JavaRDD<IndexedBlock> blocks(
      JavaSparkContext sc,
      SavedModel m,
      DatasetSpec spec,
      String set,
      TableRead read,
      String dataDir) {
    if (spec.isSparse()) {
      SyntheticData gen = spec.synthetic();
      long first = set.equals("test") ? gen.examples() : 0;
      long count =
          set.equals("train")
              ? gen.examples()
              : set.equals("test") ? gen.testExamples() : gen.examples() + gen.testExamples();
      return generated(sc, gen, first, count);
    }
    long seed = m.data().seed();
    TrainingData data = TrainingData.load(sc, spec, seed, m.isRegression(), read, dataDir);
    int[] binary = binary(m);
    if (binary != null) {
      data = SplitDealing.binary(data, binary[0], binary[1]);
    }
    if (data.dim() != m.inputDim()) {
      throw mismatch(spec, data.dim(), m);
    }
    if (!m.isRegression() && data.numClasses() > m.numClasses()) {
      throw new IllegalArgumentException(
          "--dataset: "
              + spec
              + " has "
              + data.numClasses()
              + " classes; the model ("
              + m.modelType()
              + ") predicts "
              + m.numClasses());
    }
    int dim = data.dim();
    JavaRDD<Example> examples =
        set.equals("train")
            ? data.train()
            : set.equals("test") ? data.test() : data.train().union(data.test());
    return examples.mapPartitions(it -> pack(it, dim));
  }

  private static Iterator<IndexedBlock> pack(Iterator<Example> it, int dim) {
    List<Example> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    if (rows.isEmpty()) {
      return List.<IndexedBlock>of().iterator();
    }
    long[] index = new long[rows.size()];
    for (int r = 0; r < index.length; r++) {
      index[r] = rows.get(r).index();
    }
    return List.of(new IndexedBlock(index, DataBlock.of(rows, dim))).iterator();
  }

  /**
   * Rows [first, first + count) of a generated dataset, in contiguous ranges of {@value
   * #GENERATED_ROWS_PER_PARTITION} generated in the tasks; the index of a row is its position in
   * its set.
   */
  private static JavaRDD<IndexedBlock> generated(
      JavaSparkContext sc, SyntheticData gen, long first, long count) {
    int parts =
        (int)
            Math.max(1, (count + GENERATED_ROWS_PER_PARTITION - 1) / GENERATED_ROWS_PER_PARTITION);
    List<Integer> ids = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      ids.add(p);
    }
    return sc.parallelize(ids, parts)
        .mapPartitionsWithIndex(
            (p, it) -> {
              long from = floorFraction(p, count, parts);
              long to = floorFraction(p + 1L, count, parts);
              if (from == to) {
                return List.<IndexedBlock>of().iterator();
              }
              long[] index = new long[(int) (to - from)];
              for (int r = 0; r < index.length; r++) {
                index[r] = from + r;
              }
              return List.of(new IndexedBlock(index, gen.rows(first + from, first + to)))
                  .iterator();
            },
            true);
  }

  /** ⌊a·b/c⌋ without overflow. */
  static long floorFraction(long a, long b, long c) {
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(b))
        .divide(BigInteger.valueOf(c))
        .longValueExact();
  }

  // ---------------------------------------------------------------------------------------------
  // evaluate

  /** The line evaluate prints: the set's accuracy or MSE, computed as the run's evaluation. */
  static String evaluate(JavaSparkContext sc, Checked c, JavaRDD<IndexedBlock> blocks, long rows) {
    SavedModel m = c.model();
    JavaRDD<DataBlock> data = blocks.map(b -> b.block);
    Broadcast<double[]> theta = sc.broadcast(m.parameters());
    double value;
    try {
      value =
          m.isRegression()
              ? Evaluator.meanSquaredError(data, theta, (RegressionModel) m.model())
              : Evaluator.accuracy(data, theta, m.model());
    } finally {
      theta.destroy(false);
    }
    return String.format(
        Locale.ROOT,
        "%s %s %s (%d examples of %s, model %s)",
        c.set(),
        m.isRegression() ? "mse" : "accuracy",
        Double.toString(value),
        rows,
        c.spec(),
        c.modelDir());
  }

  // ---------------------------------------------------------------------------------------------
  // predict

  /** The Parquet schema of the predictions of {@code m}. */
  static StructType schema(SavedModel m) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("index", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
    f.add(DataTypes.createStructField("prediction", DataTypes.DoubleType, false));
    if (!m.isRegression()) {
      f.add(DataTypes.createStructField("rawPrediction", SQLDataTypes.VectorType(), false));
      if (m.isProbabilistic()) {
        f.add(DataTypes.createStructField("probability", SQLDataTypes.VectorType(), false));
      }
    }
    return DataTypes.createStructType(f);
  }

  /** Predicts the blocks in the executors (the model broadcast once) and writes the Parquet. */
  static void predict(JavaSparkContext sc, Checked c, JavaRDD<IndexedBlock> blocks) {
    Broadcast<SavedModel> model = sc.broadcast(c.model());
    try {
      JavaRDD<Row> rows = blocks.mapPartitions(it -> rows(it, model.value()));
      SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
      spark
          .createDataFrame(rows, schema(c.model()))
          .write()
          .mode(SaveMode.Overwrite) // --out was checked absent, empty or --overwrite
          .parquet(c.out());
    } finally {
      model.destroy(false);
    }
  }

  /** The prediction rows of a partition, in chunks of {@value Evaluator#CHUNK} rows. */
  static Iterator<Row> rows(Iterator<IndexedBlock> it, SavedModel m) {
    List<Row> out = new ArrayList<>();
    boolean regression = m.isRegression();
    while (it.hasNext()) {
      IndexedBlock b = it.next();
      DataBlock block = b.block;
      for (int from = 0; from < block.rows(); from += Evaluator.CHUNK) {
        int to = Math.min(block.rows(), from + Evaluator.CHUNK);
        SavedModel.Predictions p;
        double[] labels = new double[to - from];
        if (block.isSparse()) {
          SparseBatch batch = block.sliceSparse(from, to);
          p = m.predict(batch);
          for (int r = 0; r < labels.length; r++) {
            labels[r] = batch.y()[r];
          }
        } else {
          Batch batch = block.slice(from, to);
          p = m.predict(batch);
          int w = batch.inputDim();
          for (int r = 0; r < labels.length; r++) {
            labels[r] = regression ? batch.x()[r * w + w - 1] : batch.y()[r];
          }
        }
        for (int r = 0; r < labels.length; r++) {
          long index = b.index[from + r];
          if (regression) {
            out.add(RowFactory.create(index, labels[r], p.prediction(r)));
          } else if (p.probabilities() == null) {
            out.add(
                RowFactory.create(index, labels[r], p.prediction(r), Vectors.dense(p.scoresOf(r))));
          } else {
            out.add(
                RowFactory.create(
                    index,
                    labels[r],
                    p.prediction(r),
                    Vectors.dense(p.scoresOf(r)),
                    Vectors.dense(p.probabilitiesOf(r))));
          }
        }
      }
    }
    return out.iterator();
  }
}
