package org.byzspark.aggregation;

/**
 * Per coordinate, the mean of the β values closest to the coordinate's median (the median of {@link
 * CoordinateWiseMedian}): the second phase of Bulyan and AggregaThor (El Mhamdi et al. 2018). The
 * median and the β-th smallest deviation are found by selection; values at exactly the threshold
 * deviation are taken in worker order, so ties go to the lowest index. NaN sorts above +Inf (a NaN
 * deviation is the largest), so non-finite values are the last chosen.
 */
final class ClosestToMedian extends CoordinateReducer {
  private static final long serialVersionUID = 1L;
  private final int beta;

  ClosestToMedian(int beta) {
    if (beta < 1) {
      throw new IllegalArgumentException("closest-to-median needs beta >= 1, got " + beta);
    }
    this.beta = beta;
  }

  @Override
  protected double reduce(double[] col, int off, int n, Workspace ws) {
    long[] keys = ws.keysOf(col, off, n);
    double[] dev = ws.dist;
    double med = CoordinateSelect.median(keys, n);
    for (int i = 0; i < n; i++) {
      dev[i] = Math.abs(col[off + i] - med);
      keys[i] = CoordinateSelect.key(dev[i]);
    }
    CoordinateSelect.select(keys, 0, n - 1, beta - 1);
    double t = CoordinateSelect.value(keys[beta - 1]);
    double sum = 0;
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (Double.compare(dev[i], t) < 0) {
        sum += col[off + i];
        count++;
      }
    }
    for (int i = 0; i < n && count < beta; i++) {
      if (Double.compare(dev[i], t) == 0) {
        sum += col[off + i];
        count++;
      }
    }
    return sum / beta;
  }
}
