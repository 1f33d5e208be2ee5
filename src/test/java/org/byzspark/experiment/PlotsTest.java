package org.byzspark.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/** The accuracy curves' y-axis: the data's range, never past 1. */
class PlotsTest {
  /**
   * Two rules, one attack, accuracies from {@code lo} rising by {@code step} over 4 evaluations.
   */
  private static List<Map<String, String>> rows(double lo, double step) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (String rule : List.of("cwtm", "krum")) {
      for (int s = 1; s <= 4; s++) {
        double acc = lo + step * s + (rule.equals("krum") ? 0.01 : 0);
        rows.add(
            Map.of(
                "aggregator",
                rule,
                "attack",
                "little",
                "seed",
                "1",
                "step",
                Integer.toString(50 * s),
                "test_accuracy",
                Double.toString(acc),
                "train_loss",
                "0.5"));
      }
    }
    return rows;
  }

  private static ValueAxis accuracyAxis(List<Map<String, String>> rows) {
    Plots p = new Plots(List.of("aggregator", "attack", "seed"), List.of(), rows, List.of());
    JFreeChart chart = p.curves(rows, "test_accuracy", "test accuracy", "");
    XYPlot panel = (XYPlot) ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots().get(0);
    return panel.getRangeAxis();
  }

  @Test
  void curvesCloseTogetherAreNotFlattenedIntoZeroToOne() {
    ValueAxis y = accuracyAxis(rows(0.90, 0.015)); // 0.915 .. 0.97
    assertTrue(y.getLowerBound() > 0.8 && y.getLowerBound() <= 0.915, "lower " + y.getLowerBound());
    assertTrue(y.getUpperBound() >= 0.97 && y.getUpperBound() <= 1.0, "upper " + y.getUpperBound());
  }

  @Test
  void anAccuracyAxisStopsAtOne() {
    ValueAxis y = accuracyAxis(rows(0.1, 0.22)); // 0.32 .. 0.99
    assertEquals(1.0, y.getUpperBound());
    assertTrue(y.getLowerBound() <= 0.32, "lower " + y.getLowerBound());
  }
}
