package org.byzspark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Path;
import org.byzspark.io.AtomicFile;
import org.byzspark.io.RunOutput;
import org.byzspark.options.OptionSpec;
import org.byzspark.options.TrainOptions;
import org.byzspark.train.ResumePoint;
import org.byzspark.train.ResumeStore;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.hgo.HgoOptions;

/**
 * {@code byzspark train --resume DIR}: the options of a run that continues the run in DIR after its
 * driver died, checked before Spark starts.
 *
 * <p>The configuration is the one recorded in {@code DIR/run.json} (written with status {@code
 * running} when the run started); options given on the command line or in a {@code --job} file are
 * laid over it and must not change it, except:
 *
 * <ul>
 *   <li>{@code --master}: the run may continue on another master (results do not depend on it);
 *   <li>{@code --steps}: may be changed to any T ≥ the resume point's step (the run then equals an
 *       uninterrupted run with that T; the rows up to the point stay as the first driver wrote
 *       them, so if the point is the old last step, its evaluation stays in metrics.csv);
 *   <li>{@code --checkpoint-every} and {@code --checkpoint-dir}: where and how often the state is
 *       checkpointed changes no result.
 * </ul>
 *
 * <p>{@code --out} is DIR itself ({@code --out} with another directory, and {@code --overwrite},
 * are refused). Refused, with one line and exit code 2 and nothing written: a DIR without run.json,
 * a finished run, a run without a resume point (it died before its first checkpoint), a resume
 * point whose momentum files are missing, and options that differ from the recorded configuration
 * (all named in the line). Every configuration resumes, HGO and SGD with a deadline included.
 */
final class ResumeOptions {
  /** The options a resumed run may change ({@link OptionSpec.Flag#RESUME_MAY_DIFFER}). */
  static final List<OptionSpec<?>> MAY_DIFFER =
      TrainOptions.flagged(OptionSpec.Flag.RESUME_MAY_DIFFER, true);

  /** What a resumed run starts from. */
  record Resumed(Options options, ResumePoint point, JsonNode manifest) {}

  private ResumeOptions() {}

  static Resumed prepare(
      Map<String, List<String>> commandLine, List<Scopt.Opt> opts, Configuration hadoop) {
    String dir = last(commandLine.get("resume"));
    if (commandLine.containsKey("overwrite")) {
      throw new CliError(
          "--overwrite is not allowed with --resume (the run continues in " + dir + ")");
    }
    if (commandLine.containsKey("out") && !samePath(last(commandLine.get("out")), dir, hadoop)) {
      throw new CliError(
          "--out "
              + last(commandLine.get("out"))
              + " is not allowed with --resume "
              + dir
              + " (the run continues in "
              + dir
              + "; leave --out out)");
    }
    RunOutput output = new RunOutput(dir, hadoop);
    JsonNode manifest = readManifest(output, hadoop);
    String status = manifest.path("status").asText("");
    if (status.equals("finished")) {
      throw new CliError(
          "--resume: "
              + dir
              + " holds a finished run (run.json status finished);"
              + " there is nothing to resume");
    }
    ResumePoint point;
    try {
      point = ResumeStore.read(output, hadoop);
    } catch (IllegalArgumentException e) {
      throw new CliError("--resume: " + e.getMessage());
    }
    if (point == null) {
      throw new CliError(
          "--resume: "
              + dir
              + " has no resume point ("
              + ResumeStore.POINT
              + "): the run stopped before its first checkpoint (status "
              + status
              + "); start it"
              + " again with --out "
              + dir
              + " --overwrite");
    }

    Map<String, List<String>> recorded = layer(manifest.path("config"));
    recorded.put("out", List.of(dir)); // the recorded out may name the directory before a move
    // FLTrust's root set is not in the configuration but in fltrust_root, when the run has one
    JsonNode root = manifest.path("fltrust_root");
    if (root.isObject()) {
      recorded.put("root-size", List.of(root.path("size").asText()));
      String rootData = root.path("data").asText("training set");
      if (!rootData.equals("training set")) {
        recorded.put("root-data", List.of(rootData));
      }
    }
    Map<String, List<String>> base = new LinkedHashMap<>(recorded);
    if (commandLine.containsKey("job")) {
      base.putAll(Options.readJob(last(commandLine.get("job")), opts));
    }
    Map<String, List<String>> given = new LinkedHashMap<>(commandLine);
    given.remove("resume");
    given.put("out", List.of(dir));
    Options o = Options.resolve(opts, given, base);
    TrainConfig before = TrainCommand.config(Options.resolve(opts, Map.of(), recorded));
    TrainConfig now = TrainCommand.config(o);
    List<String> differ = new ArrayList<>();
    Map<String, Object> a = new LinkedHashMap<>(before.asMap());
    a.putAll(TrainCommand.hgoOptions(Options.resolve(opts, Map.of(), recorded)).asMap());
    Map<String, Object> b = new LinkedHashMap<>(now.asMap());
    b.putAll(TrainCommand.hgoOptions(o).asMap());
    for (OptionSpec<?> option : TrainOptions.ALL) {
      String key = option.recordKey();
      if (option.has(OptionSpec.Flag.RECORDED)
          && !option.has(OptionSpec.Flag.RESUME_MAY_DIFFER)
          && !Objects.equals(a.get(key), b.get(key))) {
        differ.add("--" + key + " " + show(b.get(key)) + " (recorded: " + show(a.get(key)) + ")");
      }
    }
    HgoOptions rootBefore = TrainCommand.hgoOptions(Options.resolve(opts, Map.of(), recorded));
    HgoOptions rootNow = TrainCommand.hgoOptions(o);
    if (!rootNow.rootData().strip().equals(rootBefore.rootData().strip())) {
      differ.add(
          "--root-data " + rootShown(rootNow) + " (recorded: " + rootShown(rootBefore) + ")");
    }
    if (rootNow.rootSize() != rootBefore.rootSize()) {
      differ.add(
          "--root-size " + rootNow.rootSize() + " (recorded: " + rootBefore.rootSize() + ")");
    }
    if (!differ.isEmpty()) {
      throw new CliError(
          "--resume: "
              + String.join("; ", differ)
              + " differ"
              + (differ.size() == 1 ? "s" : "")
              + " from the run recorded in "
              + dir
              + "/run.json; only "
              + mayDiffer()
              + " may differ");
    }
    if (now.steps() < point.step()) {
      throw new CliError(
          "--steps: "
              + now.steps()
              + " is not allowed with --resume "
              + dir
              + "; allowed: an integer >= "
              + point.step()
              + " (the resume point's step)");
    }
    if (point.workers() != now.workers()) {
      throw new CliError(
          "--resume: the resume point in "
              + dir
              + " has "
              + point.workers()
              + " workers, run.json "
              + now.workers());
    }
    List<String> missing = ResumeStore.missingMomenta(point, hadoop);
    if (!missing.isEmpty()) {
      throw new CliError(
          "--resume: the resume point of step "
              + point.step()
              + " needs "
              + missing.size()
              + " momentum file(s) that cannot be found, e.g. "
              + missing.get(0));
    }
    return new Resumed(o, point, manifest);
  }

  /** "--a, --b and --c": the options a resumed run may change. */
  static String mayDiffer() {
    List<String> names = MAY_DIFFER.stream().map(o -> "--" + o.name()).toList();
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  private static JsonNode readManifest(RunOutput output, Configuration hadoop) {
    Path p = output.path(RunOutput.MANIFEST);
    try {
      FileContext fc = AtomicFile.context(p, hadoop);
      if (!fc.util().exists(p)) {
        throw new CliError("--resume: " + output.dir() + " holds no run (no run.json there)");
      }
      try (InputStream in = fc.open(p)) {
        JsonNode j = new ObjectMapper().readTree(in);
        if (j == null || !j.path("config").isObject()) {
          throw new CliError("--resume: " + p + " has no configuration (not a ByzSpark run)");
        }
        return j;
      }
    } catch (IOException e) {
      throw new CliError("--resume: cannot read " + p + ": " + firstLine(e.getMessage()));
    }
  }

  /**
   * The recorded configuration (run.json "config", TrainConfig.asMap) as option values: the layer a
   * resumed run starts from. Each entry goes back to the option recorded under its key (e.g. {@code
   * agg-params} to {@code agg-param}): an object as {@code key=value} items, a list as its items,
   * anything else as its text; null values and the output directory are left out.
   */
  static Map<String, List<String>> layer(JsonNode config) {
    Map<String, String> optionOfKey = new LinkedHashMap<>();
    for (OptionSpec<?> o : TrainOptions.ALL) {
      if (o.has(OptionSpec.Flag.RECORDED)) {
        optionOfKey.put(o.recordKey(), o.name());
      }
    }
    Map<String, List<String>> m = new LinkedHashMap<>();
    Map<String, Object> defaults = HgoOptions.defaults().asMap();
    Iterator<Map.Entry<String, JsonNode>> it = config.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String option = optionOfKey.get(e.getKey());
      JsonNode v = e.getValue();
      if (option == null || v == null || v.isNull() || option.equals("out")) {
        continue;
      }
      // an option of HgoOptions at its default is recorded in its resolved form (quorum-size 0
      // for "all", ...): such entries are left to the option's default
      if (defaults.containsKey(e.getKey())
          && String.valueOf(defaults.get(e.getKey())).equals(v.asText())) {
        continue;
      }
      List<String> items = new ArrayList<>();
      if (v.isObject()) {
        v.fields().forEachRemaining(p -> items.add(p.getKey() + "=" + p.getValue().asText()));
      } else if (v.isArray()) {
        v.forEach(x -> items.add(x.asText()));
      } else {
        items.add(v.asText());
      }
      if (!items.isEmpty()) {
        m.put(option, items);
      }
    }
    return m;
  }

  private static boolean samePath(String a, String b, Configuration hadoop) {
    try {
      Path pa = new Path(a);
      Path pb = new Path(b);
      return AtomicFile.context(pa, hadoop)
          .makeQualified(pa)
          .equals(AtomicFile.context(pb, hadoop).makeQualified(pb));
    } catch (IOException | IllegalArgumentException e) {
      return a.equals(b);
    }
  }

  /** The root set's dataset, or "none" for a draw from the training set. */
  private static String rootShown(HgoOptions h) {
    return h.rootData().isBlank() ? "none" : h.rootData().strip();
  }

  private static String show(Object v) {
    return v instanceof Map<?, ?> m && m.isEmpty() ? "{}" : String.valueOf(v);
  }

  private static String last(List<String> v) {
    return v.get(v.size() - 1);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
