package org.byzspark.attack;

/**
 * The standard normal distribution: CDF Φ and its inverse Φ⁻¹, implemented here so that the attacks
 * need no numerical library.
 *
 * <p>{@link #inverseCdf} is Acklam's rational approximation (relative error below 1.15e-9) followed
 * by one Halley refinement step on Φ(x) − p, which brings it to about machine precision (checked
 * against 20-digit reference quantiles in the tests). {@link #cdf} is computed from erfc, itself
 * computed by the positive-term series erf(x) = 2/√π · e^{−x²} · Σ_{k≥0} 2^k x^{2k+1} /
 * (1·3···(2k+1)) for x &lt; 1 (where erfc ≥ 0.157, so 1 − erf loses little) and by the continued
 * fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) (modified Lentz, ≤
 * 200 terms) for x ≥ 1; relative error about 2e-15.
 */
public final class Normal {
  private Normal() {}

  private static final double SQRT2 = Math.sqrt(2.0);
  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SQRT_2PI = Math.sqrt(2.0 * Math.PI);

  // Acklam's coefficients.
  private static final double[] A = {
    -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01,
    1.615858368580409e+02,
    -1.556989798598866e+02,
    6.680131188771972e+01,
    -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };
  private static final double P_LOW = 0.02425;
  private static final double P_HIGH = 1 - P_LOW;

  /**
   * Φ⁻¹(p): the x with Φ(x) = p. Returns −∞ for p = 0 and +∞ for p = 1; fails on p outside [0, 1]
   * or NaN.
   */
  public static double inverseCdf(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("inverse normal CDF needs p in [0, 1], got " + p);
    }
    if (p == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p == 1) {
      return Double.POSITIVE_INFINITY;
    }
    double x;
    if (p < P_LOW) {
      double q = Math.sqrt(-2 * Math.log(p));
      x =
          (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
              / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    } else if (p <= P_HIGH) {
      double q = p - 0.5;
      double r = q * q;
      x =
          (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5])
              * q
              / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    } else {
      double q = Math.sqrt(-2 * Math.log1p(-p));
      x =
          -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
              / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    // One Halley step on Φ(x) − p. In the upper tail the residual is taken as (1 − p) − Φ(−x),
    // which keeps the relative precision of the small tail probability.
    double e;
    if (x > 0) {
      e = (1 - p) - 0.5 * erfc(x / SQRT2);
    } else {
      e = 0.5 * erfc(-x / SQRT2) - p;
    }
    double u = e * SQRT_2PI * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  /** Φ(x) = erfc(−x/√2)/2. */
  public static double cdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    return 0.5 * erfc(-x / SQRT2);
  }

  /** The complementary error function, for any real x. */
  static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 1) {
      return 1 - erfSeries(x);
    }
    if (x > 27.3) {
      return 0.0; // below the smallest subnormal double
    }
    return Math.exp(-x * x) / SQRT_PI * continuedFraction(x);
  }

  /** erf(x) for 0 ≤ x &lt; 1 by the positive-term series. */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int k = 1; k < 500; k++) {
      term *= 2 * x2 / (2 * k + 1);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return 2 / SQRT_PI * Math.exp(-x2) * sum;
  }

  /**
   * 1/(x + a1/(x + a2/(x + ...))) with a_k = k/2, evaluated by the modified Lentz algorithm; equals
   * √π e^{x²} erfc(x).
   */
  private static double continuedFraction(double x) {
    final double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 5000; k++) {
      double a = k / 2.0;
      d = x + a * d;
      if (d == 0) {
        d = tiny;
      }
      c = x + a / c;
      if (c == 0) {
        c = tiny;
      }
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return 1 / f;
  }
}
