package org.byzspark.ml;

import org.apache.spark.ml.linalg.Vector;

/** The rows the models predict on. */
final class Rows {
  private Rows() {}

  /** A feature Vector as one row, each value rounded to a 32-bit float as training stores it. */
  static double[][] of(Vector features) {
    double[] x = features.toArray();
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) x[i];
    }
    return new double[][] {x};
  }
}
