package org.byzspark.ml;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The training Params shared by the estimators and their models (a model carries the values it was
 * trained with): every option of {@code byzspark train} as a Param ({@link OptionParams}), typed
 * getters, and Spark-style accessors of the most used Params for ParamGrids ({@code
 * clf.aggregator()}).
 *
 * <p>Any Param, by name: {@link #getParamValue}; the estimators add setters ({@link
 * ByzantineEstimatorParams}).
 */
public interface ByzantineParams extends Params {
  /** The generated Params of this object; null only while its Spark superclass is constructed. */
  OptionParams optionParams();

  /**
   * Spark's own Params (found by reflection) followed by the generated ones, each once; what {@link
   * Params#params()} must return for the generated Params to be set, copied, saved and loaded.
   */
  static org.apache.spark.ml.param.Param<?>[] merge(
      org.apache.spark.ml.param.Param<?>[] own, OptionParams generated) {
    Map<Param<?>, Boolean> seen = new IdentityHashMap<>();
    Map<String, Param<?>> byName = new LinkedHashMap<>();
    List<Param<?>> all = new ArrayList<>();
    for (Param<?> p : own) {
      if (p != null) {
        all.add(p);
      }
    }
    if (generated != null) {
      all.addAll(generated.list());
    }
    for (Param<?> p : all) {
      if (seen.put(p, Boolean.TRUE) != null) {
        continue;
      }
      Param<?> other = byName.putIfAbsent(p.name(), p);
      if (other != null) {
        throw new IllegalStateException("two Params are named " + p.name());
      }
    }
    return byName.values().stream()
        .sorted(java.util.Comparator.comparing(Param::name))
        .toArray(Param<?>[]::new);
  }

  /** The Param named {@code name} (generated or Spark's), as {@link #getParam} but typed. */
  @SuppressWarnings("unchecked")
  default <T> Param<T> param(String name) {
    return (Param<T>) (Param<?>) getParam(name);
  }

  /**
   * The value of the Param named {@code name}, or its default; a repeatable option's value is a
   * {@code String[]}.
   */
  default Object getParamValue(String name) {
    return getOrDefault(getParam(name));
  }

  /** The option of {@code byzspark train} a Param stands for, or null (Spark's own Params). */
  default String optionOf(String paramName) {
    OptionParams o = optionParams();
    return o == null ? null : o.optionOf(paramName);
  }

  private <P> P generated(String name) {
    OptionParams o = optionParams();
    @SuppressWarnings("unchecked")
    P p = o == null ? null : (P) o.get(name);
    return p;
  }

  // ---- Spark-style accessors of the Params a ParamGrid most often varies ----

  /** {@code --aggregator}: the robust rule, {@code NAME} or {@code NAME:key=value,...}. */
  default Param<String> aggregator() {
    return generated("aggregator");
  }

  /** {@code --agg-param}: the rule's parameters, {@code key=value} each. */
  default StringArrayParam aggregatorParams() {
    return generated("aggregatorParams");
  }

  /** {@code --pre}: the pre-aggregators, in order. */
  default StringArrayParam pre() {
    return generated("pre");
  }

  /** {@code --attack}: the Byzantine workers' attack. */
  default Param<String> attack() {
    return generated("attack");
  }

  /** {@code --workers}: n. */
  default IntParam numWorkers() {
    return generated("numWorkers");
  }

  /** {@code --byzantine}: f. */
  default IntParam numByzantine() {
    return generated("numByzantine");
  }

  /** {@code --momentum}: β. */
  default DoubleParam momentum() {
    return generated("momentum");
  }

  /** {@code --steps}: T. */
  default IntParam maxIter() {
    return generated("maxIter");
  }

  /** {@code --lr}: γ. */
  default DoubleParam stepSize() {
    return generated("stepSize");
  }

  /** {@code --batch-size}: b. */
  default IntParam batchSize() {
    return generated("batchSize");
  }

  /** {@code --seed}. */
  default LongParam seed() {
    return generated("seed");
  }

  /** {@code --model}: the network. */
  default Param<String> model() {
    return generated("model");
  }

  /** {@code --out}: where {@code fit} writes its run (unset: a temporary directory). */
  default Param<String> outputDir() {
    return generated("outputDir");
  }

  // ---- typed getters ----

  default String getAggregator() {
    return (String) getParamValue("aggregator");
  }

  default String[] getAggregatorParams() {
    return (String[]) getParamValue("aggregatorParams");
  }

  default String[] getPre() {
    return (String[]) getParamValue("pre");
  }

  default String getAttack() {
    return (String) getParamValue("attack");
  }

  default String[] getAttackParams() {
    return (String[]) getParamValue("attackParams");
  }

  default int getNumWorkers() {
    return (Integer) getParamValue("numWorkers");
  }

  default int getNumByzantine() {
    return (Integer) getParamValue("numByzantine");
  }

  default double getMomentum() {
    return (Double) getParamValue("momentum");
  }

  default int getMaxIter() {
    return (Integer) getParamValue("maxIter");
  }

  default double getStepSize() {
    return (Double) getParamValue("stepSize");
  }

  default int getBatchSize() {
    return (Integer) getParamValue("batchSize");
  }

  default long getSeed() {
    return (Long) getParamValue("seed");
  }

  default String getModel() {
    return (String) getParamValue("model");
  }

  default double getClip() {
    return (Double) getParamValue("clip");
  }

  default double getWeightDecay() {
    return (Double) getParamValue("weightDecay");
  }

  default int getEvalEvery() {
    return (Integer) getParamValue("evalEvery");
  }

  /** The output directory of {@code fit}, or null (a temporary one). */
  default String getOutputDir() {
    return isDefined(outputDir()) ? (String) getParamValue("outputDir") : null;
  }

  default String getAggregation() {
    return (String) getParamValue("aggregation");
  }

  default String getAlgorithm() {
    return (String) getParamValue("algorithm");
  }

  default String getSplit() {
    return (String) getParamValue("split");
  }
}
