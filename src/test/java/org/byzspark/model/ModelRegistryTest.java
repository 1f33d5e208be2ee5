package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.byzspark.util.Component;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

/**
 * The model registry: the same models with the same initial θ as the constructors it replaced,
 * parameters (mlp's hidden width, svm's C), the declared properties, HGO's layers.
 */
class ModelRegistryTest {
  /** The construction each name had before the registry (the former switch of Models.create). */
  private static Model former(String name, int inputDim, int numClasses) {
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
      case "linear" -> LinearRegression.forColumns(inputDim);
      default -> throw new AssertionError(name);
    };
  }

  private static void assertSameBits(double[] a, double[] b, String what) {
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        throw new AssertionError(what + ": θ_0[" + i + "] " + a[i] + " vs " + b[i]);
      }
    }
  }

  @Test
  void registryBuildsTheFormerModelsWithTheSameInitialisation() {
    int[][] shapes = {{784, 10}, {784, 2}, {3072, 10}, {14, 2}, {5, 2}};
    for (String name : Models.names()) {
      for (int[] s : shapes) {
        Model before;
        try {
          before = former(name, s[0], s[1]);
        } catch (IllegalArgumentException e) {
          // the shape is refused: the registry refuses it with the same message
          IllegalArgumentException now =
              assertThrows(
                  IllegalArgumentException.class, () -> Models.create(name, s[0], s[1]), name);
          assertEquals(e.getMessage(), now.getMessage());
          continue;
        }
        Model m = Models.create(name, s[0], s[1]);
        Model withParams = Models.create(name, Params.empty(), s[0], s[1]);
        assertEquals(before.getClass(), m.getClass(), name);
        assertEquals(before, m, name + " " + s[0] + "x" + s[1]);
        assertEquals(before, withParams, name);
        assertEquals(before.dimension(), m.dimension(), name);
        for (long seed : new long[] {1, 42, -7}) {
          assertSameBits(before.init(seed), m.init(seed), name + " seed " + seed);
        }
      }
    }
  }

  @Test
  void mlpHiddenWidthIsAModelParameter() {
    Mlp direct = new Mlp(20, 37, 3);
    for (Model m :
        List.of(
            Models.create("mlp", Params.of(Map.of("hidden", "37")), 20, 3),
            Models.create("mlp:hidden=37", 20, 3),
            // parameters given apart override those in the name (as --agg-param does)
            Models.create("mlp:hidden=5", Params.of(Map.of("hidden", "37")), 20, 3))) {
      assertInstanceOf(Mlp.class, m);
      assertEquals(direct, m);
      assertEquals(37, ((Mlp) m).hidden());
      assertSameBits(direct.init(3), m.init(3), "mlp hidden=37");
    }
    assertEquals(Map.of("hidden", "100"), Models.resolvedParams("mlp", Params.empty()));
    assertEquals(
        Map.of("hidden", "7"), Models.resolvedParams("mlp", Params.of(Map.of("hidden", "7"))));
    assertEquals(
        new Svm(9, 0.25),
        Models.create("svm", Params.of(Map.of("c", "0.25")), 9, 2),
        "svm's C is a parameter");
  }

  private static String message(Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void badNamesAndParametersFailWithOneLine() {
    assertEquals(
        "mlp parameter hidden=0 is invalid; allowed: an integer >= 1",
        message(() -> Models.create("mlp:hidden=0", 5, 2)));
    assertEquals(
        "unknown parameter 'hidden' for softmax; allowed: none",
        message(() -> Models.create("softmax", Params.of(Map.of("hidden", "3")), 5, 2)));
    assertEquals(
        "unknown model 'rnn'; allowed: softmax, logistic, mlp, cnn, svm, linear",
        message(() -> Models.type("rnn:hidden=3")));
    assertTrue(message(() -> Models.isRegression(null)).startsWith("model name is null"));
  }

  @Test
  void declaredPropertiesMatchTheModels() {
    assertEquals(List.of("softmax", "logistic", "svm"), Models.sparseNames());
    for (String name : Models.names()) {
      ModelType t = Models.type(name);
      assertEquals(name, t.name());
      Model m = Models.create(name, t.probeInputDim(), 2); // the probe shape is accepted
      assertEquals(t.isRegression(), m instanceof RegressionModel, name);
      assertEquals(t.takesSparse(), m.takesSparse(), name);
      assertEquals(name, m.name());
    }
    assertTrue(Models.isRegression("linear"));
    assertFalse(Models.isRegression("mlp:hidden=3"));
    assertEquals(784, Models.type("cnn").probeInputDim());
  }

  /**
   * {@link Model#layers}: HGO C.3's one block per weight matrix with its bias for the MLP, else
   * one.
   */
  @Test
  void layersAreThoseOfHgoC3() {
    for (String name : Models.names()) {
      Model m = Models.create(name, Models.type(name).probeInputDim(), 2);
      int[] expected =
          m instanceof Mlp p
              ? new int[] {
                p.hidden() * p.inputDim() + p.hidden(), p.numClasses() * p.hidden() + p.numClasses()
              }
              : new int[] {m.dimension()};
      assertArrayEquals(expected, m.layers(), name);
      assertEquals(m.dimension(), java.util.Arrays.stream(m.layers()).sum(), name);
    }
    Mlp mlp = new Mlp(784, 100, 10);
    assertArrayEquals(new int[] {78_500, 1_010}, mlp.layers());
    Model cnn = Models.create("cnn", 784, 10);
    assertArrayEquals(new int[] {176_050}, cnn.layers());
  }

  @Test
  void aScopedModelIsCreatedByNameAndThenGone() {
    ModelType toy =
        ModelType.of(
                Component.of("toy-softmax", "softmax under another name (a test model)"),
                (p, in, c) -> new SoftmaxRegression(in, c))
            .withSparse();
    try (var reg = Models.register(toy)) {
      assertEquals("toy-softmax", Models.names().get(Models.names().size() - 1));
      assertTrue(Models.sparseNames().contains("toy-softmax"));
      assertEquals(new SoftmaxRegression(4, 3), Models.create("toy-softmax", 4, 3));
      assertThrows(IllegalStateException.class, () -> Models.register(toy));
    }
    assertEquals(List.of("softmax", "logistic", "mlp", "cnn", "svm", "linear"), Models.names());
    assertTrue(message(() -> Models.create("toy-softmax", 4, 3)).startsWith("unknown model"));
  }
}
