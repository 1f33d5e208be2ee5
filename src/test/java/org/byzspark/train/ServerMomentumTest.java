package org.byzspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;

class ServerMomentumTest {
  @Test
  void recursionByHand() {
    ServerMomentum s = new ServerMomentum(0.9, false);
    // m_1 = 0.1·(1, −2) = (0.1, −0.2); m_2 = 0.9·m_1 + 0.1·(3, 0) = (0.39, −0.18)
    double[] m1 = s.next(null, new double[] {1, -2});
    assertArrayEquals(new double[] {0.1, -0.2}, m1, 1e-15);
    double[] m2 = s.next(m1, new double[] {3, 0});
    assertArrayEquals(new double[] {0.39, -0.18}, m2, 1e-15);
    assertSame(m2, s.direction(m2, new double[] {3, 0}));
    // Nesterov: 0.9·(0.39, −0.18) + 0.1·(3, 0) = (0.651, −0.162)
    assertArrayEquals(
        new double[] {0.651, -0.162},
        new ServerMomentum(0.9, true).direction(m2, new double[] {3, 0}),
        1e-15);
  }

  @Test
  void serverMomentumWithAverageEqualsWorkerMomentumWithAverage() {
    int n = 6;
    int d = 5;
    double beta = 0.99;
    Aggregator average = Aggregators.create("average", Params.parse(java.util.List.of()));
    SplittableRandom r = new SplittableRandom(5);
    double[][] workerM = new double[n][d];
    double[] serverM = null;
    ServerMomentum server = new ServerMomentum(beta, false);
    for (int t = 1; t <= 50; t++) {
      double[][] g = new double[n][d];
      double[][] sent = new double[n][];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          g[i][j] = r.nextGaussian() * (1 + j);
          // the worker step's recursion, as WorkerStep applies it
          workerM[i][j] = (t == 1 ? 0.0 : beta * workerM[i][j]) + (1.0 - beta) * g[i][j];
        }
        sent[i] = workerM[i].clone();
      }
      double[] workerDirection = average.aggregate(sent, 0, new Round(t, 1));
      serverM = server.next(serverM, average.aggregate(g, 0, new Round(t, 1)));
      double[] serverDirection = server.direction(serverM, null);
      // linear algebra reassociated: equal up to rounding (a few ulps of the vectors' scale)
      for (int j = 0; j < d; j++) {
        assertEquals(workerDirection[j], serverDirection[j], 1e-12 * (1 + j), "t " + t);
      }
    }
  }

  private static String refusal(java.util.Map<String, java.util.List<String>> texts) {
    org.byzspark.train.hgo.HgoOptions o =
        org.byzspark.train.hgo.HgoOptions.of(
            org.byzspark.options.OptionValues.parse(org.byzspark.options.TrainOptions.HGO, texts));
    return org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> o.check(15, 5, new int[] {10}))
        .getMessage();
  }

  @Test
  void combinationsWithoutMeaningAreRefused() {
    assertEquals(
        "--nesterov: true is not allowed; allowed: only with --momentum-at server",
        refusal(java.util.Map.of("nesterov", java.util.List.of("true"))));
    assertEquals(
        "--momentum-at: server is not allowed; allowed: worker with --algorithm hgo",
        refusal(
            java.util.Map.of(
                "momentum-at",
                java.util.List.of("server"),
                "algorithm",
                java.util.List.of("hgo"))));
    assertEquals(
        "--local-steps: 5 is not allowed; allowed: 1 with --algorithm sgd (K > 1 needs resam)",
        refusal(
            java.util.Map.of(
                "local-steps", java.util.List.of("5"), "algorithm", java.util.List.of("sgd"))));
  }
}
