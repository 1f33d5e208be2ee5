package org.byzspark.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Byzantine-resilient distributed training of a regression model ({@code linear}, HGO C.1) as a
 * Spark ML regressor: {@code fit} trains on a DataFrame's {@code featuresCol} (Vectors) and
 * real-valued {@code labelCol}, and returns a {@link ByzantineRegressionModel} whose {@code
 * transform} adds {@code prediction}. The Params are {@link ByzantineClassifier}'s, every option of
 * {@code byzspark train}; {@code model} defaults to {@code linear}, the registered regression
 * model.
 */
public final class ByzantineRegressor
    extends Regressor<Vector, ByzantineRegressor, ByzantineRegressionModel>
    implements ByzantineEstimatorParams<ByzantineRegressor>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** The default {@code model} of a regressor. */
  public static final String DEFAULT_MODEL = "linear";

  private final String uid;
  private final OptionParams options;
  private Param<?>[] all;

  public ByzantineRegressor() {
    this(Uids.random("byzantineRegressor"));
  }

  public ByzantineRegressor(String uid) {
    this(Uids.begin(uid));
  }

  private ByzantineRegressor(Uids.Pending pending) {
    super();
    this.uid = pending.end();
    this.options = new OptionParams(this, super.params());
    options.setDefaults(this);
    setDefault(model(), DEFAULT_MODEL);
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
  public ByzantineRegressionModel train(Dataset<?> dataset) {
    FitRun.Result r = FitRun.run(this, dataset, true);
    return new ByzantineRegressionModel(uid(), r.model(), r.summary());
  }

  @Override
  public ByzantineRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<ByzantineRegressor> read() {
    return new DefaultParamsReader<>();
  }

  public static ByzantineRegressor load(String path) {
    return read().load(path);
  }
}
