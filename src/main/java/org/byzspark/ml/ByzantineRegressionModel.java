package org.byzspark.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.byzspark.io.SavedModel;

/**
 * A regression model trained by {@link ByzantineRegressor} (or loaded from a {@code byzspark train}
 * model directory): {@code transform} adds {@code prediction}, the network's predicted value. Saved
 * and loaded as {@link ByzantineClassificationModel} is.
 */
public final class ByzantineRegressionModel
    extends RegressionModel<Vector, ByzantineRegressionModel>
    implements ByzantineParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final OptionParams options;
  private final SavedModel saved;
  private final TrainingSummary summary;
  private Param<?>[] all;

  ByzantineRegressionModel(String uid, SavedModel saved, TrainingSummary summary) {
    this(Uids.begin(uid), saved, summary);
  }

  /** A model of {@code saved} (a regression model) under a new uid, with the Params' defaults. */
  public ByzantineRegressionModel(SavedModel saved) {
    this(Uids.random("byzantineRegressor"), saved, null);
  }

  private ByzantineRegressionModel(
      Uids.Pending pending, SavedModel saved, TrainingSummary summary) {
    super();
    this.uid = pending.end();
    if (!saved.isRegression()) {
      throw new IllegalArgumentException(
          "the model "
              + saved.modelType()
              + " is a classifier; load it as a ByzantineClassificationModel");
    }
    this.saved = saved;
    this.summary = summary;
    this.options = new OptionParams(this, super.params());
    options.setDefaults(this);
    setDefault(model(), ByzantineRegressor.DEFAULT_MODEL);
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

  /** The network and θ. */
  public SavedModel savedModel() {
    return saved;
  }

  @Override
  public int numFeatures() {
    return saved.featureCount();
  }

  @Override
  public double predict(Vector features) {
    return saved.predict(Rows.of(features)).prediction(0);
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * What {@code fit} measured: metrics.csv's rows and the resolved configuration.
   *
   * @throws IllegalStateException for a loaded model
   */
  public TrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(
          "this model was loaded, not trained by fit; it has no training summary");
    }
    return summary;
  }

  @Override
  public ByzantineRegressionModel copy(ParamMap extra) {
    ByzantineRegressionModel m = new ByzantineRegressionModel(uid, saved, summary);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelIo.Writer(this, saved);
  }

  public static MLReader<ByzantineRegressionModel> read() {
    return new ModelIo.Reader<>(
        ByzantineRegressionModel.class, (uid, s) -> new ByzantineRegressionModel(uid, s, null));
  }

  public static ByzantineRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "ByzantineRegressionModel: uid="
        + uid
        + ", model="
        + saved.modelType()
        + ", numFeatures="
        + numFeatures();
  }
}
