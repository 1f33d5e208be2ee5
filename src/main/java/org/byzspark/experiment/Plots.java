package org.byzspark.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.byzspark.io.AtomicFile;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The pictures of {@code byzspark plot}, drawn with JFreeChart (PNG) and JFreeSVG (SVG) from the
 * tidy tables.
 *
 * <ul>
 *   <li>{@code curves-accuracy*.png|svg}, {@code curves-loss*.png|svg}: one panel per attack, one
 *       line per rule (aggregator with its pre-aggregators and parameters): the mean over seeds of
 *       test accuracy (train loss) at each evaluated step, shaded between the minimum and maximum
 *       over seeds.
 *   <li>{@code heatmap-rule-attack*.png|svg}: final accuracy, mean over seeds, rule × attack; a
 *       cell where every seed failed says "failed".
 *   <li>{@code heatmap-rule-f-worst*.png|svg}: worst-case accuracy (worst-case.csv, mean over
 *       seeds), rule × f.
 * </ul>
 *
 * <p>Options that vary in the grid other than the rule, the attack, f (for the second heatmap) and
 * the seed (e.g. β) give one set of files each, named by their values ({@code _momentum=0.99}).
 *
 * <p>{@link #withCurves} changes the curves: their x-axis can be another metrics column ({@code
 * sim_time}, HGO Figures 3–4; the mean over seeds is then taken at equal x values), and their lines
 * can be labelled by configuration columns instead of the rule (e.g. {@code algorithm,deadline}:
 * HGO(τ), SGD(τ) and SGD(∞) as three lines of one picture); those columns, and the columns whose
 * value follows from theirs (the other members of a zip group), then give no separate files, and
 * the rule is added to a line's label when it varies too.
 */
public final class Plots {
  static final Set<String> RULE = Set.of("aggregator", "pre", "agg_params");
  static final Set<String> ATTACK = Set.of("attack", "attack_params");
  static final Paint[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };

  private final List<String> config;
  private final List<Map<String, String>> summary;
  private final List<Map<String, String>> results;
  private final List<Map<String, String>> worst;
  private String x = "step";
  private List<String> lines = List.of();

  /**
   * @param config the configuration columns (in table order)
   */
  public Plots(
      List<String> config,
      List<Map<String, String>> summary,
      List<Map<String, String>> results,
      List<Map<String, String>> worst) {
    this.config = config;
    this.summary = summary;
    this.results = results;
    this.worst = worst;
  }

  /**
   * The curves' x-axis (a metrics column: {@code step} or {@code sim_time}) and the configuration
   * columns that label their lines (empty: the rule).
   */
  public Plots withCurves(String xColumn, List<String> lineColumns) {
    this.x = xColumn;
    this.lines = List.copyOf(lineColumns);
    return this;
  }

  /**
   * The label of a row's line: the rule, or the values of the line columns (and a varying rule).
   */
  private String line(Map<String, String> r, boolean ruleVaries) {
    if (lines.isEmpty()) {
      return rule(r);
    }
    List<String> parts = new ArrayList<>();
    if (ruleVaries) {
      parts.add(rule(r));
    }
    for (String c : lines) {
      parts.add(c + "=" + r.getOrDefault(c, ""));
    }
    return String.join(" ", parts);
  }

  static String rule(Map<String, String> r) {
    String pre = r.getOrDefault("pre", "");
    String params = r.getOrDefault("agg_params", "");
    return (pre.isEmpty() ? "" : pre.replace(",", "+") + "+")
        + r.getOrDefault("aggregator", "?")
        + (params.isEmpty() ? "" : ":" + params);
  }

  static String attack(Map<String, String> r) {
    String params = r.getOrDefault("attack_params", "");
    return r.getOrDefault("attack", "?") + (params.isEmpty() ? "" : ":" + params);
  }

  /** Configuration columns with more than one value, minus the given ones and the seed. */
  private List<String> facets(List<Map<String, String>> rows, Set<String> minus) {
    List<String> out = new ArrayList<>();
    for (String c : config) {
      if (minus.contains(c) || c.equals("seed") || RULE.contains(c) || ATTACK.contains(c)) {
        continue;
      }
      Set<String> v = new LinkedHashSet<>();
      rows.forEach(r -> v.add(r.getOrDefault(c, "")));
      if (v.size() > 1) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Whether a column's value is a function of the line columns' values (e.g. the other members of a
   * zip group with {@code algorithm}): it then needs no files of its own.
   */
  private boolean followsLines(String column) {
    if (lines.isEmpty()) {
      return false;
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (Map<String, String> r : summary) {
      String key = line(r, true);
      String v = r.getOrDefault(column, "");
      if (!seen.computeIfAbsent(key, k -> v).equals(v)) {
        return false;
      }
    }
    return true;
  }

  private static <T> Map<String, List<Map<String, String>>> groupBy(
      List<Map<String, String>> rows, Function<Map<String, String>, String> key) {
    Map<String, List<Map<String, String>>> m = new LinkedHashMap<>();
    for (Map<String, String> r : rows) {
      m.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    return m;
  }

  /** Longest file-name suffix kept as it is; a longer one is cut and ends with a hash. */
  static final int MAX_SUFFIX = 120;

  /**
   * {@code _option=value...} of the facets; beyond {@link #MAX_SUFFIX} characters (many options
   * vary, e.g. a grid mixing plain and HGO runs) the first 80 characters and 8 hex digits of the
   * SHA-256 of the whole suffix, so that a file name stays valid and distinct (the caption inside
   * the picture has every value).
   */
  static String suffix(Map<String, String> r, List<String> facets) {
    StringBuilder sb = new StringBuilder();
    for (String f : facets) {
      sb.append('_').append(f).append('=').append(RunId.clean(r.getOrDefault(f, "")));
    }
    if (sb.length() <= MAX_SUFFIX) {
      return sb.toString();
    }
    String h = RunId.hash(Map.of("suffix", sb.toString())).substring(0, 8);
    return sb.substring(0, 80) + "_" + h;
  }

  private static String caption(Map<String, String> r, List<String> facets) {
    List<String> parts = new ArrayList<>();
    for (String f : facets) {
      parts.add(f + " = " + r.getOrDefault(f, ""));
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  /** Draws everything into {@code dir}; returns the file names written. */
  public List<String> writeAll(String dir, Configuration hadoop) {
    List<String> written = new ArrayList<>();
    List<String> curveFacets = facets(summary, Set.copyOf(lines));
    curveFacets.removeIf(this::followsLines);
    for (List<Map<String, String>> part : groupBy(results, r -> suffix(r, curveFacets)).values()) {
      String sfx = suffix(part.get(0), curveFacets);
      String cap = caption(part.get(0), curveFacets);
      written.addAll(
          save(
              dir,
              "curves-accuracy" + sfx,
              curves(part, "test_accuracy", "test accuracy", cap),
              hadoop));
      written.addAll(
          save(
              dir,
              "curves-loss" + sfx,
              curves(part, "train_loss", "train loss (honest workers)", cap),
              hadoop));
    }
    for (List<Map<String, String>> part : groupBy(summary, r -> suffix(r, curveFacets)).values()) {
      written.addAll(
          save(
              dir,
              "heatmap-rule-attack" + suffix(part.get(0), curveFacets),
              heatmapRuleAttack(part, caption(part.get(0), curveFacets)),
              hadoop));
    }
    if (!worst.isEmpty() && worst.get(0).containsKey("byzantine")) {
      List<String> wf = facets(worst, Set.of("byzantine"));
      for (List<Map<String, String>> part : groupBy(worst, r -> suffix(r, wf)).values()) {
        written.addAll(
            save(
                dir,
                "heatmap-rule-f-worst" + suffix(part.get(0), wf),
                heatmapRuleF(part, caption(part.get(0), wf)),
                hadoop));
      }
    }
    return written;
  }

  /** Panels per attack (stacked, shared step axis), one mean line and min–max band per rule. */
  JFreeChart curves(List<Map<String, String>> rows, String metric, String label, String cap) {
    boolean ruleVaries = rows.stream().map(Plots::rule).distinct().count() > 1;
    List<String> rules =
        new ArrayList<>(new LinkedHashSet<>(rows.stream().map(r -> line(r, ruleVaries)).toList()));
    NumberAxis steps = new NumberAxis(x);
    if (x.equals("step")) {
      steps.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(steps);
    plot.setGap(12);
    for (Map.Entry<String, List<Map<String, String>>> panel :
        groupBy(rows, Plots::attack).entrySet()) {
      YIntervalSeriesCollection data = new YIntervalSeriesCollection();
      DeviationRenderer renderer = new DeviationRenderer(true, false);
      renderer.setAlpha(0.18f);
      int k = 0;
      for (String rule : rules) {
        // x (the step, or sim_time) → values over seeds
        TreeMap<Double, List<Double>> byStep = new TreeMap<>();
        for (Map<String, String> r : panel.getValue()) {
          String v = r.getOrDefault(metric, "");
          String at = r.getOrDefault(x, "");
          if (line(r, ruleVaries).equals(rule) && !v.isEmpty() && !at.isEmpty()) {
            byStep
                .computeIfAbsent(Double.parseDouble(at), s -> new ArrayList<>())
                .add(Double.parseDouble(v));
          }
        }
        YIntervalSeries s = new YIntervalSeries(rule);
        byStep.forEach(
            (step, vs) -> {
              double mean =
                  vs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
              double lo = vs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
              double hi = vs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
              if (Double.isFinite(mean) && Double.isFinite(lo) && Double.isFinite(hi)) {
                s.add(step, mean, lo, hi);
              }
            });
        data.addSeries(s);
        Paint p = PALETTE[rules.indexOf(rule) % PALETTE.length];
        renderer.setSeriesPaint(k, p);
        renderer.setSeriesFillPaint(k, p);
        renderer.setSeriesStroke(k, new BasicStroke(1.6f));
        k++;
      }
      NumberAxis y = new NumberAxis(panel.getKey());
      y.setAutoRangeIncludesZero(false);
      y.setLabelFont(new Font("SansSerif", Font.BOLD, 13));
      XYPlot sub = new XYPlot(data, null, y, renderer);
      if (metric.equals("test_accuracy") && y.getUpperBound() > 1.0) {
        // the data's range (curves that stay between 0.9 and 0.97 are not flattened into a 0-1
        // axis), but an accuracy axis never goes past 1
        y.setRange(Math.min(y.getLowerBound(), 0.99), 1.0);
      }
      sub.setBackgroundPaint(Color.WHITE);
      sub.setDomainGridlinePaint(new Color(0xdddddd));
      sub.setRangeGridlinePaint(new Color(0xdddddd));
      plot.add(sub, 1);
    }
    LegendItemCollection legend = new LegendItemCollection();
    for (String rule : rules) {
      LegendItem item = new LegendItem(rule, PALETTE[rules.indexOf(rule) % PALETTE.length]);
      legend.add(item);
    }
    plot.setFixedLegendItems(legend);
    JFreeChart chart =
        new JFreeChart(
            label + " by attack (mean over seeds, band min–max)" + cap,
            new Font("SansSerif", Font.BOLD, 15),
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setFrame(BlockBorder.NONE);
    return chart;
  }

  JFreeChart heatmapRuleAttack(List<Map<String, String>> rows, String cap) {
    List<String> rules =
        new ArrayList<>(new LinkedHashSet<>(rows.stream().map(Plots::rule).toList()));
    List<String> attacks =
        new ArrayList<>(new LinkedHashSet<>(rows.stream().map(Plots::attack).toList()));
    Map<String, List<String>> cells = new LinkedHashMap<>();
    for (Map<String, String> r : rows) {
      cells
          .computeIfAbsent(
              attacks.indexOf(attack(r)) + "," + rules.indexOf(rule(r)), k -> new ArrayList<>())
          .add(r.getOrDefault("final_accuracy", ""));
    }
    return heatmap(attacks, rules, cells, "attack", "final test accuracy, mean over seeds" + cap);
  }

  JFreeChart heatmapRuleF(List<Map<String, String>> rows, String cap) {
    List<String> rules =
        new ArrayList<>(new LinkedHashSet<>(rows.stream().map(Plots::rule).toList()));
    List<String> fs =
        new ArrayList<>(
            new TreeMap<Integer, String>(
                    rows.stream()
                        .collect(
                            java.util.stream.Collectors.toMap(
                                r -> Integer.parseInt(r.get("byzantine")),
                                r -> r.get("byzantine"),
                                (a, b) -> a)))
                .values());
    Map<String, List<String>> cells = new LinkedHashMap<>();
    for (Map<String, String> r : rows) {
      cells
          .computeIfAbsent(
              fs.indexOf(r.get("byzantine")) + "," + rules.indexOf(rule(r)), k -> new ArrayList<>())
          .add(r.getOrDefault("worst_final_accuracy", ""));
    }
    return heatmap(
        fs,
        rules,
        cells,
        "f (Byzantine workers)",
        "worst-case accuracy over attacks, mean over seeds" + cap);
  }

  /**
   * A block heatmap: columns × rows, each cell the mean of its non-empty values (accuracy in [0,
   * 1], white to dark blue), written in the cell; "failed" when it has values but all empty.
   */
  static JFreeChart heatmap(
      List<String> cols,
      List<String> rows,
      Map<String, List<String>> cells,
      String colLabel,
      String title) {
    DefaultXYZDataset data = new DefaultXYZDataset();
    List<double[]> pts = new ArrayList<>();
    List<XYTextAnnotation> notes = new ArrayList<>();
    for (Map.Entry<String, List<String>> c : cells.entrySet()) {
      String[] ij = c.getKey().split(",");
      int x = Integer.parseInt(ij[0]);
      int y = Integer.parseInt(ij[1]);
      double mean =
          c.getValue().stream()
              .filter(v -> !v.isEmpty())
              .mapToDouble(Double::parseDouble)
              .average()
              .orElse(Double.NaN);
      pts.add(new double[] {x, y, Double.isNaN(mean) ? -1 : mean});
      XYTextAnnotation a =
          new XYTextAnnotation(
              Double.isNaN(mean) ? "failed" : String.format(Locale.ROOT, "%.3f", mean), x, y);
      a.setFont(new Font("SansSerif", Font.PLAIN, 12));
      a.setPaint(!Double.isNaN(mean) && mean > 0.6 ? Color.WHITE : Color.BLACK);
      notes.add(a);
    }
    double[][] series = new double[3][pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      for (int k = 0; k < 3; k++) {
        series[k][i] = pts.get(i)[k];
      }
    }
    data.addSeries("cells", series);
    LookupPaintScale scale = new LookupPaintScale(-1, 1.0001, new Color(0xbbbbbb));
    scale.add(-1, new Color(0xbbbbbb));
    for (int i = 0; i <= 20; i++) {
      double v = i / 20.0;
      // white → dark blue
      int r = (int) Math.round(247 - v * (247 - 8));
      int g = (int) Math.round(251 - v * (251 - 48));
      int b = (int) Math.round(255 - v * (255 - 107));
      scale.add(v, new Color(r, g, b));
    }
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(scale);
    SymbolAxis x = new SymbolAxis(colLabel, cols.toArray(String[]::new));
    SymbolAxis y = new SymbolAxis("rule", rows.toArray(String[]::new));
    x.setGridBandsVisible(false);
    y.setGridBandsVisible(false);
    y.setInverted(true);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    notes.forEach(plot::addAnnotation);
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    LookupPaintScale legendScale = new LookupPaintScale(0, 1.0001, Color.WHITE);
    for (int i = 0; i <= 20; i++) {
      legendScale.add(i / 20.0, scale.getPaint(i / 20.0));
    }
    NumberAxis legendAxis = new NumberAxis("accuracy");
    legendAxis.setRange(0, 1);
    PaintScaleLegend legend = new PaintScaleLegend(legendScale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 8, 4, 4);
    legend.setStripWidth(14);
    chart.addSubtitle(legend);
    if (pts.stream().anyMatch(p -> p[2] < 0)) {
      chart.addSubtitle(new TextTitle("grey: every run of the cell failed (e.g. diverged)"));
    }
    return chart;
  }

  /** Size of a picture: curves grow with the number of panels, heatmaps with rows and columns. */
  static int[] size(JFreeChart chart) {
    if (chart.getPlot() instanceof CombinedDomainXYPlot c) {
      return new int[] {900, 140 + 230 * Math.max(1, c.getSubplots().size())};
    }
    XYPlot p = chart.getXYPlot();
    if (!(p.getDomainAxis() instanceof SymbolAxis)) { // a plain line chart
      return new int[] {900, 520};
    }
    int cols = ((SymbolAxis) p.getDomainAxis()).getSymbols().length;
    int rows = ((SymbolAxis) p.getRangeAxis()).getSymbols().length;
    return new int[] {Math.max(520, 260 + 95 * cols), Math.max(300, 150 + 34 * rows)};
  }

  /** Writes NAME.png and NAME.svg (atomically, through Hadoop); returns the names. */
  static List<String> save(String dir, String name, JFreeChart chart, Configuration hadoop) {
    int[] wh = size(chart);
    try {
      BufferedImage img = new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      chart.draw(g, new Rectangle(wh[0], wh[1]));
      g.dispose();
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(img, "png", png);
      AtomicFile.write(new Path(dir, name + ".png"), png.toByteArray(), hadoop);
      SVGGraphics2D svg = new SVGGraphics2D(wh[0], wh[1]);
      chart.draw(svg, new Rectangle(wh[0], wh[1]));
      AtomicFile.write(
          new Path(dir, name + ".svg"),
          svg.getSVGDocument().getBytes(StandardCharsets.UTF_8),
          hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " into " + dir, e);
    }
    return List.of(name + ".png", name + ".svg");
  }
}
