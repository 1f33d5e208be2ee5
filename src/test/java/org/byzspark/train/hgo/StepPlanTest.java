package org.byzspark.train.hgo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.attack.Attacks;
import org.byzspark.train.Algorithm;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

class StepPlanTest {
  static final int[] ALL4 = {0, 1, 2, 3};
  static final double[] RATES = {50, 25, 100, 100};
  static final int[] BATCH = {10, 10, 10, 10};

  @Test
  void blockSizesAreMinOfTauLambdaOverSAndD() {
    assertEquals(8, StepPlan.coordinates(1, 100, 10, 8, 8)); // 10 capped at d
    assertEquals(5, StepPlan.coordinates(1, 50, 10, 8, 8));
    assertEquals(2, StepPlan.coordinates(1, 25, 10, 8, 8)); // ⌊2.5⌋
    assertEquals(5, StepPlan.coordinates(2, 25, 10, 8, 8)); // τ doubles the budget
    assertEquals(0, StepPlan.coordinates(1, 5, 10, 8, 8));
    assertEquals(1, StepPlan.coordinates(1, 1e300, 10, 1, 1)); // no overflow
  }

  @Test
  void quorumBlockIsTheVthLargest() {
    int[] b = {5, 2, 8, 8};
    assertEquals(8, StepPlan.vthLargest(b, 1));
    assertEquals(8, StepPlan.vthLargest(b, 2));
    assertEquals(5, StepPlan.vthLargest(b, 3));
    assertEquals(2, StepPlan.vthLargest(b, 4));
    assertThrows(IllegalArgumentException.class, () -> StepPlan.vthLargest(b, 5));
  }

  @Test
  void handMadeStepGivesBkAndQj() {
    StepPlan plan = StepPlan.hgo(ALL4, RATES, BATCH, 1.0, 3, new int[] {8}, new int[] {8}, 7, 1);
    assertEquals(5, plan.sent(0, 0));
    assertEquals(2, plan.sent(0, 1));
    assertEquals(8, plan.sent(0, 2));
    assertEquals(5, plan.quorumBlock(0));
    int[] bk = plan.block();
    assertEquals(5, bk.length);
    // C_k is a permutation of 0..7 and B_k its first 5 entries
    int[] perm = new int[8];
    for (int p = 0; p < 8; p++) {
      perm[p] = plan.coordinate(0, p);
    }
    int[] sorted = perm.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, sorted);
    assertArrayEquals(Arrays.copyOf(perm, 5), bk);
    assertArrayEquals(new int[] {0, 1, 2, 3}, plan.senders(0, 0));
    assertArrayEquals(new int[] {0, 1, 2, 3}, plan.senders(0, 1));
    assertArrayEquals(new int[] {0, 2, 3}, plan.senders(0, 2));
    assertArrayEquals(new int[] {0, 2, 3}, plan.senders(0, 4));
    assertArrayEquals(new int[] {2, 3}, plan.senders(0, 5));
    List<StepPlan.Segment> segs = plan.segments();
    assertEquals(2, segs.size());
    assertArrayEquals(new int[] {0, 1, 2, 3}, segs.get(0).senders());
    assertArrayEquals(Arrays.copyOf(perm, 2), segs.get(0).coordinates());
    assertArrayEquals(new int[] {0, 2, 3}, segs.get(1).senders());
    assertArrayEquals(Arrays.copyOfRange(perm, 2, 5), segs.get(1).coordinates());
    assertArrayEquals(Arrays.copyOf(perm, 2), plan.coordinatesOf(1));
  }

  @Test
  void permutationIsSeededPerStep() {
    StepPlan a = StepPlan.hgo(ALL4, RATES, BATCH, 1, 3, new int[] {50}, new int[] {50}, 7, 1);
    StepPlan b = StepPlan.hgo(ALL4, RATES, BATCH, 1, 3, new int[] {50}, new int[] {50}, 7, 1);
    StepPlan c = StepPlan.hgo(ALL4, RATES, BATCH, 1, 3, new int[] {50}, new int[] {50}, 7, 2);
    assertArrayEquals(a.block(), b.block());
    assertNotEquals(Arrays.toString(a.block()), Arrays.toString(c.block()));
  }

  @Test
  void perLayerBlocksSplitTheBudgetInProportionAndStayInsideTheirLayer() {
    // layers of 6 and 2 coordinates; budget τλ/s = 4 → ⌊4·6/8⌋ = 3 and ⌊4·2/8⌋ = 1
    int[] sel = {0};
    StepPlan plan =
        StepPlan.hgo(
            sel, new double[] {40}, new int[] {10}, 1, 1, new int[] {6, 2}, new int[] {6, 2}, 3, 1);
    assertEquals(3, plan.sent(0, 0));
    assertEquals(1, plan.sent(1, 0));
    int[] bk = plan.block();
    assertEquals(4, bk.length);
    for (int k = 0; k < 3; k++) {
      assertEquals(true, bk[k] < 6, "layer 0 coordinates in [0, 6)");
    }
    assertEquals(true, bk[3] >= 6 && bk[3] < 8, "layer 1 coordinate in [6, 8)");
    // explicit block sizes (HGO C.3 style): at most 2 of layer 0 and 2 of layer 1
    StepPlan capped =
        StepPlan.hgo(
            sel,
            new double[] {1e9},
            new int[] {10},
            1,
            1,
            new int[] {6, 2},
            new int[] {2, 2},
            3,
            1);
    assertEquals(2, capped.sent(0, 0));
    assertEquals(2, capped.sent(1, 0));
  }

  @Test
  void sgdSendsAllOrNothingAndSimulatedTimeFollowsTheAlgorithm() {
    int d = 8;
    // full-gradient times d·s/λ: 1.6, 3.2, 0.8, 0.8
    StepPlan plan = StepPlan.fullOrNothing(ALL4, RATES, BATCH, 1.0, d);
    assertEquals(0, plan.sent(0, 0));
    assertEquals(0, plan.sent(0, 1));
    assertEquals(8, plan.sent(0, 2));
    assertEquals(8, plan.quorumBlock(0));
    assertArrayEquals(new int[] {2, 3}, plan.segments().get(0).senders());
    StepPlan all = StepPlan.fullOrNothing(ALL4, RATES, BATCH, Double.POSITIVE_INFINITY, d);
    assertEquals(4, all.segments().get(0).senders().length);
    assertEquals(1.0, Algorithm.HGO.duration(context(1.0, Double.POSITIVE_INFINITY, d), ALL4));
    assertEquals(1.0, Algorithm.SGD.duration(context(1.0, 1.0, d), ALL4));
    Algorithm.Context waitAll = context(1.0, Double.POSITIVE_INFINITY, d);
    assertEquals(3.2, Algorithm.SGD.duration(waitAll, ALL4), 1e-12);
    assertEquals(1.6, Algorithm.SGD.duration(waitAll, new int[] {0, 2}), 1e-12);
    assertEquals(3.2, Algorithm.RESAM.duration(waitAll, ALL4), 1e-12, "the slowest worker");
    // the whole-vector plans: every sender's mask is null (all coordinates, natural order)
    assertEquals(null, all.maskOf(0));
    assertArrayEquals(new int[0], plan.maskOf(0), "past the deadline: no coordinate");
    assertEquals(8, all.blockSize());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, all.segments().get(0).coordinates());
  }

  private static Algorithm.Context context(double tau, double deadline, int d) {
    return new Algorithm.Context(
        RATES, BATCH, d, tau, 1, new int[] {d}, new int[] {d}, deadline, 1);
  }

  private static double[][] constantRows(int q, int d) {
    double[][] v = new double[q][d];
    for (int r = 0; r < q; r++) {
      Arrays.fill(v[r], r + 1);
    }
    return v;
  }

  @Test
  void coordinateWiseAggregationUsesQjAndZerosOutsideBk() {
    StepPlan plan = StepPlan.hgo(ALL4, RATES, BATCH, 1.0, 3, new int[] {8}, new int[] {8}, 7, 1);
    double[][] v = constantRows(4, 8);
    double[] avg =
        PartialAggregation.aggregate(
            plan,
            v,
            new boolean[4],
            Attacks.create("none", Params.empty()),
            Aggregators.create("average", Params.empty()),
            0,
            new Round(1, 7),
            8);
    double[] med =
        PartialAggregation.aggregate(
            plan,
            v,
            new boolean[4],
            Attacks.create("none", Params.empty()),
            Aggregators.create("cwmed", Params.empty()),
            0,
            new Round(1, 7),
            8);
    for (int p = 0; p < 8; p++) {
      int j = plan.coordinate(0, p);
      double expAvg = p < 2 ? 2.5 : p < 5 ? 8.0 / 3 : 0;
      double expMed = p < 2 ? 2.5 : p < 5 ? 3 : 0;
      assertEquals(expAvg, avg[j], 1e-12, "position " + p);
      assertEquals(expMed, med[j], 1e-12, "position " + p);
    }
  }

  @Test
  void littleIsForgedFromTheHonestSendersOfEachSegment() {
    StepPlan plan = StepPlan.hgo(ALL4, RATES, BATCH, 1.0, 3, new int[] {8}, new int[] {8}, 7, 1);
    double[][] v = constantRows(4, 8);
    boolean[] byz = {false, false, false, true};
    double[] avg =
        PartialAggregation.aggregate(
            plan,
            v,
            byz,
            Attacks.create("little", Params.empty()),
            Aggregators.create("average", Params.empty()),
            1,
            new Round(1, 7),
            8);
    // segment 1: honest 1, 2, 3 → mean 2, sample sd 1, forged 2 + 1; average (1+2+3+3)/4
    // segment 2: honest 1, 3 → mean 2, sample sd √2, forged 2 + √2; average (1+3+2+√2)/3
    for (int p = 0; p < 5; p++) {
      int j = plan.coordinate(0, p);
      double exp = p < 2 ? 9.0 / 4 : (6 + Math.sqrt(2)) / 3;
      assertEquals(exp, avg[j], 1e-12, "position " + p);
    }
  }

  @Test
  void vectorRuleIsAppliedPerSegment() {
    // krum on a segment picks one sender's sub-vector: every coordinate of the result is one of
    // the values sent for it, and coordinates outside B_k are 0
    StepPlan plan = StepPlan.hgo(ALL4, RATES, BATCH, 1.0, 3, new int[] {8}, new int[] {8}, 7, 1);
    double[][] v = constantRows(4, 8);
    double[] out =
        PartialAggregation.aggregate(
            plan,
            v,
            new boolean[4],
            Attacks.create("none", Params.empty()),
            Aggregators.create("medoid", Params.empty()),
            0,
            new Round(1, 7),
            8);
    // medoid of {1,2,3,4}: 2 (ties to lowest index); of {1,3,4}: 3
    for (int p = 0; p < 8; p++) {
      int j = plan.coordinate(0, p);
      assertEquals(p < 2 ? 2 : p < 5 ? 3 : 0, out[j], 1e-12, "position " + p);
    }
  }
}
