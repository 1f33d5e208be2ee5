package org.byzspark.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Collection;
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
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
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
 *       over seeds. A rule that ran only without attack (RESAM's "No attack" benchmark, averaging
 *       with every worker honest) is drawn as a dashed grey line, "No attack (rule)", in every
 *       attack's panel instead of a panel of its own.
 *   <li>{@code heatmap-rule-attack*.png|svg}: final accuracy, mean over seeds, rule × attack; a
 *       cell where every seed failed says "failed" (grey), a cell the grid has no run for says "no
 *       run" (light grey, hatched), and a legend names both.
 *   <li>{@code heatmap-rule-f-worst*.png|svg}: worst-case accuracy (worst-case.csv, mean over
 *       seeds), rule × f, drawn the same way.
 *   <li>{@code heatmap-rule-attack-asr*.png|svg}, when the grid has targeted attacks: their final
 *       attack success rate ({@code final_test_asr}), mean over seeds, rule × targeted attack.
 * </ul>
 *
 * <p>Titles say how many seeds a line or cell holds: "one seed" when each has one (no mean, no
 * band), "mean over N seeds" when each has N, "mean over A–B seeds per line" ("per cell") when they
 * differ; a heatmap cell counts its runs that finished.
 *
 * <p>A heatmap's colours span the range of its cell values (light blue at the minimum, dark blue at
 * the maximum), whose ends and middle the colour bar prints, so that 0.92 and 0.99 differ.
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

  /** The summary column of a targeted attack's final success rate. */
  static final String FINAL_ASR = "final_test_asr";

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
      List<Map<String, String>> targeted =
          part.stream().filter(r -> !r.getOrDefault(FINAL_ASR, "").isEmpty()).toList();
      if (!targeted.isEmpty()) {
        written.addAll(
            save(
                dir,
                "heatmap-rule-attack-asr" + suffix(part.get(0), curveFacets),
                heatmapRuleAttackAsr(targeted, caption(part.get(0), curveFacets)),
                hadoop));
      }
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
    Map<String, List<Map<String, String>>> panels = groupBy(rows, Plots::attack);
    // RESAM's "No attack" benchmark (rules run only with attack none, e.g. averaging): drawn as a
    // dashed line in every attack's panel instead of a panel of its own
    Set<String> baseline = baselineLines(panels, ruleVaries);
    if (!baseline.isEmpty()) {
      List<Map<String, String>> none = panels.remove(NO_ATTACK);
      panels.replaceAll(
          (a, part) -> {
            List<Map<String, String>> with = new ArrayList<>(part);
            with.addAll(none);
            return with;
          });
    }
    List<Integer> seedsPerLine = new ArrayList<>();
    for (Map.Entry<String, List<Map<String, String>>> panel : panels.entrySet()) {
      YIntervalSeriesCollection data = new YIntervalSeriesCollection();
      DeviationRenderer renderer = new DeviationRenderer(true, false);
      renderer.setAlpha(0.18f);
      int k = 0;
      for (String rule : rules) {
        // x (the step, or sim_time) → values over seeds
        TreeMap<Double, List<Double>> byStep = new TreeMap<>();
        Set<String> seeds = new LinkedHashSet<>(); // the line's runs (one per seed) in this panel
        for (Map<String, String> r : panel.getValue()) {
          String v = r.getOrDefault(metric, "");
          String at = r.getOrDefault(x, "");
          if (line(r, ruleVaries).equals(rule) && !v.isEmpty() && !at.isEmpty()) {
            byStep
                .computeIfAbsent(Double.parseDouble(at), s -> new ArrayList<>())
                .add(Double.parseDouble(v));
            seeds.add(r.getOrDefault("run_id", r.getOrDefault("seed", "")));
          }
        }
        if (!seeds.isEmpty()) {
          seedsPerLine.add(seeds.size());
        }
        YIntervalSeries s = new YIntervalSeries(baseline.contains(rule) ? noAttack(rule) : rule);
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
        renderer.setSeriesStroke(k, baseline.contains(rule) ? DASHED : new BasicStroke(1.6f));
        if (baseline.contains(rule)) {
          renderer.setSeriesPaint(k, BASELINE_PAINT);
          renderer.setSeriesFillPaint(k, BASELINE_PAINT);
        }
        k++;
      }
      NumberAxis y = new NumberAxis("attack " + panel.getKey());
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
      LegendItem item =
          baseline.contains(rule)
              ? new LegendItem(noAttack(rule), BASELINE_PAINT)
              : new LegendItem(rule, PALETTE[rules.indexOf(rule) % PALETTE.length]);
      legend.add(item);
    }
    plot.setFixedLegendItems(legend);
    String seedText = seeds(seedsPerLine, "line");
    boolean band = seedsPerLine.stream().anyMatch(n -> n > 1);
    JFreeChart chart =
        new JFreeChart(
            label + " by attack (" + seedText + (band ? ", band min–max" : "") + ")" + cap,
            new Font("SansSerif", Font.BOLD, 15),
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setFrame(BlockBorder.NONE);
    return chart;
  }

  /**
   * What a title says of the seeds behind its lines (cells), from each one's number of seeds: "one
   * seed" when each has one, "mean over N seeds" when each has N, "mean over A–B seeds per {@code
   * per}" when they differ, "no finished run" when there is none.
   */
  static String seeds(Collection<Integer> counts, String per) {
    int lo = counts.stream().mapToInt(Integer::intValue).min().orElse(0);
    int hi = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
    if (hi == 0) {
      return "no finished run";
    }
    if (hi == 1) {
      return "one seed";
    }
    return lo == hi
        ? "mean over " + hi + " seeds"
        : "mean over " + lo + "–" + hi + " seeds per " + per;
  }

  /** {@link #seeds} of heatmap cells: each cell's number of values (runs that finished). */
  static String cellSeeds(Map<String, List<String>> cells) {
    List<Integer> counts = new ArrayList<>();
    for (List<String> c : cells.values()) {
      long n = c.stream().filter(v -> !v.isEmpty()).count();
      if (n > 0) {
        counts.add((int) n);
      }
    }
    return seeds(counts, "cell");
  }

  static final String NO_ATTACK = "none";
  static final Color BASELINE_PAINT = new Color(0x333333);
  static final BasicStroke DASHED =
      new BasicStroke(
          1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  /**
   * The lines of the "No attack" benchmark: those of the {@code none} panel whose line appears in
   * no other panel, when there are other panels (empty otherwise: then {@code none} keeps its
   * panel).
   */
  private Set<String> baselineLines(
      Map<String, List<Map<String, String>>> panels, boolean ruleVaries) {
    List<Map<String, String>> none = panels.get(NO_ATTACK);
    if (none == null || panels.size() < 2) {
      return Set.of();
    }
    Set<String> lines = new LinkedHashSet<>();
    none.forEach(r -> lines.add(line(r, ruleVaries)));
    for (Map.Entry<String, List<Map<String, String>>> e : panels.entrySet()) {
      if (!e.getKey().equals(NO_ATTACK)) {
        for (Map<String, String> r : e.getValue()) {
          if (lines.contains(line(r, ruleVaries))) {
            return Set.of(); // the rule also ran under attack: none is an attack column of its own
          }
        }
      }
    }
    return lines;
  }

  private static String noAttack(String line) {
    return "No attack (" + line + ")";
  }

  JFreeChart heatmapRuleAttack(List<Map<String, String>> rows, String cap) {
    return ruleByAttack(rows, "final_accuracy", "accuracy", "final test accuracy", cap);
  }

  /** Final attack success rate, mean over seeds, rule × targeted attack. */
  JFreeChart heatmapRuleAttackAsr(List<Map<String, String>> rows, String cap) {
    return ruleByAttack(rows, FINAL_ASR, "attack success rate", "final attack success rate", cap);
  }

  /**
   * A summary column, mean over seeds, rule × attack; {@code value} names it on the colour bar,
   * {@code what} in the title (before the seeds and the caption).
   */
  private static JFreeChart ruleByAttack(
      List<Map<String, String>> rows, String column, String value, String what, String cap) {
    List<String> rules =
        new ArrayList<>(new LinkedHashSet<>(rows.stream().map(Plots::rule).toList()));
    List<String> attacks =
        new ArrayList<>(new LinkedHashSet<>(rows.stream().map(Plots::attack).toList()));
    Map<String, List<String>> cells = new LinkedHashMap<>();
    for (Map<String, String> r : rows) {
      cells
          .computeIfAbsent(
              attacks.indexOf(attack(r)) + "," + rules.indexOf(rule(r)), k -> new ArrayList<>())
          .add(r.getOrDefault(column, ""));
    }
    return heatmap(attacks, rules, cells, "attack", value, what + ", " + cellSeeds(cells) + cap);
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
        "accuracy",
        "worst-case accuracy over attacks, " + cellSeeds(cells) + cap);
  }

  /** The z value of a cell where every run failed (drawn {@link #FAILED_PAINT}, "failed"). */
  static final double FAILED = -1;

  /** The z value of a cell the grid has no run for (drawn light grey, hatched, "no run"). */
  static final double NO_RUN = -2;

  static final Color FAILED_PAINT = new Color(0xa0a0a0);
  static final Color NO_RUN_PAINT = new Color(0xf0f0f0);
  static final Color HATCH_PAINT = new Color(0xb4b4b4);

  /**
   * The colour scale of the heatmaps: light blue at {@code lo} to dark blue at {@code hi}, linear
   * in between (values outside are clamped); {@link #FAILED} and {@link #NO_RUN} have their own
   * greys. Its bounds are the data's range, so that close accuracies (0.92 and 0.99) get different
   * colours.
   */
  static final class AccuracyScale implements PaintScale, Serializable {
    private static final int[] LIGHT = {222, 235, 247};
    private static final int[] DARK = {8, 48, 107};
    private final double lo;
    private final double hi;

    AccuracyScale(double lo, double hi) {
      this.lo = lo;
      this.hi = hi;
    }

    @Override
    public double getLowerBound() {
      return lo;
    }

    @Override
    public double getUpperBound() {
      return hi;
    }

    /** Where {@code v} sits in [lo, hi], as a fraction in [0, 1]. */
    double position(double v) {
      return Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    }

    @Override
    public Paint getPaint(double v) {
      if (v == NO_RUN) {
        return NO_RUN_PAINT;
      }
      if (v == FAILED || Double.isNaN(v)) {
        return FAILED_PAINT;
      }
      double t = position(v);
      int[] c = new int[3];
      for (int k = 0; k < 3; k++) {
        c[k] = (int) Math.round(LIGHT[k] + t * (DARK[k] - LIGHT[k]));
      }
      return new Color(c[0], c[1], c[2]);
    }
  }

  /**
   * The scale's bounds for the cell means {@code values}: their minimum and maximum; a single value
   * (or all equal) gets ±0.005 around it, so that the bar has a length.
   */
  static double[] range(List<Double> values) {
    double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    if (!(hi > lo)) {
      lo -= 0.005;
      hi += 0.005;
    }
    return new double[] {lo, hi};
  }

  /** The colour bar's axis: ticks at both ends of the scale and in its middle, 3 decimals. */
  static final class EndsAxis extends NumberAxis {
    EndsAxis(String label, double lo, double hi) {
      super(label);
      setRange(lo, hi);
      setTickLabelFont(new Font("SansSerif", Font.PLAIN, 11));
      // the space the axis reserves is measured with this format: the labels' own
      setNumberFormatOverride(
          new DecimalFormat("0.000", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    }

    /** The tick values: lower end, middle, upper end. */
    double[] tickValues() {
      return new double[] {
        getLowerBound(), (getLowerBound() + getUpperBound()) / 2, getUpperBound()
      };
    }

    @Override
    public List<ValueTick> refreshTicks(
        Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
      // the end labels stay inside the bar's extent instead of hanging past its ends
      TextAnchor[] anchors;
      if (edge == RectangleEdge.LEFT) {
        anchors =
            new TextAnchor[] {
              TextAnchor.BOTTOM_RIGHT, TextAnchor.CENTER_RIGHT, TextAnchor.TOP_RIGHT
            };
      } else if (edge == RectangleEdge.RIGHT) {
        anchors =
            new TextAnchor[] {TextAnchor.BOTTOM_LEFT, TextAnchor.CENTER_LEFT, TextAnchor.TOP_LEFT};
      } else if (edge == RectangleEdge.TOP) {
        anchors =
            new TextAnchor[] {
              TextAnchor.BOTTOM_LEFT, TextAnchor.BOTTOM_CENTER, TextAnchor.BOTTOM_RIGHT
            };
      } else {
        anchors =
            new TextAnchor[] {TextAnchor.TOP_LEFT, TextAnchor.TOP_CENTER, TextAnchor.TOP_RIGHT};
      }
      List<ValueTick> ticks = new ArrayList<>();
      double[] values = tickValues();
      for (int i = 0; i < values.length; i++) {
        String text = String.format(Locale.ROOT, "%.3f", values[i]);
        ticks.add(new NumberTick(values[i], text, anchors[i], anchors[i], 0.0));
      }
      return ticks;
    }
  }

  /** A square of side 1 centred on (x, y) with diagonal hatching, in data coordinates. */
  static Path2D hatched(double x, double y, int lines) {
    Path2D.Double p = new Path2D.Double();
    double x0 = x - 0.5;
    double y0 = y - 0.5;
    p.append(new Rectangle2D.Double(x0, y0, 1, 1), false);
    // lines x - y = c for c in (-1, 1), clipped to the square
    for (int k = 1; k < 2 * lines; k++) {
      double c = -1 + k / (double) lines;
      double ax = c >= 0 ? x0 + c : x0;
      double ay = c >= 0 ? y0 : y0 - c;
      double bx = c >= 0 ? x0 + 1 : x0 + 1 + c;
      double by = c >= 0 ? y0 + 1 - c : y0 + 1;
      p.moveTo(ax, ay);
      p.lineTo(bx, by);
    }
    return p;
  }

  /**
   * A block heatmap: columns × rows, each cell the mean of its non-empty values (what {@code value}
   * names on the colour bar: accuracy, attack success rate), written in the cell, coloured from
   * light to dark blue over the range of the cell means (the colour bar's ends print that range);
   * "failed" (grey) when the cell has values but all empty (every run failed), "no run" (light
   * grey, hatched) when the grid has no run for the cell. A legend names the two greys when they
   * occur.
   */
  static JFreeChart heatmap(
      List<String> cols,
      List<String> rows,
      Map<String, List<String>> cells,
      String colLabel,
      String value,
      String title) {
    DefaultXYZDataset data = new DefaultXYZDataset();
    List<double[]> pts = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    for (Map.Entry<String, List<String>> c : cells.entrySet()) {
      String[] ij = c.getKey().split(",");
      double mean =
          c.getValue().stream()
              .filter(v -> !v.isEmpty())
              .mapToDouble(Double::parseDouble)
              .average()
              .orElse(Double.NaN);
      pts.add(
          new double[] {
            Integer.parseInt(ij[0]), Integer.parseInt(ij[1]), Double.isNaN(mean) ? FAILED : mean
          });
      if (!Double.isNaN(mean)) {
        means.add(mean);
      }
    }
    boolean anyNoRun = false;
    for (int x = 0; x < cols.size(); x++) {
      for (int y = 0; y < rows.size(); y++) {
        if (!cells.containsKey(x + "," + y)) {
          pts.add(new double[] {x, y, NO_RUN});
          anyNoRun = true;
        }
      }
    }
    double[] lohi = range(means);
    AccuracyScale scale = new AccuracyScale(lohi[0], lohi[1]);
    double[][] series = new double[3][pts.size()];
    List<XYTextAnnotation> notes = new ArrayList<>();
    List<XYShapeAnnotation> hatches = new ArrayList<>();
    for (int i = 0; i < pts.size(); i++) {
      double[] p = pts.get(i);
      for (int k = 0; k < 3; k++) {
        series[k][i] = p[k];
      }
      String text =
          p[2] == NO_RUN
              ? "no run"
              : p[2] == FAILED ? "failed" : String.format(Locale.ROOT, "%.3f", p[2]);
      XYTextAnnotation a = new XYTextAnnotation(text, p[0], p[1]);
      a.setFont(new Font("SansSerif", p[2] == NO_RUN ? Font.ITALIC : Font.PLAIN, 12));
      a.setPaint(p[2] >= 0 && scale.position(p[2]) > 0.55 ? Color.WHITE : Color.BLACK);
      a.setBackgroundPaint(p[2] == NO_RUN ? NO_RUN_PAINT : null);
      notes.add(a);
      if (p[2] == NO_RUN) {
        hatches.add(
            new XYShapeAnnotation(
                hatched(p[0], p[1], 4), new BasicStroke(1f), HATCH_PAINT, NO_RUN_PAINT));
      }
    }
    data.addSeries("cells", series);
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
    hatches.forEach(plot::addAnnotation);
    notes.forEach(plot::addAnnotation);
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    PaintScaleLegend legend = new PaintScaleLegend(scale, new EndsAxis(value, scale.lo, scale.hi));
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
    legend.setMargin(4, 8, 4, 4);
    legend.setStripWidth(14);
    legend.setSubdivisionCount(100);
    chart.addSubtitle(legend);
    boolean anyFailed = pts.stream().anyMatch(p -> p[2] == FAILED);
    if (anyFailed || anyNoRun) {
      LegendItemCollection items = new LegendItemCollection();
      Shape swatch = new Rectangle2D.Double(-7, -7, 14, 14);
      if (anyFailed) {
        LegendItem failed =
            new LegendItem("failed: every run of the cell failed (e.g. diverged)", FAILED_PAINT);
        failed.setShape(swatch);
        items.add(failed);
      }
      if (anyNoRun) {
        Path2D hatch = hatched(0, 0, 3);
        hatch.transform(AffineTransform.getScaleInstance(14, 14));
        LegendItem noRun =
            new LegendItem(
                "no run: the grid has no run for the cell",
                null,
                null,
                null,
                true,
                hatch,
                true,
                NO_RUN_PAINT,
                true,
                HATCH_PAINT,
                new BasicStroke(1f),
                false,
                new Line2D.Double(),
                new BasicStroke(1f),
                Color.BLACK);
        items.add(noRun);
      }
      LegendTitle greys = new LegendTitle(() -> items);
      greys.setPosition(RectangleEdge.BOTTOM);
      greys.setFrame(BlockBorder.NONE);
      greys.setItemFont(new Font("SansSerif", Font.PLAIN, 12));
      chart.addSubtitle(greys);
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
