package org.byzspark.model;

import java.util.List;
import java.util.Map;
import org.byzspark.util.Params;
import org.byzspark.util.Registry;

/**
 * The registry of models by command-line name, a {@link Registry} of {@link ModelType}s (the
 * mechanism shared with rules, attacks and datasets): {@code softmax} ({@link SoftmaxRegression}),
 * {@code logistic} ({@link LogisticRegression}, binary only), {@code mlp} ({@link Mlp}, parameter
 * {@code hidden}, default {@value Mlp#DEFAULT_HIDDEN}) and {@code cnn}: RESAM's CNN for the data's
 * shape, {@link Cnn} for square single-channel images ((Fashion-)MNIST), {@link CifarCnn} for
 * square 3-channel ones (CIFAR-10); {@code svm} ({@link Svm}, parameter {@code c}) and {@code
 * linear} ({@link LinearRegression}, a {@link RegressionModel}: {@code inputDim} counts the target
 * column).
 *
 * <p>A model is named {@code NAME} or {@code NAME:key=value,...} (e.g. {@code mlp:hidden=200}), as
 * rules and attacks are. A new model is its class with a {@code TYPE} constant and one line below.
 */
public final class Models {
  private static final Registry<ModelType> MODELS =
      Registry.<ModelType>builder("model", ModelType::name)
          .add(SoftmaxRegression.TYPE)
          .add(LogisticRegression.TYPE)
          .add(Mlp.TYPE)
          .add(Cnn.TYPE)
          .add(Svm.TYPE)
          .add(LinearRegression.TYPE)
          .build();

  private Models() {}

  public static List<String> names() {
    return MODELS.names();
  }

  /** The models that take sparse data ({@link ModelType#takesSparse()}), in registry order. */
  public static List<String> sparseNames() {
    return MODELS.all().stream().filter(ModelType::takesSparse).map(ModelType::name).toList();
  }

  /**
   * Adds {@code type} until the returned registration is closed (see {@link Registry}); fails when
   * its name is taken.
   */
  public static Registry<ModelType>.Registration register(ModelType type) {
    return MODELS.register(type);
  }

  /** The one-line refusal of a dense-only model given sparse data. */
  static IllegalArgumentException noSparse(String model) {
    return new IllegalArgumentException(
        "--model: "
            + model
            + " does not take sparse data (the synthetic dataset); allowed: "
            + String.join(", ", sparseNames()));
  }

  /**
   * The declaration of the model named by {@code spec} ({@code NAME} or {@code
   * NAME:key=value,...}); fails on an unknown name with one line listing the known ones.
   */
  public static ModelType type(String spec) {
    if (spec == null) {
      throw MODELS.unknown(null);
    }
    return MODELS.get(Params.parseNamed(spec).getKey());
  }

  /** The parameters written in {@code spec} ({@code NAME:key=value,...}), not yet validated. */
  public static Params params(String spec) {
    if (spec == null) {
      throw MODELS.unknown(null);
    }
    return Params.parseNamed(spec).getValue();
  }

  /** Whether {@code spec} names a regression model ({@link ModelType#isRegression()}). */
  public static boolean isRegression(String spec) {
    return type(spec).isRegression();
  }

  /** Whether {@code spec} names a model that takes sparse data. */
  public static boolean takesSparse(String spec) {
    return type(spec).takesSparse();
  }

  /**
   * The parameters of {@code spec} with {@code extra} overriding them, checked and completed with
   * the declared defaults (what the model is built with, e.g. for run.json).
   */
  public static Map<String, String> resolvedParams(String spec, Params extra) {
    ModelType t = type(spec);
    return t.spec().resolvedMap(params(spec).with(extra));
  }

  /**
   * A model for {@code inputDim} features and {@code numClasses} classes; {@code spec} is {@code
   * NAME} or {@code NAME:key=value,...}.
   *
   * @throws IllegalArgumentException for an unknown name or parameter, or a shape the model cannot
   *     take
   */
  public static Model create(String spec, int inputDim, int numClasses) {
    return create(spec, Params.empty(), inputDim, numClasses);
  }

  /**
   * {@link #create(String, int, int)} with {@code params} overriding those written in {@code spec}
   * (e.g. {@code create("mlp", {hidden=200}, 784, 10)}, which is what {@code --hidden 200} asks).
   */
  public static Model create(String spec, Params params, int inputDim, int numClasses) {
    return type(spec).create(params(spec).with(params), inputDim, numClasses);
  }
}
