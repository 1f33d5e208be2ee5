package org.byzspark.model;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * The declaration of a model kind, registered in {@link Models}: its {@link Component} (name,
 * summary, parameters such as the MLP's {@code hidden}), its constructor, and the properties that
 * callers ask before any model exists:
 *
 * <ul>
 *   <li>{@link #isRegression()}: the model is a {@link RegressionModel} (its batches carry the
 *       target as the last column, it is evaluated by mean squared error and needs a dataset with
 *       real-valued targets);
 *   <li>{@link #takesSparse()}: it trains on sparse datasets ({@link Model#takesSparse()});
 *   <li>{@link #probeInputDim()}: a number of features the model accepts, for the checks made
 *       before the data are read when the dataset does not fix its shape (the CNN needs a square
 *       image).
 * </ul>
 *
 * A model class declares its type as a constant ({@code Mlp.TYPE}) and {@link Models} registers it
 * with one line. Immutable; the {@code with...} methods return modified copies.
 */
public final class ModelType {
  /** Builds a model from its resolved parameters (every declared default filled in). */
  @FunctionalInterface
  public interface Factory {
    Model create(Params resolved, int inputDim, int numClasses);
  }

  private final Component spec;
  private final Factory factory;
  private final boolean regression;
  private final boolean sparse;
  private final int probeInputDim;

  private ModelType(
      Component spec, Factory factory, boolean regression, boolean sparse, int probeInputDim) {
    this.spec = spec;
    this.factory = factory;
    this.regression = regression;
    this.sparse = sparse;
    this.probeInputDim = probeInputDim;
  }

  /** A dense classifier with the given declaration and constructor; probe shape 2 features. */
  public static ModelType of(Component spec, Factory factory) {
    return new ModelType(spec, factory, false, false, 2);
  }

  /** The same type, declared a regression model. */
  public ModelType withRegression() {
    return new ModelType(spec, factory, true, sparse, probeInputDim);
  }

  /** The same type, declared to take sparse data. */
  public ModelType withSparse() {
    return new ModelType(spec, factory, regression, true, probeInputDim);
  }

  /** The same type with another probe shape. */
  public ModelType withProbeInputDim(int inputDim) {
    if (inputDim < 1) {
      throw new IllegalArgumentException("probe input dimension must be >= 1, got " + inputDim);
    }
    return new ModelType(spec, factory, regression, sparse, inputDim);
  }

  public Component spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public boolean isRegression() {
    return regression;
  }

  public boolean takesSparse() {
    return sparse;
  }

  public int probeInputDim() {
    return probeInputDim;
  }

  /**
   * A model for {@code inputDim} features and {@code numClasses} classes; {@code given} is checked
   * against the declared parameters (one-line error for an unknown key or an invalid value) and
   * completed with their defaults.
   */
  public Model create(Params given, int inputDim, int numClasses) {
    return factory.create(spec.resolve(given), inputDim, numClasses);
  }
}
