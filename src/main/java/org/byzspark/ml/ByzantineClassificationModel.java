package org.byzspark.ml;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.byzspark.io.SavedModel;

/**
 * A classifier trained by {@link ByzantineClassifier} (or loaded from a model directory that {@code
 * byzspark train} wrote): the network and its parameters θ ({@link SavedModel}) as a Spark ML
 * probabilistic classification model. {@code transform} adds {@code rawPrediction} (the network's
 * class scores: the logits of softmax and mlp/cnn, (0, z) for the binary models with score z),
 * {@code probability} (their softmax: the model's class probabilities for the models trained by
 * cross-entropy; for svm the softmax of (0, z), the logistic function of the margin, which is not a
 * calibrated probability) and {@code prediction} (the network's predicted class). Features are
 * rounded to 32-bit floats, as training stores them.
 *
 * <p>Saved with {@code write().save(path)}: Spark's {@code metadata/} (the Params it was trained
 * with) and the model directory under {@code model/}, in the format of {@code byzspark train}'s
 * {@code --out/model}. {@link #load} reads such a directory, a model directory itself or a run
 * directory holding one.
 */
public final class ByzantineClassificationModel
    extends ProbabilisticClassificationModel<Vector, ByzantineClassificationModel>
    implements ByzantineParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final OptionParams options;
  private final SavedModel saved;
  private final TrainingSummary summary;
  private Param<?>[] all;

  ByzantineClassificationModel(String uid, SavedModel saved, TrainingSummary summary) {
    this(Uids.begin(uid), saved, summary);
  }

  /** A model of {@code saved} (a classifier) under a new uid, with the Params' defaults. */
  public ByzantineClassificationModel(SavedModel saved) {
    this(Uids.random("byzantineClassifier"), saved, null);
  }

  private ByzantineClassificationModel(
      Uids.Pending pending, SavedModel saved, TrainingSummary summary) {
    super();
    this.uid = pending.end();
    if (saved.isRegression()) {
      throw new IllegalArgumentException(
          "the model "
              + saved.modelType()
              + " is a regression model; load it as a ByzantineRegressionModel");
    }
    this.saved = saved;
    this.summary = summary;
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

  /**
   * Spark's own (for its classification summaries); declared here because Java sees the two
   * inherited declarations as a clash where Scala sees one override.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  /** The network and θ. */
  public SavedModel savedModel() {
    return saved;
  }

  @Override
  public int numClasses() {
    return saved.numClasses();
  }

  @Override
  public int numFeatures() {
    return saved.featureCount();
  }

  @Override
  public Vector predictRaw(Vector features) {
    return Vectors.dense(saved.predict(Rows.of(features)).scoresOf(0));
  }

  @Override
  public double predict(Vector features) {
    return saved.predict(Rows.of(features)).prediction(0);
  }

  /** The softmax of the scores, in place (the largest score subtracted first). */
  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    if (!(raw instanceof DenseVector d)) {
      throw new IllegalArgumentException(
          "rawPrediction: a " + raw.getClass().getSimpleName() + " is not allowed; allowed: dense");
    }
    Softmax.inPlace(d.values());
    return d;
  }

  /** Whether {@code fit} made this model (a loaded one has no summary). */
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
  public ByzantineClassificationModel copy(ParamMap extra) {
    ByzantineClassificationModel m = new ByzantineClassificationModel(uid, saved, summary);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelIo.Writer(this, saved);
  }

  public static MLReader<ByzantineClassificationModel> read() {
    return new ModelIo.Reader<>(
        ByzantineClassificationModel.class,
        (uid, s) -> new ByzantineClassificationModel(uid, s, null));
  }

  public static ByzantineClassificationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "ByzantineClassificationModel: uid="
        + uid
        + ", model="
        + saved.modelType()
        + ", numClasses="
        + numClasses()
        + ", numFeatures="
        + numFeatures();
  }
}
