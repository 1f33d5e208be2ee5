package org.byzspark.attack;

import org.byzspark.aggregation.CoordinateReducer;

/**
 * The coordinate-wise statistics of the honest messages that the omniscient attacks forge from, as
 * {@link CoordinateReducer}s over the h honest values of each coordinate (so they run wherever the
 * messages are: in memory, or per block of a sharded set):
 *
 * <ul>
 *   <li>ḡ_k = (Σ_i x_ik) / h, summed in worker order from 0;
 *   <li>σ_k = sqrt(Σ_i (x_ik − ḡ_k)² / (h − 1)), the sample standard deviation in two passes around
 *       ḡ_k, defined as 0 when h = 1;
 * </ul>
 *
 * and the forged coordinate a·ḡ_k + b·σ_k of each attack: {@code little} ḡ − ζσ, {@code empire} (1
 * − ζ)ḡ, {@code omniscient} −kḡ; and the perturbations of {@code minmax}, {@code minsum}, {@code
 * tailored} and {@code fang}: c·σ_k and c·sign(ḡ_k) (sign(±0) = ±0, sign(NaN) = NaN).
 */
final class HonestStatistics extends CoordinateReducer {
  private static final long serialVersionUID = 1L;

  private final int kind;
  private final double factor;

  private static final int MEAN = 0;
  private static final int LITTLE = 1;
  private static final int SCALED_MEAN = 2;
  private static final int SCALED_STD = 3;
  private static final int SCALED_SIGN = 4;

  private HonestStatistics(int kind, double factor) {
    this.kind = kind;
    this.factor = factor;
  }

  /** ḡ. */
  static HonestStatistics mean() {
    return new HonestStatistics(MEAN, 0);
  }

  /** ḡ − ζ·σ (little is enough). */
  static HonestStatistics little(double zeta) {
    return new HonestStatistics(LITTLE, zeta);
  }

  /** c·ḡ (empire with c = 1 − ζ, omniscient with c = −k). */
  static HonestStatistics scaledMean(double c) {
    return new HonestStatistics(SCALED_MEAN, c);
  }

  /** c·σ (c = −1: the inverse standard deviation of minmax and minsum). */
  static HonestStatistics scaledStd(double c) {
    return new HonestStatistics(SCALED_STD, c);
  }

  /** c·sign(ḡ) (c = −1: the inverse sign of minmax and minsum; c = 1: fang's s). */
  static HonestStatistics scaledSign(double c) {
    return new HonestStatistics(SCALED_SIGN, c);
  }

  @Override
  protected double reduce(double[] col, int off, int h, Workspace ws) {
    double m = 0;
    for (int i = 0; i < h; i++) {
      m += col[off + i];
    }
    m /= h;
    switch (kind) {
      case MEAN:
        return m;
      case SCALED_MEAN:
        return factor * m;
      case SCALED_SIGN:
        return factor * Math.signum(m);
      default:
        double s = 0;
        if (h >= 2) {
          for (int i = 0; i < h; i++) {
            double c = col[off + i] - m;
            s += c * c;
          }
          s = Math.sqrt(s / (h - 1));
        }
        return kind == SCALED_STD ? factor * s : m - factor * s;
    }
  }
}
