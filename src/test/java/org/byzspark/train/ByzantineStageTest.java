package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.attack.Attacks;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

class ByzantineStageTest {
  @Test
  void rewritesOnlyTheLastFMessages() {
    double[][] msgs = {{1, 2}, {3, 4}, {5, 9}, {100, 100}};
    ByzantineStage stage =
        new ByzantineStage(
            Attacks.create("signflip", Params.empty()),
            1,
            Aggregators.create("average", Params.empty()),
            1);
    double[][] out = stage.apply(msgs, new Round(1, 1));
    assertArrayEquals(msgs[0], out[0]);
    assertArrayEquals(msgs[1], out[1]);
    assertArrayEquals(msgs[2], out[2]);
    assertArrayEquals(new double[] {-100, -100}, out[3]);
    assertArrayEquals(new double[] {100, 100}, msgs[3]); // input untouched
  }

  @Test
  void littleUsesTheHonestStatisticsOfTheStep() {
    // honest (1,2), (3,4), (5,9): mean (3,5), sample std (2, √13 = 3.605551275463989)
    // little with ζ = 1 sends mean + std = (5, 8.605551275463989) from both Byzantine workers
    double[][] msgs = {{1, 2}, {3, 4}, {5, 9}, {0, 0}, {7, 7}};
    ByzantineStage stage =
        new ByzantineStage(
            Attacks.create("little", Params.empty()),
            2,
            Aggregators.create("average", Params.empty()),
            2);
    double[][] out = stage.apply(msgs, new Round(3, 1));
    assertArrayEquals(new double[] {5, 5 + Math.sqrt(13)}, out[3], 1e-12);
    assertArrayEquals(new double[] {5, 5 + Math.sqrt(13)}, out[4], 1e-12);
  }

  @Test
  void byzantineWorkersAreTheLastF() {
    assertFalse(ByzantineStage.isByzantine(9, 15, 5));
    assertTrue(ByzantineStage.isByzantine(10, 15, 5));
    assertFalse(ByzantineStage.isByzantine(14, 15, 0));
  }
}
