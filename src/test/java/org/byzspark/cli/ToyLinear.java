package org.byzspark.cli;

import java.util.SplittableRandom;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.model.ModelType;
import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Seeds;

/**
 * A model that only a test registers ({@code toy-linear}): logits z = W·x without bias, mean
 * softmax cross-entropy; θ = W row-major (C×p), initialised U(−init, init) from the run's INIT
 * stream.
 */
final class ToyLinear implements Model {
  private static final long serialVersionUID = 1L;

  static final ModelType TYPE =
      ModelType.of(
          Component.of(
              "toy-linear",
              "softmax regression without bias (a test model)",
              ParamSpec.number("init", false, 0.01, "half-width of the uniform initialisation")),
          (p, inputDim, numClasses) ->
              new ToyLinear(inputDim, numClasses, Double.parseDouble(p.getString("init", null))));

  private final int p;
  private final int c;
  private final double init;

  ToyLinear(int p, int c, double init) {
    this.p = p;
    this.c = c;
    this.init = init;
  }

  double initScale() {
    return init;
  }

  @Override
  public String name() {
    return "toy-linear";
  }

  @Override
  public int dimension() {
    return c * p;
  }

  @Override
  public int inputDim() {
    return p;
  }

  @Override
  public int numClasses() {
    return c;
  }

  @Override
  public double[] init(long seed) {
    SplittableRandom r = Seeds.rng(seed, Seeds.Purpose.INIT);
    double[] theta = new double[dimension()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = (2 * r.nextDouble() - 1) * init;
    }
    return theta;
  }

  private double[] logits(double[] theta, Batch b, int row) {
    double[] z = new double[c];
    for (int k = 0; k < c; k++) {
      double s = 0;
      for (int j = 0; j < p; j++) {
        s += theta[k * p + j] * b.x()[row * p + j];
      }
      z[k] = s;
    }
    return z;
  }

  private static double logSumExp(double[] z) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      m = Math.max(m, v);
    }
    double s = 0;
    for (double v : z) {
      s += Math.exp(v - m);
    }
    return m + Math.log(s);
  }

  @Override
  public double lossAndGradient(double[] theta, Batch batch, double[] grad) {
    java.util.Arrays.fill(grad, 0.0);
    double loss = 0;
    for (int r = 0; r < batch.rows(); r++) {
      double[] z = logits(theta, batch, r);
      double lse = logSumExp(z);
      loss += lse - z[batch.y()[r]];
      for (int k = 0; k < c; k++) {
        double delta = (Math.exp(z[k] - lse) - (k == batch.y()[r] ? 1 : 0)) / batch.rows();
        for (int j = 0; j < p; j++) {
          grad[k * p + j] += delta * batch.x()[r * p + j];
        }
      }
    }
    return loss / batch.rows();
  }

  @Override
  public double loss(double[] theta, Batch batch) {
    return lossAndGradient(theta, batch, new double[dimension()]);
  }

  @Override
  public int[] predict(double[] theta, Batch batch) {
    int[] out = new int[batch.rows()];
    for (int r = 0; r < batch.rows(); r++) {
      double[] z = logits(theta, batch, r);
      int best = 0;
      for (int k = 1; k < c; k++) {
        if (z[k] > z[best]) {
          best = k;
        }
      }
      out[r] = best;
    }
    return out;
  }
}
