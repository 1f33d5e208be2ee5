package org.byzspark.fidelity;

/**
 * The ordinary least-squares line y = a + b·x through m points, with the 95% confidence interval of
 * the slope b from Student's t distribution: BRSGD's rate check fits y = log min_{k≤K} ‖∇F(w_k)‖
 * against x = log K and compares b with −(1 − p)/2 (the rate O(K^{−(1−p)/2}) of the poly schedule
 * α_k = α_0/(k+1)^p). Plain Java.
 *
 * <pre>
 *   x̄ = Σx/m,  ȳ = Σy/m,  Sxx = Σ(x − x̄)²,  Sxy = Σ(x − x̄)(y − ȳ)
 *   b = Sxy / Sxx,  a = ȳ − b·x̄
 *   SSE = Σ(y − a − b·x)²,  s² = SSE/(m − 2),  se(b) = √(s²/Sxx)
 *   95% CI: b ± t_{0.975, m−2} · se(b)
 * </pre>
 *
 * <p>The interval needs m ≥ 3 (with 2 points the line is exact and nothing measures the noise: the
 * bounds are NaN). Points on an exact line give SSE = 0 and a zero-width interval. The interval
 * assumes independent errors of equal variance around the line; successive minima of a gradient
 * norm are not independent, so it reads as the uncertainty of the fit, not a guarantee.
 */
public final class RateFit {
  private RateFit() {}

  /**
   * @param points m
   * @param slope b
   * @param intercept a
   * @param stdError se(b) (NaN for m = 2)
   * @param lower b − t·se(b)
   * @param upper b + t·se(b)
   * @param t t_{0.975, m−2} (NaN for m = 2)
   */
  public record Fit(
      int points,
      double slope,
      double intercept,
      double stdError,
      double lower,
      double upper,
      double t) {
    /** Whether {@code v} lies in [lower, upper]. */
    public boolean covers(double v) {
      return v >= lower && v <= upper;
    }
  }

  /**
   * The fit of y on x.
   *
   * @throws IllegalArgumentException with fewer than 2 points, lengths that differ, a non-finite
   *     value or all x equal
   */
  public static Fit fit(double[] x, double[] y) {
    int m = x.length;
    if (y.length != m) {
      throw new IllegalArgumentException(m + " x values but " + y.length + " y values");
    }
    if (m < 2) {
      throw new IllegalArgumentException("a slope needs at least 2 points, got " + m);
    }
    double sx = 0;
    double sy = 0;
    for (int i = 0; i < m; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        throw new IllegalArgumentException(
            "point " + (i + 1) + " is not finite: " + x[i] + ", " + y[i]);
      }
      sx += x[i];
      sy += y[i];
    }
    double mx = sx / m;
    double my = sy / m;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < m; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("all x values are equal: no slope");
    }
    double b = sxy / sxx;
    double a = my - b * mx;
    if (m == 2) {
      return new Fit(m, b, a, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double sse = 0;
    for (int i = 0; i < m; i++) {
      double r = y[i] - a - b * x[i];
      sse += r * r;
    }
    double se = Math.sqrt(sse / (m - 2) / sxx);
    double t = tQuantile975(m - 2);
    return new Fit(m, b, a, se, b - t * se, b + t * se, t);
  }

  /**
   * BRSGD's fit on a run's evaluations: with M_K = min over the evaluations k ≤ K of ‖∇F(w_k)‖ (a
   * running minimum over every evaluation, also those before {@code kmin}), the fit of log M_K
   * against log K over the evaluations with K ≥ {@code kmin}. NaN norms (steps not evaluated) are
   * skipped.
   *
   * @param steps the evaluated steps K, increasing
   * @param gradNorm ‖∇F(w_K)‖ at those steps
   * @throws IllegalArgumentException as {@link #fit}, e.g. fewer than 2 evaluations with K ≥ kmin
   */
  public static Fit brsgd(long[] steps, double[] gradNorm, long kmin) {
    double min = Double.POSITIVE_INFINITY;
    java.util.List<double[]> pts = new java.util.ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      if (Double.isNaN(gradNorm[i])) {
        continue;
      }
      min = Math.min(min, gradNorm[i]);
      if (steps[i] >= kmin) {
        pts.add(new double[] {Math.log(steps[i]), Math.log(min)});
      }
    }
    double[] x = new double[pts.size()];
    double[] y = new double[pts.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = pts.get(i)[0];
      y[i] = pts.get(i)[1];
    }
    return fit(x, y);
  }

  /** BRSGD's rate exponent −(1 − p)/2 of the poly schedule with exponent p. */
  public static double predictedSlope(double p) {
    return -(1 - p) / 2;
  }

  /**
   * t_{0.975, ν}: the t with P(|T| ≤ t) = 0.95 for Student's t with ν ≥ 1 degrees of freedom, by
   * bisection on {@link #centralProbability}.
   */
  public static double tQuantile975(int nu) {
    return tQuantile(nu, 0.95);
  }

  /** The t ≥ 0 with P(|T| ≤ t) = {@code level} for ν degrees of freedom (0 &lt; level &lt; 1). */
  public static double tQuantile(int nu, double level) {
    if (nu < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + nu);
    }
    double lo = 0;
    double hi = 1;
    while (centralProbability(hi, nu) < level) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (centralProbability(mid, nu) < level) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /**
   * A(t | ν) = P(|T| ≤ t) for Student's t with integer ν ≥ 1, by the finite series of Abramowitz
   * and Stegun 26.7.3–26.7.4 with θ = atan(t/√ν):
   *
   * <pre>
   *   ν odd:  A = (2/π)·(θ + sinθ·(cosθ + (2/3)cos³θ + (2·4)/(3·5)cos⁵θ + … + (2·4·…·(ν−3))/(3·5·…·(ν−2))cos^{ν−2}θ))
   *           (ν = 1: A = 2θ/π)
   *   ν even: A = sinθ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3·…·(ν−3))/(2·4·…·(ν−2))cos^{ν−2}θ)
   * </pre>
   */
  public static double centralProbability(double t, int nu) {
    double theta = Math.atan(Math.abs(t) / Math.sqrt(nu));
    double s = Math.sin(theta);
    double c = Math.cos(theta);
    double c2 = c * c;
    if (nu % 2 == 1) {
      if (nu == 1) {
        return 2 * theta / Math.PI;
      }
      double term = c;
      double sum = c;
      for (int k = 3; k <= nu - 2; k += 2) {
        term *= c2 * (k - 1) / k;
        sum += term;
      }
      return 2 / Math.PI * (theta + s * sum);
    }
    double term = 1;
    double sum = 1;
    for (int k = 2; k <= nu - 2; k += 2) {
      term *= c2 * (k - 1) / k;
      sum += term;
    }
    return s * sum;
  }
}
