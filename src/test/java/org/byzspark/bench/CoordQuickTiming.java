package org.byzspark.bench;

import java.util.SplittableRandom;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Aggregators;
import org.byzspark.aggregation.Round;
import org.byzspark.util.Params;

/**
 * Quick single-JVM timing of the coordinate-wise rules (a main, not a test; JMH is the reference).
 */
public final class CoordQuickTiming {
  public static void main(String[] args) {
    int d = Integer.parseInt(args.length > 1 ? args[1] : "10000");
    String[] rules = {"average", "cwtm", "cwmed", "meamed"};
    for (String ns : (args.length > 0 ? args[0] : "25,100").split(",")) {
      int n = Integer.parseInt(ns);
      int f = (n - 3) / 4;
      SplittableRandom r = new SplittableRandom(1);
      double[][] x = new double[n][d];
      for (double[] row : x) {
        for (int k = 0; k < d; k++) {
          double u = r.nextDouble(), v = r.nextDouble();
          row[k] = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        }
      }
      double base = 0;
      StringBuilder sb = new StringBuilder("n=" + n + " d=" + d);
      for (String name : rules) {
        Aggregator a = Aggregators.create(name, Params.empty());
        Round round = Round.offline(1);
        long budget = 2_000_000_000L;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < budget / 2) {
          a.aggregate(x, f, round);
        }
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 15; rep++) {
          long s = System.nanoTime();
          a.aggregate(x, f, round);
          best = Math.min(best, (System.nanoTime() - s) / 1e6);
        }
        if (name.equals("average")) {
          base = best;
        }
        sb.append(String.format("  %s %.3fms (%.1fx)", name, best, best / base));
      }
      System.out.println(sb);
    }
  }
}
