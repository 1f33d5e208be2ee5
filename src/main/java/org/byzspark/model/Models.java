package org.byzspark.model;

import java.util.List;

/**
 * The registry of models by command-line name: {@code softmax} ({@link SoftmaxRegression}), {@code
 * logistic} ({@link LogisticRegression}, binary only), {@code mlp} ({@link Mlp}, hidden width
 * {@value Mlp#DEFAULT_HIDDEN}) and {@code cnn}: RESAM's CNN for the data's shape, {@link Cnn} for
 * square single-channel images ((Fashion-)MNIST), {@link CifarCnn} for square 3-channel ones
 * (CIFAR-10); {@code svm} ({@link Svm}) and {@code linear} ({@link LinearRegression}, a {@link
 * RegressionModel}: {@code inputDim} counts the target column).
 */
public final class Models {
  private Models() {}

  public static List<String> names() {
    return List.of("softmax", "logistic", "mlp", "cnn", "svm", "linear");
  }

  /** The models that take sparse data ({@link Model#takesSparse()}). */
  public static List<String> sparseNames() {
    return List.of("softmax", "logistic", "svm");
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
   * A model for {@code inputDim} features and {@code numClasses} classes.
   *
   * @throws IllegalArgumentException for an unknown name or a shape the model cannot take
   */
  public static Model create(String name, int inputDim, int numClasses) {
    if (name == null) {
      throw new IllegalArgumentException(
          "model name is null; allowed: " + String.join(", ", names()));
    }
    return switch (name) {
      case "softmax" -> new SoftmaxRegression(inputDim, numClasses);
      case "logistic" -> {
        if (numClasses != 2) {
          throw new IllegalArgumentException(
              "logistic is binary: it needs numClasses = 2, got "
                  + numClasses
                  + " (use softmax or mlp for more classes)");
        }
        yield new LogisticRegression(inputDim);
      }
      case "mlp" -> new Mlp(inputDim, Mlp.DEFAULT_HIDDEN, numClasses);
      case "cnn" -> Cnn.forInput(inputDim, numClasses);
      case "svm" -> Svm.binary(inputDim, numClasses, Svm.DEFAULT_C);
      case "linear" -> LinearRegression.forColumns(inputDim); // numClasses ignored: one "class"
      default ->
          throw new IllegalArgumentException(
              "unknown model '" + name + "'; allowed: " + String.join(", ", names()));
    };
  }
}
