package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.byzspark.attack.BackdoorAttack;
import org.byzspark.attack.LabelFlipAttack;
import org.byzspark.data.DataBlock;
import org.byzspark.model.Batch;
import org.byzspark.model.Model;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

/** test_asr on hand-made 1×6×6 images and a model that sees only the trigger's corner pixel. */
class AttackSuccessRateTest {
  /** Predicts 3 when pixel (4, 4) is above 0.5, else 0. */
  static final class CornerModel implements Model {
    public String name() {
      return "corner";
    }

    public int dimension() {
      return 1;
    }

    public int inputDim() {
      return 36;
    }

    public int numClasses() {
      return 10;
    }

    public double[] init(long seed) {
      return new double[1];
    }

    public double lossAndGradient(double[] theta, Batch b, double[] grad) {
      return 0;
    }

    public double loss(double[] theta, Batch b) {
      return 0;
    }

    public int[] predict(double[] theta, Batch b) {
      int[] p = new int[b.rows()];
      for (int r = 0; r < b.rows(); r++) {
        p[r] = b.x()[r * 36 + 4 * 6 + 4] > 0.5 ? 3 : 0;
      }
      return p;
    }
  }

  @Test
  void backdoorAndTargetedFlipSuccessRatesByHand() {
    // images: A (label 0) all 0; B (label 1) pixel (0,0) = 1; C (label 3, the target) pixel
    // (4,4) = 1; D (label 2) pixel (1,1) = 2; E (label 1) all 0
    float[] x = new float[5 * 36];
    x[36] = 1;
    x[2 * 36 + 28] = 1;
    x[3 * 36 + 7] = 2;
    DataBlock block = new DataBlock(x, new int[] {0, 1, 3, 2, 1}, 36);
    // backdoor (target 3, size 2 at the default corner (3, 3)): A, B, D, E count; the trigger
    // copies each image's maximum: A 0 → miss, B 1 → hit, D 2 → hit, E 0 → miss: 2 of 4
    BackdoorAttack backdoor = new BackdoorAttack(Params.parse(List.of("target=3", "size=2")));
    assertArrayEquals(
        new long[] {2, 4}, Evaluator.countHits(block, new double[1], new CornerModel(), backdoor));
    // targeted flip 1 → 3, no trigger: B and E count, neither has the corner: 0 of 2
    LabelFlipAttack flip = new LabelFlipAttack(Params.parse(List.of("source=1", "target=3")));
    assertArrayEquals(
        new long[] {0, 2}, Evaluator.countHits(block, new double[1], new CornerModel(), flip));
    // a flip 3 → 0 counts C, which the model puts in class 3, not the target 0
    LabelFlipAttack other = new LabelFlipAttack(Params.parse(List.of("source=3", "target=0")));
    assertArrayEquals(
        new long[] {0, 1}, Evaluator.countHits(block, new double[1], new CornerModel(), other));
    LabelFlipAttack back = new LabelFlipAttack(Params.parse(List.of("source=3", "target=3")));
    assertArrayEquals(
        new long[] {1, 1}, Evaluator.countHits(block, new double[1], new CornerModel(), back));
  }
}
