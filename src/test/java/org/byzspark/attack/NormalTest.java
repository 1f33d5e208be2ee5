package org.byzspark.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class NormalTest {
  // Reference quantiles Φ⁻¹(p) for the exact double value of p (e.g. 0.999999 is stored as
  // 0.99999899999999997..., which moves the quantile by 6e-12), to 20 digits by bisection on
  // mpmath's ncdf at 40 digits. Acklam's approximation alone is off by up to ~1e-9 relative.
  private static void q(double p, double expected) {
    double got = Normal.inverseCdf(p);
    double tol = 2e-15 * Math.max(1, Math.abs(expected));
    assertEquals(expected, got, tol, "Phi^-1(" + p + ")");
  }

  @Test
  void knownQuantiles() {
    q(0.5, 0.0);
    q(0.975, 1.9599639845400538556);
    q(0.025, -1.9599639845400542118);
    q(0.95, 1.6448536269514722843);
    q(0.96, 1.7506860712521695672);
    q(0.8, 0.8416212335729143638);
    q(0.72, 0.58284150727121613954);
    q(0.6, 0.25334710313579974132);
    q(0.1, -1.2815515655446004353);
    q(2.0 / 3.0, 0.43072729929545738843);
    q(0.999, 3.0902323061678132778);
    q(0.999999, 4.7534243088170877657);
    q(0.02425, -1.9729610513118848376); // Acklam's region boundary
    q(1e-10, -6.3613409024040561991);
    q(1e-20, -9.2623400897984075796);
    q(1e-300, -37.047096299361199237);
  }

  @Test
  void cdfKnownValues() {
    assertEquals(0.84134474606854294859, Normal.cdf(1), 3e-16);
    assertEquals(0.5, Normal.cdf(0), 0);
    assertEquals(0.0013498980316300945267, Normal.cdf(-3), 1e-14 * 0.00135);
    assertEquals(7.619853024160526066e-24, Normal.cdf(-10), 1e-13 * 7.6e-24);
    assertEquals(4.9067139271481870595e-198, Normal.cdf(-30), 1e-12 * 4.9e-198);
    assertEquals(1.0, Normal.cdf(40), 0);
    assertEquals(0.0, Normal.cdf(-40), 0);
  }

  @Test
  void endpointsAndInvalid() {
    assertEquals(Double.NEGATIVE_INFINITY, Normal.inverseCdf(0));
    assertEquals(Double.POSITIVE_INFINITY, Normal.inverseCdf(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Normal.inverseCdf(1.5));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Normal.inverseCdf(-0.1));
    assertThrows(IllegalArgumentException.class, () -> Normal.inverseCdf(Double.NaN));
  }

  @Property
  void roundTripAndSymmetry(
      @ForAll @DoubleRange(min = -27.6, max = -0.6932) @Scale(8) double logP) {
    double p = Math.exp(logP); // p in [1e-12, 0.5], log-uniform so that the tails are covered
    double x = Normal.inverseCdf(p);
    // Phi(Phi^-1(p)) = p to near machine precision (Acklam alone is only ~1e-9 relative).
    assertEquals(p, Normal.cdf(x), 1e-13 * p);
    assertEquals(-x, Normal.inverseCdf(1 - p), 1e-9 * Math.max(1, Math.abs(x)) + 1e-15 / p);
  }

  @Property
  void monotone(@ForAll @DoubleRange(min = 1e-6, max = 0.999) @Scale(8) double p) {
    assertTrue(Normal.inverseCdf(p) < Normal.inverseCdf(p + 1e-10));
  }
}
