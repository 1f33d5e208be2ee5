package org.byzspark.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Byzantine-resilient distributed training as a Spark ML classifier: {@code fit} runs ByzSpark's
 * training loop (n workers, one Spark partition each, the last f Byzantine under the chosen attack,
 * the robust rule combining their momenta) on a DataFrame's {@code featuresCol} (Vectors) and
 * {@code labelCol} (class indices 0..C−1), and returns a {@link ByzantineClassificationModel}.
 *
 * <p>Every option of {@code byzspark train} is a Param (see {@link OptionParams} for the names),
 * with the command line's default and validation:
 *
 * <pre>{@code
 * ByzantineClassifier clf = new ByzantineClassifier()
 *     .setModel("softmax").setAggregator("cwtm").setAttack("signflip")
 *     .setNumWorkers(5).setNumByzantine(1).setMaxIter(100).setStepSize(0.1);
 * ByzantineClassificationModel m = clf.fit(train);
 * Dataset<Row> scored = m.transform(test);   // rawPrediction, probability, prediction
 * }</pre>
 *
 * <p>Where {@code fit} writes: see {@link #setOutputDir}; unset, a temporary directory removed
 * afterwards.
 */
public final class ByzantineClassifier
    extends ProbabilisticClassifier<Vector, ByzantineClassifier, ByzantineClassificationModel>
    implements ByzantineEstimatorParams<ByzantineClassifier>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final OptionParams options;
  private Param<?>[] all;

  public ByzantineClassifier() {
    this(Uids.random("byzantineClassifier"));
  }

  public ByzantineClassifier(String uid) {
    this(Uids.begin(uid));
  }

  private ByzantineClassifier(Uids.Pending pending) {
    super();
    this.uid = pending.end();
    this.options = new OptionParams(this, super.params());
    options.setDefaults(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : Uids.current();
  }

  @Override
  public OptionParams optionParams() {
    return options;
  }

  @Override
  public Param<?>[] params() {
    if (options == null) {
      return ByzantineParams.merge(super.params(), null);
    }
    if (all == null) {
      all = ByzantineParams.merge(super.params(), options);
    }
    return all.clone();
  }

  @Override
  public ByzantineClassificationModel train(Dataset<?> dataset) {
    FitRun.Result r = FitRun.run(this, dataset, false);
    return new ByzantineClassificationModel(uid(), r.model(), r.summary());
  }

  @Override
  public ByzantineClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a classifier saved with {@code write().save(path)} (its Params). */
  public static MLReader<ByzantineClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static ByzantineClassifier load(String path) {
    return read().load(path);
  }
}
