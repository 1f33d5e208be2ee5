package org.byzspark.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.byzspark.data.DatasetSpec;
import org.byzspark.data.TableData;
import org.byzspark.data.TableDataset;
import org.byzspark.data.TableRead;
import org.byzspark.data.TrainingData;
import org.byzspark.io.RunOutput;
import org.byzspark.io.SavedModel;
import org.byzspark.model.Models;
import org.byzspark.options.OptionValues;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.TrainSetup;
import org.byzspark.train.Trainer;
import org.byzspark.train.WorkerData;
import org.byzspark.train.hgo.HgoOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code fit}: the Params resolved into the configuration of a {@code byzspark train} run
 * (validated by the same code, failing with the same one-line messages), the DataFrame's rows as
 * its training data ({@link TableData}), dealt to the workers as any dataset is, and the one
 * training loop ({@link Trainer}) on the DataFrame's Spark context.
 *
 * <p><b>Data.</b> The configuration names the DataFrame {@code table:VIEW}, a temporary view of it
 * that exists while {@code fit} runs ({@value #VIEW_PREFIX}...). Every row trains; the evaluations
 * every {@code evalEvery} steps are on the same rows (a training summary), or on the table of
 * {@code testData} ({@code --test-data}) when it is set.
 *
 * <p><b>Where it writes.</b> With {@code outputDir} set, the run directory is that one, as {@code
 * train --out} writes it (metrics.csv, run.json, the model directory; {@code overwrite} needed to
 * reuse a directory holding a run). Unset, the run goes to a new temporary directory of the
 * driver's local file system ({@code java.io.tmpdir}, {@code byzspark-fit-*}), removed when {@code
 * fit} returns; the summary and the model are kept in memory. Worker checkpoints go to {@code
 * checkpointDir} ({@code <out>/_checkpoints} by default): on a cluster, set {@code outputDir} or
 * {@code checkpointDir} to a directory every executor can read (e.g. {@code hdfs://...}). The
 * DataFrame's Spark context gets that checkpoint directory, which is why the fits of one JVM run
 * one at a time (CrossValidator's {@code parallelism} above 1 queues them).
 */
final class FitRun {
  private static final Logger LOG = LoggerFactory.getLogger(FitRun.class);

  /** The prefix of the temporary view that names a fit's DataFrame ({@code table:VIEW}). */
  static final String VIEW_PREFIX = "byzspark_fit_";

  private static final AtomicLong FITS = new AtomicLong();

  private static final java.util.concurrent.locks.ReentrantLock RUNNING =
      new java.util.concurrent.locks.ReentrantLock();

  private FitRun() {}

  /** The trained model and what the run measured. */
  record Result(SavedModel model, TrainingSummary summary) {}

  /**
   * Trains on {@code dataset}'s {@code featuresCol} and {@code labelCol} with the values of {@code
   * owner}'s Params (the evaluations on the same rows, or on the table of {@code testData}); {@code
   * regression} for {@link ByzantineRegressor}.
   *
   * @throws IllegalArgumentException a bad value or combination, in one line
   */
  static Result run(ByzantineParams owner, Dataset<?> dataset, boolean regression) {
    String outputDir = owner.getOutputDir();
    String view =
        VIEW_PREFIX + owner.uid().replaceAll("[^A-Za-z0-9_]", "_") + "_" + FITS.incrementAndGet();
    Map<String, List<String>> extra = new LinkedHashMap<>();
    extra.put(TrainOptions.DATASET.name(), List.of(TableDataset.TABLE.name() + ":" + view));
    OptionValues values = owner.optionParams().values(owner, extra);
    checkKind(values.get(TrainOptions.MODEL), regression);
    // the checks between options and of the rule and the attack, before anything is created
    TrainConfig checked = TrainConfig.of(values);
    HgoOptions hgo = HgoOptions.of(values);
    TrainSetup.rule(checked);
    TrainSetup.attack(checked, hgo);
    // the columns and the test table, as byzspark train checks them for a table dataset
    TrainSetup.tableRead(checked)
        .check(DatasetSpec.parse(checked.dataset(), checked.dataDir()), checked.dataDir());
    java.nio.file.Path temporary = null;
    if (outputDir == null) {
      try {
        temporary = Files.createTempDirectory("byzspark-fit-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      extra.put(TrainOptions.OUT.name(), List.of(temporary.toString()));
      values = owner.optionParams().values(owner, extra);
    }
    Dataset<Row> rows = dataset.toDF();
    rows.createOrReplaceTempView(view);
    // one fit at a time in a JVM: a run sets the context's checkpoint directory, which two
    // concurrent runs (CrossValidator's parallelism) would share
    RUNNING.lock();
    try {
      return train(values, rows, regression, outputDir);
    } finally {
      RUNNING.unlock();
      rows.sparkSession().catalog().dropTempView(view);
      if (temporary != null) {
        deleteTree(temporary);
      }
    }
  }

  private static Result train(
      OptionValues values, Dataset<Row> rows, boolean regression, String outputDir) {
    TrainConfig cfg = TrainConfig.of(values);
    HgoOptions hgo = HgoOptions.of(values);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    RunOutput output = new RunOutput(cfg.out(), sc.hadoopConfiguration());
    if (outputDir != null) {
      output.checkWritable(values.get(TrainOptions.OVERWRITE));
    }
    TableRead read = TrainSetup.tableRead(cfg);
    Dataset<Row> test = rows;
    if (!read.testData().isBlank()) {
      DatasetSpec t = read.test(cfg.dataDir()); // a table dataset (checked above)
      test = ((TableDataset) t.source()).frame(rows.sparkSession(), t.path());
    }
    TrainingData data =
        TableData.fromDataFrames(
            rows, test, read.featuresCol(), read.labelCol(), regression, 0, cfg.seed());
    WorkerData dealt = WorkerData.deal(sc, data, cfg, hgo);
    try {
      Trainer trainer =
          new Trainer(cfg, hgo, sc, output, line -> LOG.info("byzspark: {}", line)).withData(dealt);
      String checkpointDir = values.get(TrainOptions.CHECKPOINT_DIR);
      boolean own = !checkpointDir.equals(TrainOptions.DEFAULT_CHECKPOINT_DIR);
      if (own) {
        sc.setCheckpointDir(checkpointDir);
        trainer.useContextCheckpointDir();
      }
      Trainer.Result r = trainer.run();
      if (own) {
        output.deleteQuietly(sc.getCheckpointDir().get()); // this run's subdirectory of DIR
      }
      // the model directory the run wrote, as byzspark train writes it
      SavedModel model = SavedModel.read(output.path(SavedModel.DIR), sc.hadoopConfiguration());
      TrainingSummary summary =
          new TrainingSummary(
              r.metrics().toCsv(),
              values.record(TrainOptions.ALL),
              r.finalAccuracy(),
              r.finalMse(),
              outputDir);
      return new Result(model, summary);
    } finally {
      dealt.release();
    }
  }

  /** A classifier cannot train a regression model, nor a regressor a classifier. */
  static void checkKind(String model, boolean regression) {
    if (Models.isRegression(model) == regression) {
      return;
    }
    List<String> allowed =
        Models.names().stream().filter(n -> Models.isRegression(n) == regression).toList();
    throw new IllegalArgumentException(
        "--model: "
            + model
            + (regression
                ? " is a classifier; allowed with ByzantineRegressor: "
                : " is a regression model; allowed with ByzantineClassifier: ")
            + String.join(", ", allowed));
  }

  private static void deleteTree(java.nio.file.Path dir) {
    try (Stream<java.nio.file.Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("byzspark: could not remove the temporary run directory {}: {}", dir, e.toString());
    }
  }
}
