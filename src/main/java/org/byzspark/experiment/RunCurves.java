package org.byzspark.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One line per run directory: a metrics.csv column against another (e.g. test accuracy against
 * {@code sim_time} for HGO Figures 3–4, or against {@code step}), PNG and SVG. The runs of one HGO
 * figure differ in options {@code byzspark plot} does not facet into one picture (the algorithm,
 * the profile, f), hence this small tool, used by {@code scripts/hgo-figures.sh plot}:
 *
 * <pre>  java -cp ... org.byzspark.experiment.RunCurves OUT_DIR NAME TITLE XCOL YCOL RUN_DIR...
 * </pre>
 *
 * Each line is labelled by its run directory's name; rows whose YCOL is empty are skipped.
 */
public final class RunCurves {
  private RunCurves() {}

  /** The chart of {@code ycol} against {@code xcol}, one series per (label, metrics rows). */
  static JFreeChart chart(
      String title,
      String xcol,
      String ycol,
      List<Map.Entry<String, List<Map<String, String>>>> runs) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<Map<String, String>>> run : runs) {
      XYSeries s = new XYSeries(run.getKey(), false, true);
      for (Map<String, String> row : run.getValue()) {
        String x = row.getOrDefault(xcol, "");
        String y = row.getOrDefault(ycol, "");
        if (!x.isEmpty() && !y.isEmpty()) {
          s.add(Double.parseDouble(x), Double.parseDouble(y));
        }
      }
      data.addSeries(s);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int k = 0; k < runs.size(); k++) {
      renderer.setSeriesPaint(k, Plots.PALETTE[k % Plots.PALETTE.length]);
      renderer.setSeriesStroke(k, new BasicStroke(1.8f));
    }
    NumberAxis x = new NumberAxis(xcol);
    NumberAxis y = new NumberAxis(ycol);
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setFrame(BlockBorder.NONE);
    return chart;
  }

  public static void main(String[] args) {
    if (args.length < 6) {
      System.err.println("usage: RunCurves OUT_DIR NAME TITLE XCOL YCOL RUN_DIR...");
      System.exit(2);
    }
    List<Map.Entry<String, List<Map<String, String>>>> runs = new ArrayList<>();
    for (int i = 5; i < args.length; i++) {
      java.nio.file.Path dir = java.nio.file.Path.of(args[i]);
      try {
        String csv = Files.readString(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
        runs.add(Map.entry(dir.getFileName().toString(), Csv.parse(csv)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dir.resolve("metrics.csv"), e);
      }
    }
    System.setProperty("java.awt.headless", "true");
    for (String f :
        Plots.save(args[0], args[1], chart(args[2], args[3], args[4], runs), new Configuration())) {
      System.out.println(args[0] + "/" + f);
    }
  }
}
