package org.byzspark.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.io.RunOutput;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.Trainer;
import org.byzspark.train.WorkerData;
import org.byzspark.train.hgo.HgoOptions;

/**
 * Runs the runs of a grid inside one Spark application.
 *
 * <p>K driver threads each take the next run; a run's jobs go to its own FAIR scheduler pool (the
 * pool {@code grid-slot-k} of its thread k, set as the thread-local property {@code
 * spark.scheduler.pool}; {@link #poolsXml} declares the K pools), so the K runs in flight share the
 * executors fairly instead of queueing behind one another. Data come from a {@link DataCache}:
 * loaded and dealt once per distinct (dataset, workers, seed). Every run writes its metrics.csv and
 * run.json into {@code DIR/runs/<run-id>/}; run.json gains the run id, the configuration hash and a
 * status.
 *
 * <p>Every run goes to the one {@link Trainer}, as {@code byzspark train} runs it; its metrics.csv
 * has the columns its policies produce ({@code grad_norm}, {@code test_mse} for a regression, ...),
 * which the tables carry. Runs whose data are the same ({@link WorkerData#key}: dataset, targets,
 * binary classes, split, workers, seed) share them through the cache.
 *
 * <p>Resume: a run whose run.json says {@code finished} with the same configuration hash is not run
 * again; any other run's directory is cleared and the run starts afresh. A finished run of the same
 * configuration under another name in {@code DIR/runs/} (a directory whose name ends with the same
 * 8 hex digits and whose run.json has the same full hash, e.g. written by the grid with its axes in
 * another order) is not run again either: its directory is renamed to the run's id, and its
 * run.json gets the new {@code run_id}, {@code axes} and {@code config.out}, so that {@code
 * DIR/runs/} keeps one directory per run for the tables and plots. Failure isolation: a run that
 * throws or diverges (non-finite loss or θ) is recorded as {@code failed} with its error in
 * run.json and does not stop the others.
 */
public final class GridRunner {
  /**
   * One run of a grid, resolved and validated.
   *
   * @param id the run id (see {@link RunId})
   * @param axes the run's axis values
   * @param cfg its configuration, whose {@code out} is {@code DIR/runs/<id>}
   * @param hgo its options of {@link HgoOptions} ({@link HgoOptions#defaults()} for RESAM's run)
   * @param hash the full configuration hash
   */
  public record RunSpec(
      String id, Map<String, String> axes, TrainConfig cfg, HgoOptions hgo, String hash) {}

  /**
   * What became of a run.
   *
   * @param status finished (ran now), resumed (finished earlier, skipped) or failed
   * @param error the failure's message, or null
   * @param seconds wall time of the run now (0 for resumed runs)
   */
  public record Outcome(
      RunSpec spec, String status, String error, double finalAccuracy, double seconds) {}

  private final JavaSparkContext sc;
  private final String dir;
  private final int parallel;
  private final Consumer<String> log;
  private final DataCache cache;
  private final Configuration hadoop;

  public GridRunner(JavaSparkContext sc, String dir, int parallel, Consumer<String> log) {
    this.sc = sc;
    this.dir = dir;
    this.parallel = parallel;
    this.log = log;
    this.cache = new DataCache(sc);
    this.hadoop = sc.hadoopConfiguration();
  }

  /** The data cache of this runner (tests read its load count). */
  public DataCache cache() {
    return cache;
  }

  /**
   * The FAIR scheduler's allocation file for K slots: pools {@code grid-slot-1..K}, each FIFO
   * inside (a run's jobs are sequential anyway), equal weights, no minimum share.
   */
  public static String poolsXml(int parallel) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<allocations>\n");
    for (int k = 1; k <= parallel; k++) {
      sb.append("  <pool name=\"grid-slot-")
          .append(k)
          .append("\">")
          .append("<schedulingMode>FIFO</schedulingMode><weight>1</weight>")
          .append("<minShare>0</minShare></pool>\n");
    }
    return sb.append("</allocations>\n").toString();
  }

  public static String runDir(String dir, String id) {
    return new Path(new Path(dir, "runs"), id).toString();
  }

  /** Runs the runs not already finished; returns one outcome per run, in the given order. */
  public List<Outcome> run(List<RunSpec> runs) {
    Outcome[] outcomes = new Outcome[runs.size()];
    List<Integer> todo = new ArrayList<>();
    Map<String, List<Path>> elsewhere = null; // other run directories by hash prefix, when needed
    int renamed = 0;
    for (int i = 0; i < runs.size(); i++) {
      RunSpec r = runs.get(i);
      JsonNode done = finishedManifest(new Path(r.cfg().out()), r.hash());
      if (done == null) {
        if (elsewhere == null) {
          elsewhere = otherRunDirs(runs);
        }
        done = renameFinished(r, elsewhere.getOrDefault(r.hash().substring(0, 8), List.of()));
        renamed += done == null ? 0 : 1;
      }
      if (done != null) {
        outcomes[i] =
            new Outcome(
                r, "resumed", null, done.path("final_test_accuracy").asDouble(Double.NaN), 0);
      } else {
        todo.add(i);
        cache.expect(r.cfg(), r.hgo());
      }
    }
    log.accept(
        String.format(
            Locale.ROOT,
            "%d runs: %d already finished%s, %d to run, %d at a time",
            runs.size(),
            runs.size() - todo.size(),
            renamed == 0
                ? ""
                : " (" + renamed + " found under another run id and renamed to this grid's)",
            todo.size(),
            Math.min(parallel, Math.max(1, todo.size()))));
    if (todo.isEmpty()) {
      return List.of(outcomes);
    }
    String checkpoints = new Path(dir, "_checkpoints").toString();
    sc.setCheckpointDir(checkpoints);
    Instant start = Instant.now();
    int[] finished = {0};
    int[] threads = {0};
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallel, todo.size()),
            r -> {
              Thread t = new Thread(r, "grid-slot-" + ++threads[0]);
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i : todo) {
        futures.add(
            pool.submit(
                () -> {
                  Outcome o = runOne(runs.get(i));
                  outcomes[i] = o;
                  synchronized (finished) {
                    finished[0]++;
                    long elapsed = Duration.between(start, Instant.now()).toMillis();
                    log.accept(
                        String.format(
                            Locale.ROOT,
                            "[%d/%d] %s %s%s in %.1f s; done %d, left %d, %s",
                            finished[0],
                            todo.size(),
                            o.status(),
                            o.spec().id(),
                            o.error() == null
                                ? String.format(Locale.ROOT, " accuracy %.4f", o.finalAccuracy())
                                : " (" + o.error() + ")",
                            o.seconds(),
                            finished[0],
                            todo.size() - finished[0],
                            Trainer.eta(elapsed, finished[0], todo.size())));
                  }
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("grid runner failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
      try {
        Path p = new Path(checkpoints);
        p.getFileSystem(hadoop).delete(p, true);
      } catch (IOException e) {
        // best effort: leftover checkpoint files do not change any result
      }
    }
    return List.of(outcomes);
  }

  private Outcome runOne(RunSpec r) {
    if (sc.sc().isStopped()) { // the application is shutting down: leave the run as it was
      return new Outcome(r, "failed", "not run: the Spark application stopped", Double.NaN, 0);
    }
    sc.setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
    sc.setJobGroup(r.id(), "byzspark grid run " + r.id(), false);
    Instant start = Instant.now();
    RunOutput out = new RunOutput(r.cfg().out(), hadoop);
    try {
      clear(r.cfg().out());
      Map<String, Object> extras = new LinkedHashMap<>();
      extras.put("run_id", r.id());
      extras.put("config_hash", r.hash());
      extras.put("axes", r.axes());
      Trainer.Result res =
          new Trainer(r.cfg(), r.hgo(), sc, out, line -> {})
              .withData(cache.acquire(r.cfg(), r.hgo()))
              .useContextCheckpointDir()
              .failOnDivergence()
              .withManifest(extras)
              .run();
      return new Outcome(
          r,
          "finished",
          null,
          Double.isNaN(res.finalMse()) ? res.finalAccuracy() : res.finalMse(),
          seconds(start));
    } catch (Throwable e) { // isolate every failure of the run, bar a broken JVM
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw (VirtualMachineError) e;
      }
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      msg = msg.lines().findFirst().orElse(msg);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("config", config(r));
      m.put("start", start.toString());
      m.put("end", Instant.now().toString());
      m.put("status", "failed");
      m.put("error", msg);
      m.put("run_id", r.id());
      m.put("config_hash", r.hash());
      m.put("axes", r.axes());
      try {
        out.writeJson(RunOutput.MANIFEST, m);
      } catch (RuntimeException w) {
        msg += "; and run.json could not be written: " + w.getMessage();
      }
      return new Outcome(r, "failed", msg, Double.NaN, seconds(start));
    } finally {
      cache.release(r.cfg(), r.hgo());
      sc.clearJobGroup();
      sc.setLocalProperty("spark.scheduler.pool", null);
    }
  }

  /** run.json's configuration of a run: every option, as the trainer writes it. */
  public static Map<String, Object> config(RunSpec r) {
    Map<String, Object> c = new LinkedHashMap<>(r.cfg().asMap());
    c.putAll(r.hgo().asMap());
    return c;
  }

  private static double seconds(Instant start) {
    return Duration.between(start, Instant.now()).toMillis() / 1e3;
  }

  private void clear(String runDir) throws IOException {
    Path p = new Path(runDir);
    FileSystem fs = p.getFileSystem(hadoop);
    if (fs.exists(p)) {
      fs.delete(p, true);
    }
  }

  /**
   * The run directories in {@code DIR/runs/} that are not ids of {@code runs}, by the last 8
   * characters of their names (a run id's hash prefix), each list in name order.
   */
  private Map<String, List<Path>> otherRunDirs(List<RunSpec> runs) {
    Map<String, List<Path>> out = new HashMap<>();
    Path parent = new Path(dir, "runs");
    try {
      FileSystem fs = parent.getFileSystem(hadoop);
      if (!fs.isDirectory(parent)) {
        return out;
      }
      Set<String> ids = new HashSet<>();
      runs.forEach(r -> ids.add(r.id()));
      FileStatus[] all = fs.listStatus(parent);
      Arrays.sort(all, Comparator.comparing(st -> st.getPath().getName()));
      for (FileStatus st : all) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.length() >= 8 && !ids.contains(name)) {
          out.computeIfAbsent(name.substring(name.length() - 8), k -> new ArrayList<>())
              .add(st.getPath());
        }
      }
    } catch (IOException e) {
      log.accept("cannot list " + parent + " (" + e.getMessage() + "); looking no further");
    }
    return out;
  }

  /**
   * Takes over a finished run of {@code r}'s configuration from one of {@code candidates} (other
   * run directories whose names end with the same hash prefix): the first whose run.json says
   * finished with the same full hash is renamed to {@code r}'s directory (replacing what is there:
   * not a finished run of {@code r}), and its run.json gets {@code r}'s id, axes and directory.
   * Returns the new run.json, or null when there is none, or when the rename or the new run.json
   * fails (the run then starts afresh, as any unfinished run).
   */
  private JsonNode renameFinished(RunSpec r, List<Path> candidates) {
    for (Path from : candidates) {
      JsonNode j = finishedManifest(from, r.hash());
      if (!(j instanceof ObjectNode m)) {
        continue;
      }
      Path to = new Path(r.cfg().out());
      try {
        FileSystem fs = to.getFileSystem(hadoop);
        if (fs.exists(to)) {
          fs.delete(to, true);
        }
        if (!fs.rename(from, to)) {
          throw new IOException("the file system refused the rename");
        }
        ObjectMapper json = new ObjectMapper();
        m.put("run_id", r.id());
        m.set("axes", json.valueToTree(r.axes()));
        if (m.get("config") instanceof ObjectNode c && c.has("out")) {
          c.put("out", r.cfg().out());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = json.convertValue(m, LinkedHashMap.class);
        new RunOutput(r.cfg().out(), hadoop).writeJson(RunOutput.MANIFEST, doc);
        candidates.remove(from);
        return m;
      } catch (IOException | RuntimeException e) {
        log.accept(
            "cannot rename "
                + from.getName()
                + " to "
                + r.id()
                + " ("
                + e.getMessage()
                + "); running it again");
        return null;
      }
    }
    return null;
  }

  /**
   * run.json of a finished run with hash {@code hash} in {@code runDir}, or null (missing, other).
   */
  private JsonNode finishedManifest(Path runDir, String hash) {
    Path p = new Path(runDir, RunOutput.MANIFEST);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.isFile(p) || !fs.isFile(new Path(runDir, RunOutput.METRICS))) {
        return null;
      }
      try (InputStream in = fs.open(p)) {
        JsonNode j = new ObjectMapper().readTree(in);
        boolean ok =
            "finished".equals(j.path("status").asText())
                && hash.equals(j.path("config_hash").asText())
                && j.has("final_test_accuracy");
        return ok ? j : null;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
