package org.byzspark.attack;

import static org.byzspark.attack.TestRules.attack;
import static org.byzspark.attack.TestRules.ctx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.VectorSet;
import org.junit.jupiter.api.Test;

class MimicAttackTest {
  // ḡ = (0, 1.9). Σ_i (x_i − ḡ)(x_i − ḡ)ᵀ: xx = 36 + 49 + 25 + 16 = 126, yy = 4·1.9² + 7.6² = 72.2,
  // xy = Σ x_i (y_i − 1.9) = −1.9·(−6 + 7 − 5 + 4) + 0 = 0: the top eigenvector is the x axis.
  // Projections −6, 7, −5, 4, 0: the target is worker 1, (7, 0). The farthest from ḡ is worker 4,
  // (0, 9.5), at 7.6 against √(49 + 3.61) = 7.25: the heuristic is not "farthest from the mean"
  // (and worker 4 lies on the minor axis, where a power iteration started from its row of the
  // Gram matrix would stay).
  static final double[][] AXIS = {{-6, 0}, {7, 0}, {-5, 0}, {4, 0}, {0, 9.5}};

  // The same with (−8, 0) and (6, 0): ḡ = (0, 1.9), xy = −1.9·(−8 + 7 − 5 + 6) = 0 again, xx = 174;
  // projections −8, 7, −5, 6, 0: the target is worker 0.
  static final double[][] AXIS2 = {{-8, 0}, {7, 0}, {-5, 0}, {6, 0}, {0, 9.5}};

  static int heuristic(double[][] x) {
    return MimicAttack.heuristicTarget(VectorSet.of(x));
  }

  static AttackContext at(long step) {
    return new AttackContext(new Round(step, 1), 7, 2, null, 2);
  }

  @Test
  void heuristicByHand() {
    assertEquals(1, heuristic(AXIS));
    assertEquals(0, heuristic(AXIS2));
    double[][] out = attack("mimic", "target=heuristic").forge(AXIS, new double[0][], ctx(7, 2));
    assertEquals(2, out.length);
    assertArrayEquals(new double[] {7, 0}, out[0], 0);
    assertArrayEquals(new double[] {7, 0}, out[1], 0);
    // 1-D: ḡ = 3.25, deviations −3.25, −2.25, −1.25, 6.75 → worker 3; mirrored → worker 0 (|·|)
    assertEquals(3, heuristic(new double[][] {{0}, {1}, {2}, {10}}));
    assertEquals(0, heuristic(new double[][] {{-10}, {0}, {1}, {2}}));
  }

  /** On random sets, the target maximises |projection| on the top eigenvector found by Jacobi. */
  @Test
  void heuristicAgreesWithAnEigendecomposition() {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 40; trial++) {
      int h = 3 + r.nextInt(6);
      int d = 2 + r.nextInt(4);
      double[][] x = new double[h][d];
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          row[k] = r.nextGaussian() * (k + 1);
        }
      }
      double[] z = topEigenvector(covariance(x));
      double[] proj = new double[h];
      int best = 0;
      for (int i = 0; i < h; i++) {
        for (int k = 0; k < d; k++) {
          proj[i] += (x[i][k] - mean(x, k)) * z[k];
        }
        if (Math.abs(proj[i]) > Math.abs(proj[best])) {
          best = i;
        }
      }
      int got = heuristic(x);
      // equal up to a near tie of the projections
      assertTrue(
          got == best || Math.abs(Math.abs(proj[got]) - Math.abs(proj[best])) < 1e-9,
          "trial " + trial + ": " + got + " vs " + best);
    }
  }

  static double mean(double[][] x, int k) {
    double s = 0;
    for (double[] row : x) {
      s += row[k];
    }
    return s / x.length;
  }

  static double[][] covariance(double[][] x) {
    int d = x[0].length;
    double[][] c = new double[d][d];
    for (double[] row : x) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          c[a][b] += (row[a] - mean(x, a)) * (row[b] - mean(x, b));
        }
      }
    }
    return c;
  }

  /** Cyclic Jacobi: the eigenvector of the largest eigenvalue of a symmetric matrix. */
  static double[] topEigenvector(double[][] a0) {
    int d = a0.length;
    double[][] a = new double[d][];
    double[][] v = new double[d][d];
    for (int i = 0; i < d; i++) {
      a[i] = a0[i].clone();
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          if (Math.abs(a[p][q]) < 1e-300) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < d; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < d; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < d; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    int top = 0;
    for (int i = 1; i < d; i++) {
      if (a[i][i] > a[top][top]) {
        top = i;
      }
    }
    double[] z = new double[d];
    for (int k = 0; k < d; k++) {
      z[k] = v[k][top];
    }
    return z;
  }

  @Test
  void theTargetIsHeldForEverySteps() {
    Attack a = attack("mimic", "target=heuristic,every=3");
    VectorSet s1 = VectorSet.of(AXIS); // target 1
    VectorSet s2 = VectorSet.of(AXIS2); // target 0
    AttackState st = a.initialState();
    assertTrue(st.isEmpty());
    // step 1: chosen from AXIS
    Attack.Forged r1 = a.forge(s1, VectorSet.of(2, new double[0][]), at(1), st);
    assertArrayEquals(new double[] {7, 0}, r1.messages().toArrays()[0], 0);
    assertArrayEquals(new double[] {1, 1}, r1.state().get(MimicAttack.STATE_KEY), 0);
    // steps 2 and 3: held, although AXIS2's own target is 0; the state is unchanged
    Attack.Forged r2 = a.forge(s2, VectorSet.of(2, new double[0][]), at(2), r1.state());
    assertArrayEquals(AXIS2[1], r2.messages().toArrays()[1], 0);
    assertSame(r1.state(), r2.state());
    Attack.Forged r3 = a.forge(s2, VectorSet.of(2, new double[0][]), at(3), r2.state());
    assertArrayEquals(AXIS2[1], r3.messages().toArrays()[0], 0);
    // step 4 = 1 + 3: chosen again, from AXIS2
    Attack.Forged r4 = a.forge(s2, VectorSet.of(2, new double[0][]), at(4), r3.state());
    assertArrayEquals(AXIS2[0], r4.messages().toArrays()[0], 0);
    assertArrayEquals(new double[] {4, 0}, r4.state().get(MimicAttack.STATE_KEY), 0);
    // a held index that is no longer below h is replaced: 2 honest messages, held 4
    AttackState stale = AttackState.EMPTY.with(MimicAttack.STATE_KEY, new double[] {1, 4});
    Attack.Forged r5 =
        a.forge(
            VectorSet.of(new double[][] {{1, 1}, {5, 1}}),
            VectorSet.of(2, new double[0][]),
            at(2),
            stale);
    assertArrayEquals(new double[] {2, 0}, r5.state().get(MimicAttack.STATE_KEY), 0);
  }

  @Test
  void everyStepWithoutState() {
    // every = 1 (the default) needs no state: the three-argument form chooses at every step
    Attack a = attack("mimic", "target=heuristic");
    assertArrayEquals(AXIS[1], a.forge(AXIS, new double[0][], at(2))[0], 0);
    assertArrayEquals(AXIS2[0], a.forge(AXIS2, new double[0][], at(3))[0], 0);
    Attack.Forged r =
        a.forge(VectorSet.of(AXIS2), VectorSet.of(2, new double[0][]), at(5), a.initialState());
    assertArrayEquals(AXIS2[0], r.messages().toArrays()[0], 0);
    // every > 1 without state: a clear error instead of a silently different schedule
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> attack("mimic", "target=heuristic,every=2").forge(AXIS, new double[0][], at(1)));
    assertTrue(
        e.getMessage().startsWith("mimic target=heuristic with every=2 holds its target")
            && e.getMessage().contains("AttackState"),
        e.getMessage());
  }

  @Test
  void fixedTargetIsStateless() {
    Attack a = attack("mimic", "target=2");
    AttackState st = AttackState.EMPTY.with("other", new double[] {3});
    Attack.Forged r = a.forge(VectorSet.of(AXIS), VectorSet.of(2, new double[0][]), at(1), st);
    assertArrayEquals(AXIS[2], r.messages().toArrays()[0], 0);
    assertSame(st, r.state());
    assertTrue(a.initialState().isEmpty());
    assertFalse(a.carriesState());
    assertFalse(attack("mimic", "target=heuristic").carriesState());
    assertTrue(attack("mimic", "target=heuristic,every=2").carriesState());
    assertFalse(attack("minmax").carriesState());
  }

  @Test
  void nonFiniteMessagesAreNotCandidates() {
    // the NaN row would be the most extreme; it is skipped: target 1, (7, 0)
    double[][] x = {{-6, 0}, {7, 0}, {Double.NaN, 40}, {4, 0}, {0, 9.5}};
    assertEquals(1, heuristic(x));
    double[][] inf = {{Double.POSITIVE_INFINITY, 0}, {3, 1}};
    assertEquals(1, heuristic(inf));
    double[][] none = {{Double.NaN, 0}, {Double.POSITIVE_INFINITY, 1}};
    assertEquals(0, heuristic(none));
    // all equal: K = 0, the first one
    assertEquals(0, heuristic(new double[][] {{1, 2}, {1, 2}, {1, 2}}));
    // squared distances overflow: the finite message farthest from the mean
    assertEquals(2, heuristic(new double[][] {{1e200, 0}, {0, 0}, {-3e200, 0}}));
  }

  @Test
  void attackStateIsAValue() {
    AttackState a = AttackState.EMPTY.with("k", new double[] {1, 2});
    double[] v = a.get("k");
    v[0] = 9;
    assertArrayEquals(new double[] {1, 2}, a.get("k"), 0);
    assertEquals(a, AttackState.EMPTY.with("k", new double[] {1, 2}));
    assertEquals(a.hashCode(), AttackState.EMPTY.with("k", new double[] {1, 2}).hashCode());
    assertNotEquals(a, a.with("k", new double[] {1, 3}));
    assertNull(a.get("missing"));
    assertTrue(AttackState.EMPTY.isEmpty());
    assertEquals(java.util.Set.of("k"), a.keys());
  }
}
