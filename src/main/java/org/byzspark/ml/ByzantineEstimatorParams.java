package org.byzspark.ml;

import org.apache.spark.ml.param.Param;

/**
 * The setters of the estimators' training Params ({@link ByzantineParams}); each validates its
 * value as {@code byzspark train} validates the option and fails with the same one-line message.
 *
 * @param <S> the estimator, returned for chaining
 */
public interface ByzantineEstimatorParams<S extends ByzantineEstimatorParams<S>>
    extends ByzantineParams {

  /**
   * Sets the Param named {@code name} (any generated or Spark Param, e.g. {@code "lrSchedule"},
   * {@code "split"}); a repeatable option takes a {@code String[]} (or a single String).
   */
  @SuppressWarnings("unchecked")
  default S setParam(String name, Object value) {
    Param<Object> p = getParam(name);
    Object v = value;
    if (value instanceof String s
        && (Object) p instanceof org.apache.spark.ml.param.StringArrayParam) {
      v = new String[] {s};
    } else if (value instanceof java.util.List<?> l) {
      v = l.stream().map(String::valueOf).toArray(String[]::new);
    }
    set(p, v);
    return (S) this;
  }

  default S setAggregator(String value) {
    return setParam("aggregator", value);
  }

  /** {@code --agg-param}: the rule's parameters, {@code key=value} each. */
  default S setAggregatorParams(String... keyValues) {
    return setParam("aggregatorParams", keyValues);
  }

  /** {@code --pre}: pre-aggregator specs in order, e.g. {@code "nnm"}, {@code "clip:c=2"}. */
  default S setPre(String... specs) {
    return setParam("pre", specs);
  }

  default S setAttack(String value) {
    return setParam("attack", value);
  }

  default S setAttackParams(String... keyValues) {
    return setParam("attackParams", keyValues);
  }

  default S setNumWorkers(int value) {
    return setParam("numWorkers", value);
  }

  default S setNumByzantine(int value) {
    return setParam("numByzantine", value);
  }

  default S setMomentum(double value) {
    return setParam("momentum", value);
  }

  default S setMaxIter(int value) {
    return setParam("maxIter", value);
  }

  default S setStepSize(double value) {
    return setParam("stepSize", value);
  }

  default S setBatchSize(int value) {
    return setParam("batchSize", value);
  }

  default S setSeed(long value) {
    return setParam("seed", value);
  }

  /** {@code --model}: the network, {@code NAME} or {@code NAME:key=value,...}. */
  default S setModel(String value) {
    return setParam("model", value);
  }

  /** {@code --clip}: the gradient norm bound, {@code Double.POSITIVE_INFINITY} for none. */
  default S setClip(double value) {
    return setParam("clip", value);
  }

  default S setWeightDecay(double value) {
    return setParam("weightDecay", value);
  }

  default S setEvalEvery(int value) {
    return setParam("evalEvery", value);
  }

  /** {@code --out}: where {@code fit} writes its run; unset, a temporary directory. */
  default S setOutputDir(String value) {
    return setParam("outputDir", value);
  }

  /** {@code --overwrite}: allow {@link #setOutputDir} to name a directory that holds a run. */
  default S setOverwrite(boolean value) {
    return setParam("overwrite", value);
  }

  default S setAggregation(String value) {
    return setParam("aggregation", value);
  }

  default S setAlgorithm(String value) {
    return setParam("algorithm", value);
  }

  default S setSplit(String value) {
    return setParam("split", value);
  }
}
