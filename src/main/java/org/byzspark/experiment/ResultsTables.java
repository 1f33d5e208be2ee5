package org.byzspark.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.byzspark.attack.NoAttack;
import org.byzspark.io.Csv;
import org.byzspark.io.ParquetTable;
import org.byzspark.io.RunOutput;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.TrainOptions;

/**
 * The tidy tables of a grid (or of one run directory), derived from the runs' run.json and
 * metrics.csv:
 *
 * <ul>
 *   <li>{@code results.csv} and {@code results.parquet}: one row per (run, evaluated step): run id,
 *       status, every configuration option as a column (dashes become underscores; {@code out},
 *       {@code master} and {@code data-dir} left out), then the metrics of that step. An evaluated
 *       step is one with a {@code test_accuracy}, or with a {@code test_mse} for a regression run
 *       ({@code --model linear}, whose accuracy is empty; its summary's accuracy columns stay
 *       empty). A metric with the name of an option (the {@code lr} column of an HGO run's
 *       metrics.csv, the rate of that step under a schedule) is called {@code step_lr} there.
 *   <li>{@code summary.csv}: one row per run: run id, status, configuration, final accuracy (empty
 *       when the run did not finish), best accuracy over its evaluations, final train loss, steps
 *       done, wall time in seconds, error.
 *   <li>{@code worst-case.csv}: ByzFL's worst-case measure. Runs are grouped by every configuration
 *       column except {@code attack} and {@code attack_params}; per group, the minimum final
 *       accuracy over the finished runs under an attack (the no-attack baseline {@code none} counts
 *       only when it is the group's only attack), the attack that reached it, how many attacks were
 *       counted, and how many runs of the group failed (a failed run, e.g. one that diverged, has
 *       no final accuracy and is reported in that column rather than guessed into the minimum).
 * </ul>
 *
 * <p>A grid resumed with a newer ByzSpark may hold runs whose run.json lacks an option added since:
 * their column holds that option's declared default, the value they ran with.
 *
 * <p>When a run of the tables has a targeted attack (a {@code test_asr} column in its metrics),
 * summary.csv has {@code final_test_asr} after {@code final_accuracy} (the attack success rate at
 * the last evaluation of a finished run; empty for the runs without a targeted attack), and
 * worst-case.csv has {@code worst_test_asr} and {@code worst_asr_attack}: the highest final attack
 * success rate of the group and the attack that reached it (the worst case of a targeted attack is
 * its success, not the clean accuracy).
 */
public final class ResultsTables {
  /** The metrics column of a targeted attack's success rate. */
  static final String ASR = "test_asr";

  /**
   * Configuration entries that are not columns, the recorded options declared without {@link
   * OptionSpec.Flag#COLUMN}: where things are, not what was run (out, master, data-dir).
   */
  static final Set<String> NOT_COLUMNS =
      Set.copyOf(TrainOptions.recordKeys(OptionSpec.Flag.COLUMN, false));

  /**
   * The declared default of every option, by column name: the value of a column a run's run.json
   * does not have (it was written before the option existed, and so ran with its default).
   */
  static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    for (OptionSpec<?> o : TrainOptions.ALL) {
      String d = o.defaultValue();
      m.put(o.name().replace('-', '_'), d == null ? "" : d);
    }
    return Map.copyOf(m);
  }

  /** One run as read back from its directory. */
  public record RunRecord(
      String runId,
      String status,
      String error,
      Map<String, String> config,
      List<Map<String, String>> metrics,
      double wallSeconds) {}

  /** The three tables (header + rows) plus the column types of the results table. */
  public record Tables(
      List<String> resultsHeader,
      List<List<String>> results,
      List<String> summaryHeader,
      List<List<String>> summary,
      List<String> worstHeader,
      List<List<String>> worst) {}

  private ResultsTables() {}

  /** Reads a run directory; null when it has no run.json. */
  public static RunRecord read(String runDir, Configuration hadoop) {
    Path dir = new Path(runDir);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      Path manifest = new Path(dir, RunOutput.MANIFEST);
      if (!fs.isFile(manifest)) {
        return null;
      }
      JsonNode j;
      try (InputStream in = fs.open(manifest)) {
        j = new ObjectMapper().readTree(in);
      }
      Map<String, String> config = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = j.path("config").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!NOT_COLUMNS.contains(e.getKey())) {
          config.put(e.getKey().replace('-', '_'), text(e.getValue()));
        }
      }
      List<Map<String, String>> metrics = List.of();
      Path m = new Path(dir, RunOutput.METRICS);
      if (fs.isFile(m)) {
        try (InputStream in = fs.open(m)) {
          metrics = Csv.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      String status = j.path("status").asText("finished");
      String id = j.hasNonNull("run_id") ? j.get("run_id").asText() : dir.getName();
      double wall = Double.NaN;
      if (j.hasNonNull("start") && j.hasNonNull("end")) {
        wall =
            Duration.between(
                        Instant.parse(j.get("start").asText()),
                        Instant.parse(j.get("end").asText()))
                    .toMillis()
                / 1e3;
      }
      String error = j.hasNonNull("error") ? j.get("error").asText() : "";
      return new RunRecord(id, status, error, config, metrics, wall);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run in " + runDir, e);
    }
  }

  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return "";
    }
    if (v.isObject()) {
      List<String> kv = new ArrayList<>();
      v.fields().forEachRemaining(e -> kv.add(e.getKey() + "=" + text(e.getValue())));
      return String.join(",", kv);
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(x -> items.add(text(x)));
      return String.join(",", items);
    }
    return v.asText();
  }

  /** Builds the three tables from runs (in the given order). */
  public static Tables build(List<RunRecord> runs) {
    Set<String> cols = new LinkedHashSet<>();
    Set<String> metricCols = new LinkedHashSet<>();
    for (RunRecord r : runs) {
      cols.addAll(r.config().keySet());
      for (Map<String, String> row : r.metrics()) {
        metricCols.addAll(row.keySet());
      }
    }
    List<String> config = List.copyOf(cols);
    List<String> rh = new ArrayList<>(List.of("run_id", "status"));
    rh.addAll(config);
    for (String mc : metricCols) {
      // a metric named as an option (the lr of an HGO run's step): step_lr, next to the option lr
      rh.add(cols.contains(mc) ? "step_" + mc : mc);
    }
    List<List<String>> results = new ArrayList<>();
    boolean asr = metricCols.contains(ASR);
    List<String> sh = new ArrayList<>(List.of("run_id", "status"));
    sh.addAll(config);
    sh.add("final_accuracy");
    if (asr) {
      sh.add("final_test_asr");
    }
    sh.addAll(List.of("best_accuracy", "final_train_loss", "steps_done", "wall_seconds", "error"));
    List<List<String>> summary = new ArrayList<>();
    for (RunRecord r : runs) {
      List<String> head = new ArrayList<>(List.of(r.runId(), r.status()));
      for (String c : config) {
        head.add(r.config().getOrDefault(c, DEFAULTS.getOrDefault(c, "")));
      }
      double best = Double.NaN;
      String lastAcc = "";
      String lastAsr = "";
      for (Map<String, String> row : r.metrics()) {
        String acc = row.getOrDefault("test_accuracy", "");
        // an evaluated step: accuracy, or for a regression run (--model linear) test_mse only
        if (acc.isEmpty() && row.getOrDefault("test_mse", "").isEmpty()) {
          continue;
        }
        lastAsr = row.getOrDefault(ASR, "");
        if (!acc.isEmpty()) {
          lastAcc = acc;
          double a = Double.parseDouble(acc);
          best = Double.isNaN(best) || a > best ? a : best;
        }
        List<String> line = new ArrayList<>(head);
        for (String mc : metricCols) {
          line.add(row.getOrDefault(mc, ""));
        }
        results.add(line);
      }
      Map<String, String> last =
          r.metrics().isEmpty() ? Map.of() : r.metrics().get(r.metrics().size() - 1);
      List<String> s = new ArrayList<>(head);
      s.add(r.status().equals("finished") ? lastAcc : "");
      if (asr) {
        s.add(r.status().equals("finished") ? lastAsr : "");
      }
      s.add(Double.isNaN(best) ? "" : Double.toString(best));
      s.add(last.getOrDefault("train_loss", ""));
      s.add(last.getOrDefault("step", "0"));
      s.add(Double.isNaN(r.wallSeconds()) ? "" : Double.toString(r.wallSeconds()));
      s.add(r.error());
      summary.add(s);
    }
    List<String> keys =
        config.stream().filter(c -> !c.equals("attack") && !c.equals("attack_params")).toList();
    List<String> wh = new ArrayList<>(keys);
    wh.addAll(List.of("worst_final_accuracy", "worst_attack", "attacks", "failed"));
    if (asr) {
      wh.addAll(List.of("worst_test_asr", "worst_asr_attack"));
    }
    Map<List<String>, double[]> worst = new LinkedHashMap<>(); // min, attacks, failed, max ASR
    Map<List<String>, String> worstAttack = new LinkedHashMap<>();
    Map<List<String>, String> asrAttack = new LinkedHashMap<>();
    Map<List<String>, Boolean> onlyNone = new LinkedHashMap<>();
    for (List<String> s : summary) {
      List<String> key = new ArrayList<>();
      for (String k : keys) {
        key.add(s.get(2 + config.indexOf(k)));
      }
      String attack = config.contains("attack") ? s.get(2 + config.indexOf("attack")) : "";
      onlyNone.merge(key, attack.equals(NoAttack.NAME), Boolean::logicalAnd);
    }
    for (boolean pass : new boolean[] {false, true}) {
      for (List<String> s : summary) {
        List<String> key = new ArrayList<>();
        for (String k : keys) {
          key.add(s.get(2 + config.indexOf(k)));
        }
        String attack = config.contains("attack") ? s.get(2 + config.indexOf("attack")) : "";
        String params =
            config.contains("attack_params") ? s.get(2 + config.indexOf("attack_params")) : "";
        boolean counts = !attack.equals(NoAttack.NAME) || onlyNone.get(key);
        if (!pass) {
          worst.putIfAbsent(key, new double[] {Double.NaN, 0, 0, Double.NaN});
          continue;
        }
        double[] w = worst.get(key);
        if (s.get(1).equals("failed")) {
          w[2]++;
          continue;
        }
        String rate = asr ? s.get(3 + config.size()) : "";
        if (!rate.isEmpty()) {
          double v = Double.parseDouble(rate);
          if (Double.isNaN(w[3]) || v > w[3]) {
            w[3] = v;
            asrAttack.put(key, params.isEmpty() ? attack : attack + ":" + params);
          }
        }
        String acc = s.get(2 + config.size());
        if (!counts || acc.isEmpty()) {
          continue;
        }
        double a = Double.parseDouble(acc);
        w[1]++;
        if (Double.isNaN(w[0]) || a < w[0]) {
          w[0] = a;
          worstAttack.put(key, params.isEmpty() ? attack : attack + ":" + params);
        }
      }
    }
    List<List<String>> worstRows = new ArrayList<>();
    worst.forEach(
        (key, w) -> {
          List<String> row = new ArrayList<>(key);
          row.add(Double.isNaN(w[0]) ? "" : Double.toString(w[0]));
          row.add(worstAttack.getOrDefault(key, ""));
          row.add(Long.toString((long) w[1]));
          row.add(Long.toString((long) w[2]));
          if (asr) {
            row.add(Double.isNaN(w[3]) ? "" : Double.toString(w[3]));
            row.add(asrAttack.getOrDefault(key, ""));
          }
          worstRows.add(row);
        });
    return new Tables(rh, results, sh, summary, wh, worstRows);
  }

  /**
   * Writes results.csv, summary.csv and worst-case.csv into {@code dir} (atomically, through
   * Hadoop), and results.parquet ({@link ParquetTable}).
   */
  public static void write(String dir, Tables t, Configuration hadoop) {
    RunOutput out = new RunOutput(dir, hadoop);
    out.write("results.csv", Csv.render(t.resultsHeader(), t.results()));
    out.write("summary.csv", Csv.render(t.summaryHeader(), t.summary()));
    out.write("worst-case.csv", Csv.render(t.worstHeader(), t.worst()));
    List<ParquetTable.Kind> kinds = kinds(t.resultsHeader(), t.results());
    List<Object[]> rows = new ArrayList<>();
    for (List<String> r : t.results()) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = convert(r.get(i), kinds.get(i));
      }
      rows.add(v);
    }
    try {
      ParquetTable.write(new Path(dir, "results.parquet"), t.resultsHeader(), kinds, rows, hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + new Path(dir, "results.parquet"), e);
    }
  }

  /**
   * A column is a long if every value is an integer, a double if a number, else a string; {@code
   * run_id} and {@code status} are strings.
   */
  static List<ParquetTable.Kind> kinds(List<String> header, List<List<String>> rows) {
    List<ParquetTable.Kind> kinds = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      boolean isLong = true;
      boolean isDouble = true;
      for (List<String> r : rows) {
        String v = r.get(i);
        if (v.isEmpty()) {
          continue;
        }
        if (!v.matches("-?\\d{1,18}")) {
          isLong = false;
        }
        try {
          Double.parseDouble(v);
        } catch (NumberFormatException e) {
          isDouble = false;
        }
      }
      if (header.get(i).equals("run_id") || header.get(i).equals("status")) {
        isLong = isDouble = false;
      }
      kinds.add(
          isLong
              ? ParquetTable.Kind.LONG
              : isDouble ? ParquetTable.Kind.DOUBLE : ParquetTable.Kind.STRING);
    }
    return kinds;
  }

  /** An empty string stays an empty string in a string column and is null in a numeric one. */
  private static Object convert(String v, ParquetTable.Kind kind) {
    if (v.isEmpty()) {
      return kind == ParquetTable.Kind.STRING ? "" : null;
    }
    return switch (kind) {
      case LONG -> Long.parseLong(v);
      case DOUBLE -> Double.parseDouble(v);
      case STRING -> v;
    };
  }
}
