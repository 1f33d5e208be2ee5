package org.byzspark.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

/**
 * The accuracy curves' y-axis (the data's range, never past 1) and the heatmaps (a colour scale
 * over the data's range with its ends printed; cells without a run drawn apart, not as accuracy 0).
 */
class PlotsTest {
  /**
   * Two rules, one attack, accuracies from {@code lo} rising by {@code step} over 4 evaluations.
   */
  private static List<Map<String, String>> rows(double lo, double step) {
    List<Map<String, String>> rows = new ArrayList<>(runRows("cwtm", "little", lo, step));
    rows.addAll(runRows("krum", "little", lo + 0.01, step));
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
  void eachPanelNamesItsAttack() {
    assertEquals("attack little", accuracyAxis(rows(0.5, 0.1)).getLabel());
  }

  @Test
  void anAccuracyAxisStopsAtOne() {
    ValueAxis y = accuracyAxis(rows(0.1, 0.22)); // 0.32 .. 0.99
    assertEquals(1.0, y.getUpperBound());
    assertTrue(y.getLowerBound() <= 0.32, "lower " + y.getLowerBound());
  }

  /**
   * Rows of one rule under one attack: accuracies from {@code lo} rising by {@code step} over 4
   * evaluations.
   */
  private static List<Map<String, String>> runRows(
      String rule, String attack, double lo, double step) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (int s = 1; s <= 4; s++) {
      rows.add(
          Map.of(
              "aggregator",
              rule,
              "attack",
              attack,
              "seed",
              "1",
              "step",
              Integer.toString(50 * s),
              "test_accuracy",
              Double.toString(lo + step * s),
              "train_loss",
              "0.5"));
    }
    return rows;
  }

  private static List<XYPlot> panels(List<Map<String, String>> rows) {
    Plots p = new Plots(List.of("aggregator", "attack", "seed"), List.of(), rows, List.of());
    JFreeChart chart = p.curves(rows, "test_accuracy", "test accuracy", "");
    List<XYPlot> out = new ArrayList<>();
    for (Object o : ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots()) {
      out.add((XYPlot) o);
    }
    return out;
  }

  @Test
  void theNoAttackBenchmarkIsADashedLineInEveryAttacksPanel() {
    List<Map<String, String>> rows = new ArrayList<>(runRows("average", "none", 0.99, 0));
    rows.addAll(runRows("cc", "little", 0.97, 0));
    rows.addAll(runRows("cc", "empire", 0.98, 0));
    List<XYPlot> panels = panels(rows);
    assertEquals(2, panels.size(), "no panel of its own for attack none");
    for (XYPlot panel : panels) {
      XYDataset data = panel.getDataset();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < data.getSeriesCount(); i++) {
        names.add(data.getSeriesKey(i).toString());
      }
      assertTrue(names.contains("No attack (average)"), names.toString());
      int k = names.indexOf("No attack (average)");
      assertEquals(0.99, data.getYValue(k, 0), 1e-12);
      BasicStroke stroke = (BasicStroke) panel.getRenderer().getSeriesStroke(k);
      assertTrue(stroke.getDashArray() != null, "dashed");
    }
    // a rule that also ran under attack keeps none as an attack of its own
    rows.addAll(runRows("average", "little", 0.95, 0));
    assertEquals(3, panels(rows).size());
  }

  // ---------------------------------------------------------------- heatmaps

  /** Cells "x,y" -> values, rows are rules, columns attacks. */
  private static JFreeChart heatmap(List<String> cols, List<String> rows, Object... cells) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < cells.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> v = (List<String>) cells[i + 1];
      m.put((String) cells[i], v);
    }
    return Plots.heatmap(cols, rows, m, "attack", "accuracy", "t");
  }

  private static PaintScale scale(JFreeChart chart) {
    return ((XYBlockRenderer) chart.getXYPlot().getRenderer()).getPaintScale();
  }

  private static PaintScaleLegend colourBar(JFreeChart chart) {
    for (int i = 0; i < chart.getSubtitleCount(); i++) {
      if (chart.getSubtitle(i) instanceof PaintScaleLegend p) {
        return p;
      }
    }
    throw new AssertionError("no colour bar");
  }

  private static List<String> legendLabels(JFreeChart chart) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < chart.getSubtitleCount(); i++) {
      if (chart.getSubtitle(i) instanceof LegendTitle t) {
        for (var source : t.getSources()) {
          var items = source.getLegendItems();
          for (int k = 0; k < items.getItemCount(); k++) {
            out.add(items.get(k).getLabel());
          }
        }
      }
    }
    return out;
  }

  private static int distance(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed())
        + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue());
  }

  /** The picture as the PNG gets it, and the colour at data point (x, y) in it. */
  private static final class Rendered {
    final BufferedImage img;
    final ChartRenderingInfo info = new ChartRenderingInfo();
    final XYPlot plot;

    Rendered(JFreeChart chart) {
      int[] wh = Plots.size(chart);
      img = new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      chart.draw(g, new Rectangle(wh[0], wh[1]), info);
      g.dispose();
      plot = chart.getXYPlot();
    }

    Color at(double x, double y) {
      Rectangle2D area = info.getPlotInfo().getDataArea();
      double px = plot.getDomainAxis().valueToJava2D(x, area, plot.getDomainAxisEdge());
      double py = plot.getRangeAxis().valueToJava2D(y, area, plot.getRangeAxisEdge());
      return new Color(img.getRGB((int) Math.round(px), (int) Math.round(py)));
    }
  }

  @Test
  void closeAccuraciesGetDifferentColoursAndTheBarPrintsTheRange() {
    JFreeChart chart =
        heatmap(
            List.of("none", "little"),
            List.of("cwtm"),
            "0,0",
            List.of("0.99", "0.99"),
            "1,0",
            List.of("0.91", "0.93"));
    PaintScale scale = scale(chart);
    assertEquals(0.92, scale.getLowerBound(), 1e-12);
    assertEquals(0.99, scale.getUpperBound(), 1e-12);
    // drawn: the two cells (sampled off their printed value) differ by far more than a shade
    Rendered r = new Rendered(chart);
    Color high = r.at(0.3, 0.3);
    Color low = r.at(1.3, 0.3);
    assertEquals(scale.getPaint(0.99), high);
    assertEquals(scale.getPaint(0.92), low);
    assertTrue(distance(high, low) > 300, high + " vs " + low);

    PaintScaleLegend bar = colourBar(chart);
    assertEquals(0.92, bar.getAxis().getLowerBound(), 1e-12);
    assertEquals(0.99, bar.getAxis().getUpperBound(), 1e-12);
    Graphics2D g = r.img.createGraphics();
    List<ValueTick> ticks =
        bar.getAxis()
            .refreshTicks(
                g, new AxisState(), new Rectangle2D.Double(0, 0, 40, 300), RectangleEdge.RIGHT);
    g.dispose();
    List<String> labels = ticks.stream().map(ValueTick::getText).toList();
    assertEquals("0.920", labels.get(0), labels.toString());
    assertEquals("0.990", labels.get(labels.size() - 1), labels.toString());
  }

  @Test
  void aCellWithoutARunIsHatchedGreyAndNamedNotDrawnAsAccuracyZero() {
    // two rules × two attacks, krum never ran under little
    JFreeChart chart =
        heatmap(
            List.of("none", "little"),
            List.of("cwtm", "krum"),
            "0,0",
            List.of("0.97"),
            "1,0",
            List.of("0.95"),
            "0,1",
            List.of("0.96"));
    List<String> texts = new ArrayList<>();
    for (XYAnnotation a : chart.getXYPlot().getAnnotations()) {
      if (a instanceof XYTextAnnotation t) {
        texts.add(t.getText() + "@" + t.getX() + "," + t.getY());
      }
    }
    assertTrue(texts.contains("no run@1.0,1.0"), texts.toString());
    Rendered r = new Rendered(chart);
    // off the label and between two hatch lines: the light grey, unlike any colour of the scale
    Color missing = r.at(1 - 0.3, 1 + 0.3);
    assertEquals(Plots.NO_RUN_PAINT, missing);
    PaintScale scale = scale(chart);
    for (double v = scale.getLowerBound(); v <= scale.getUpperBound(); v += 0.001) {
      assertNotEquals(scale.getPaint(v), missing, "a scale colour at " + v);
    }
    assertTrue(distance((Color) scale.getPaint(scale.getLowerBound()), missing) > 20);
    // hatching: a row of pixels across the cell (below its label) crosses several darker lines
    int dark = 0;
    for (double x = 0.55; x <= 1.45; x += 0.005) {
      Color c = r.at(x, 1 + 0.3);
      if (!c.equals(Plots.NO_RUN_PAINT)) {
        dark++;
        assertTrue(c.getRed() < Plots.NO_RUN_PAINT.getRed(), "hatch pixel " + c);
      }
    }
    assertTrue(dark >= 4, "hatch pixels crossed: " + dark);
    List<String> legend = legendLabels(chart);
    assertTrue(legend.stream().anyMatch(l -> l.startsWith("no run")), legend.toString());
    assertFalse(legend.stream().anyMatch(l -> l.startsWith("failed")), legend.toString());
  }

  @Test
  void aFailedCellIsGreyAndNamedApartFromNoRun() {
    JFreeChart chart =
        heatmap(
            List.of("none", "little"),
            List.of("cwtm"),
            "0,0",
            List.of("0.97"),
            "1,0",
            List.of("", ""));
    Rendered r = new Rendered(chart);
    assertEquals(Plots.FAILED_PAINT, r.at(1.3, 0.3));
    List<String> legend = legendLabels(chart);
    assertTrue(legend.stream().anyMatch(l -> l.startsWith("failed")), legend.toString());
    assertFalse(legend.stream().anyMatch(l -> l.startsWith("no run")), legend.toString());
  }

  @Test
  void aSingleValueStillGetsABarOfSomeLength() {
    assertArrayEquals(new double[] {0.495, 0.505}, Plots.range(List.of(0.5)), 1e-12);
    assertArrayEquals(new double[] {0.2, 0.9}, Plots.range(List.of(0.9, 0.2, 0.5)), 0);
  }

  @Test
  void theSuccessRateHeatmapAveragesTheSeedsOfEachTargetedCell() {
    List<Map<String, String>> summary = new ArrayList<>();
    String[][] runs = {
      {"cwtm", "backdoor", "1", "0.2"},
      {"cwtm", "backdoor", "2", "0.4"},
      {"cwtm", "replacement", "1", "0.9"},
      {"average", "backdoor", "1", "0.99"}
    };
    for (String[] r : runs) {
      summary.add(
          Map.of(
              "aggregator",
              r[0],
              "attack",
              r[1],
              "seed",
              r[2],
              Plots.FINAL_ASR,
              r[3],
              "final_accuracy",
              "0.9"));
    }
    Plots p = new Plots(List.of("aggregator", "attack", "seed"), List.of(), summary, List.of());
    JFreeChart chart = p.heatmapRuleAttackAsr(summary, "");
    assertTrue(
        chart.getTitle().getText().contains("attack success rate"), chart.getTitle().getText());
    PaintScale scale = scale(chart);
    assertEquals(0.3, scale.getLowerBound(), 1e-12); // cwtm × backdoor: (0.2 + 0.4)/2
    assertEquals(0.99, scale.getUpperBound(), 1e-12);
    assertEquals("attack success rate", colourBarLabel(chart));
    assertEquals("accuracy", colourBarLabel(p.heatmapRuleAttack(summary, "")));
  }

  /** Rows of one run (rule, attack, seed) over 3 evaluations, as results.csv has them. */
  private static List<Map<String, String>> seedRows(String rule, String attack, int seed) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (int s = 1; s <= 3; s++) {
      rows.add(
          Map.of(
              "run_id",
              "aggregator=" + rule + "_attack=" + attack + "_seed=" + seed,
              "aggregator",
              rule,
              "attack",
              attack,
              "seed",
              Integer.toString(seed),
              "step",
              Integer.toString(10 * s),
              "test_accuracy",
              Double.toString(0.5 + 0.1 * s + 0.01 * seed),
              "train_loss",
              "0.5"));
    }
    return rows;
  }

  private static String curvesTitle(List<Map<String, String>> rows) {
    Plots p = new Plots(List.of("aggregator", "attack", "seed"), List.of(), rows, List.of());
    return p.curves(rows, "test_accuracy", "test accuracy", "").getTitle().getText();
  }

  @Test
  void curvesOfOneSeedClaimNoMeanAndNoBand() {
    List<Map<String, String>> rows = new ArrayList<>(seedRows("cwtm", "little", 1));
    rows.addAll(seedRows("krum", "little", 1));
    rows.addAll(seedRows("cwtm", "empire", 2)); // another seed, but still one per line
    assertEquals("test accuracy by attack (one seed)", curvesTitle(rows));
  }

  @Test
  void curvesSayHowManySeedsTheirMeanAndBandCover() {
    List<Map<String, String>> rows = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      rows.addAll(seedRows("cwtm", "little", seed));
      rows.addAll(seedRows("krum", "little", seed));
    }
    assertEquals("test accuracy by attack (mean over 3 seeds, band min–max)", curvesTitle(rows));
    rows.addAll(seedRows("mda", "little", 1)); // a line of one seed beside lines of three
    assertEquals(
        "test accuracy by attack (mean over 1–3 seeds per line, band min–max)", curvesTitle(rows));
  }

  /** Summary rows: {aggregator, attack, seed, final accuracy ("" when the run failed)}. */
  private static List<Map<String, String>> summaryRows(String[][] runs) {
    List<Map<String, String>> summary = new ArrayList<>();
    for (String[] r : runs) {
      summary.add(
          Map.of(
              "aggregator",
              r[0],
              "attack",
              r[1],
              "byzantine",
              "1",
              "seed",
              r[2],
              "final_accuracy",
              r[3]));
    }
    return summary;
  }

  @Test
  void heatmapTitlesSayOneSeedOrHowManySeedsEachCellAverages() {
    List<String> config = List.of("aggregator", "attack", "byzantine", "seed");
    List<Map<String, String>> one =
        summaryRows(
            new String[][] {
              {"cwtm", "little", "1", "0.9"},
              {"cwtm", "empire", "1", "0.8"},
              {"krum", "little", "1", ""} // failed: its cell says so, the title is unchanged
            });
    Plots p = new Plots(config, one, List.of(), List.of());
    assertEquals(
        "final test accuracy, one seed", p.heatmapRuleAttack(one, "").getTitle().getText());
    // worst-case.csv: one row per (rule, f, seed), its attacks' minimum
    List<Map<String, String>> worst =
        List.of(
            Map.of(
                "aggregator", "cwtm", "byzantine", "1", "seed", "1", "worst_final_accuracy", "0.8"),
            Map.of(
                "aggregator", "krum", "byzantine", "1", "seed", "1", "worst_final_accuracy", ""));
    assertEquals(
        "worst-case accuracy over attacks, one seed (momentum = 0.9)",
        p.heatmapRuleF(worst, " (momentum = 0.9)").getTitle().getText());

    List<Map<String, String>> two =
        summaryRows(
            new String[][] {
              {"cwtm", "little", "1", "0.9"}, {"cwtm", "little", "2", "0.7"},
              {"krum", "little", "1", "0.6"}, {"krum", "little", "2", "0.5"}
            });
    assertEquals(
        "final test accuracy, mean over 2 seeds",
        new Plots(config, two, List.of(), List.of())
            .heatmapRuleAttack(two, "")
            .getTitle()
            .getText());
    // a failed seed leaves its cell the mean of the others: 1 and 2 seeds
    List<Map<String, String>> mixed =
        summaryRows(
            new String[][] {
              {"cwtm", "little", "1", "0.9"}, {"cwtm", "little", "2", "0.7"},
              {"krum", "little", "1", "0.6"}, {"krum", "little", "2", ""}
            });
    assertEquals(
        "final test accuracy, mean over 1–2 seeds per cell",
        new Plots(config, mixed, List.of(), List.of())
            .heatmapRuleAttack(mixed, "")
            .getTitle()
            .getText());
  }

  /** The label of a heatmap's colour bar. */
  private static String colourBarLabel(JFreeChart chart) {
    for (Object t : chart.getSubtitles()) {
      if (t instanceof org.jfree.chart.title.PaintScaleLegend l) {
        return l.getAxis().getLabel();
      }
    }
    throw new AssertionError("no colour bar");
  }
}
