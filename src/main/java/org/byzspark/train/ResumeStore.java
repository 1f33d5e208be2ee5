package org.byzspark.train;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.byzspark.aggregation.RuleState;
import org.byzspark.attack.AttackState;
import org.byzspark.io.AtomicFile;
import org.byzspark.io.HadoopConf;
import org.byzspark.io.MetricsTable;
import org.byzspark.io.RunOutput;

/**
 * The checkpoints of one run's worker state, and its resume points, so that {@code byzspark train
 * --resume DIR} can continue it after its driver died. A run that cannot be resumed (a grid's, the
 * Estimator's: {@link #checkpointsOnly}) writes and reads back the same momentum files and no
 * resume point, (1) and (3) below.
 *
 * <p>At every checkpoint step t (every {@code --checkpoint-every} steps) the run saves, in this
 * order: (1) every worker's momentum m_t to {@code MOMENTA/step-t/worker-i} (each file written
 * whole and renamed, {@link AtomicFile}): by the driver when it holds every worker's state of step
 * t (driver aggregation with every worker contacted: it holds them for the rule), else by the
 * executor that holds the worker's state partition (one small Spark job over the persisted state;
 * the same bytes); (2) the {@link ResumePoint} of step t (step, θ, rule state, metrics rows, rule
 * reports, the momentum directory) to {@code OUT/_resume/point}, atomically; (3) only then the
 * momentum directory of the previous point is deleted. A driver killed at any moment therefore
 * leaves a complete point and the momenta it refers to; an interrupted (1) leaves an unreferenced
 * directory that the next save removes.
 *
 * <p>Why our own copy of the momenta rather than the state RDD's reliable checkpoint: reading a
 * checkpoint directory back into an RDD needs {@code SparkContext.checkpointFile}, which is not
 * public API (and Spark's checkpoint files are in the serializer's private stream format and are
 * removed by the context cleaner and by the run itself as soon as a newer one exists); and, without
 * Hadoop's native library, Spark's reliable checkpoint of a local path started a {@code chmod}
 * process for each of its files (the default job's checkpoint step took about 430 ms that way, in a
 * grid). The copy goes through the Hadoop {@code FileSystem} API, so {@code hdfs://} works, in a
 * documented format (big-endian: the magic {@value #MOMENTUM_MAGIC}, worker (int), step (long),
 * batch loss (double), d (int), d doubles). It costs one write of n·d doubles per checkpoint, and
 * it is the run's only checkpoint: after saving a point the {@link Trainer} continues from {@link
 * #savedState}, the state read back from these files, which cuts the state's lineage as Spark's
 * reliable checkpoint would.
 *
 * <p>MOMENTA is {@code OUT/_resume} by default, or {@code CHECKPOINT_DIR/resume-<uuid>} when the
 * run was given {@code --checkpoint-dir} (a grid's or the Estimator's run: the Spark context's
 * checkpoint directory when the {@link Trainer} is told to use it): executors must be able to read
 * and write it. Executors open it with the driver's Hadoop configuration, shipped once per run in a
 * broadcast ({@link HadoopConf}; reading a point at the start of a resumed run uses a default
 * {@code Configuration}), and it is a fully qualified path (qualified on the driver). The whole of
 * {@code OUT/_resume} and MOMENTA are removed when the run finishes.
 */
public final class ResumeStore {
  /** The first bytes of a momentum file (format version 1). */
  public static final String MOMENTUM_MAGIC = "BYZSPARK-MOMENTUM-1";

  /** The resume point file, relative to the run's output directory. */
  public static final String POINT = "_resume/point";

  private final RunOutput output;
  private final Configuration hadoop;
  private final String momenta;
  private final boolean ownMomenta;
  // false for a run that cannot be resumed (a grid's, the Estimator's): the momentum files only
  private final boolean writesPoint;
  private String previous;
  // the step and number of workers of the point saved last by this store (-1: none yet)
  private long previousStep = -1;
  private int previousWorkers;
  private String crashedBase;
  private Broadcast<HadoopConf> executorConf;

  private ResumeStore(
      RunOutput output, Configuration hadoop, String momenta, boolean own, boolean writesPoint) {
    this.output = output;
    this.hadoop = hadoop;
    this.momenta = momenta;
    this.ownMomenta = own;
    this.writesPoint = writesPoint;
  }

  /**
   * The store of a run writing to {@code output}; momenta under {@code OUT/_resume}, or under a
   * fresh {@code resume-<uuid>} directory of {@code checkpointDir} when it is not null.
   */
  public static ResumeStore forRun(RunOutput output, Configuration hadoop, String checkpointDir) {
    return create(output, hadoop, checkpointDir, true);
  }

  /**
   * The checkpoints of a run that cannot be resumed (a grid's, the Estimator's): the momentum files
   * as {@link #forRun} writes and reads them back, at the same places, without a resume point.
   */
  public static ResumeStore checkpointsOnly(
      RunOutput output, Configuration hadoop, String checkpointDir) {
    return create(output, hadoop, checkpointDir, false);
  }

  private static ResumeStore create(
      RunOutput output, Configuration hadoop, String checkpointDir, boolean writesPoint) {
    Path base =
        checkpointDir == null
            ? output.path("_resume")
            : new Path(checkpointDir, "resume-" + UUID.randomUUID());
    try {
      String qualified = AtomicFile.context(base, hadoop).makeQualified(base).toString();
      return new ResumeStore(output, hadoop, qualified, checkpointDir != null, writesPoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + base, e);
    }
  }

  /**
   * The resume point in {@code output}, or null when there is none; an {@link
   * IllegalArgumentException} when the file is not a complete resume point or cannot be read.
   */
  public static ResumePoint read(RunOutput output, Configuration hadoop) {
    Path p = output.path(POINT);
    try {
      FileContext fc = AtomicFile.context(p, hadoop);
      if (!fc.util().exists(p)) {
        return null;
      }
      try (InputStream in = fc.open(p)) {
        return ResumePoint.fromBytes(in.readAllBytes(), p.toString());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage());
    }
  }

  /** The momentum files a point needs that are missing (empty when all n are there). */
  public static List<String> missingMomenta(ResumePoint point, Configuration hadoop) {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < point.workers(); i++) {
      Path p = new Path(point.momentumDir(), "worker-" + i);
      try {
        if (!AtomicFile.context(p, hadoop).util().exists(p)) {
          missing.add(p.toString());
        }
      } catch (IOException e) {
        missing.add(p + " (" + e.getMessage() + ")");
      }
    }
    return missing;
  }

  /**
   * Continues after {@code point}: its momentum directory is removed after the next save, and so is
   * the crashed attempt's own {@code resume-<uuid>} directory that holds it when that attempt ran
   * with {@code --checkpoint-dir} (this attempt writes elsewhere: to a new one, or to {@code
   * OUT/_resume} when the resume is not given {@code --checkpoint-dir}).
   */
  public void resumingFrom(ResumePoint point) {
    previous = point.momentumDir();
    Path base = new Path(point.momentumDir()).getParent();
    crashedBase =
        base != null && base.getName().startsWith("resume-") && !base.toString().equals(momenta)
            ? base.toString()
            : null;
  }

  /** A run that starts afresh: removes the resume files a crashed run left in the directory. */
  public void clearStale() {
    output.deleteQuietly("_resume");
  }

  /**
   * Saves the resume point of step t (after the step: θ_t, the rule state after t, rows 1..t):
   * momenta, then the point, then the previous point's momenta are removed.
   *
   * @param state every worker's state of step t (persisted), one partition per worker
   * @param collected the same states as the driver already holds them (any order), or null; when it
   *     has all {@code workers} states the driver writes the momentum files itself and no Spark job
   *     runs (on the default job 15 files of 636 KB: a job of one task per worker cost 165–300 ms
   *     per checkpoint, of which writing the bytes is a few)
   */
  public void save(
      long t,
      JavaRDD<WorkerState> state,
      List<WorkerState> collected,
      int workers,
      double[] theta,
      RuleState ruleState,
      AttackState attackState,
      MetricsTable metrics,
      CharSequence ruleReports) {
    String dir = momenta + "/step-" + t;
    if (collected != null && collected.size() == workers) {
      for (WorkerState s : collected) {
        try {
          writeMomentum(dir, s, hadoop);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the momentum of worker " + s.worker(), e);
        }
      }
    } else {
      writeMomenta(state, dir);
    }
    if (writesPoint) {
      ResumePoint point =
          new ResumePoint(
              t,
              workers,
              dir,
              theta,
              ruleState,
              attackState,
              metrics.rows(),
              ruleReports.toString());
      try {
        AtomicFile.write(output.path(POINT), point.toBytes(), hadoop);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the resume point " + output.path(POINT), e);
      }
    }
    if (previous != null && !previous.equals(dir)) {
      output.deleteQuietly(previous);
    }
    previous = dir;
    previousStep = t;
    previousWorkers = workers;
    removeCrashedBase();
    removeOrphans(dir);
  }

  private void removeCrashedBase() {
    if (crashedBase != null) {
      output.deleteQuietly(crashedBase);
      crashedBase = null;
    }
  }

  /**
   * Destroys the broadcast of the executors' Hadoop configuration (idempotent): at the end of the
   * run, finished or failed, once no state read back from the momentum files is needed.
   */
  public void release() {
    if (executorConf != null) {
      executorConf.destroy(false);
      executorConf = null;
    }
  }

  /** The run finished: its resume point and every momentum file are removed. */
  public void finished() {
    if (previous != null) {
      output.deleteQuietly(previous);
    }
    removeCrashedBase();
    if (ownMomenta) {
      output.deleteQuietly(momenta);
    }
    output.deleteQuietly("_resume");
  }

  /**
   * The worker state of the point's step, one partition per worker in worker order (partition i
   * holds worker i), read from the momentum files by the executors (so it zips with the data
   * blocks). Not persisted: a recomputation before the next checkpoint reads the files again, which
   * stay until the next point is saved.
   */
  public static JavaRDD<WorkerState> readState(JavaSparkContext sc, ResumePoint point) {
    return readState(sc, point.momentumDir(), point.workers(), point.step(), null);
  }

  /**
   * The worker state of the last point saved ({@link #save}), read back from its momentum files:
   * what a resumable run continues from after a checkpoint step, so that the state's lineage starts
   * at these files (the run's checkpoint) instead of going back through every step.
   */
  public JavaRDD<WorkerState> savedState(JavaSparkContext sc) {
    if (previous == null || previousStep < 0) {
      throw new IllegalStateException("no resume point saved yet");
    }
    return readState(sc, previous, previousWorkers, previousStep, executorConf(sc));
  }

  private static JavaRDD<WorkerState> readState(
      JavaSparkContext sc, String dir, int n, long step, Broadcast<HadoopConf> conf) {
    List<Integer> workers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      workers.add(i);
    }
    return sc.parallelize(workers, n)
        .map(
            i ->
                readMomentum(
                    new Path(dir, "worker-" + i),
                    i,
                    step,
                    conf == null ? new Configuration() : conf.value().get()))
        .setName("worker state, read back at step " + step);
  }

  private void writeMomenta(JavaRDD<WorkerState> state, String dir) {
    Broadcast<HadoopConf> conf = executorConf(JavaSparkContext.fromSparkContext(state.context()));
    state.foreachPartition(
        it -> {
          while (it.hasNext()) {
            writeMomentum(dir, it.next(), conf.value().get());
          }
        });
  }

  private static void writeMomentum(String dir, WorkerState s, Configuration conf)
      throws IOException {
    AtomicFile.write(new Path(dir, "worker-" + s.worker()), momentumBytes(s), conf);
  }

  /**
   * The driver's Hadoop configuration for the executors, broadcast once per run: they then need no
   * {@code Configuration} of their own (a default one, loaded from the class path by every task
   * that reads a momentum file, made the 15 steps after a checkpoint of the default job take 86–193
   * ms instead of 35–132 ms; one 800-step run each, 2026-12-07, 2-core AMD EPYC VM).
   */
  private Broadcast<HadoopConf> executorConf(JavaSparkContext sc) {
    if (executorConf == null) {
      executorConf = sc.broadcast(new HadoopConf(hadoop));
    }
    return executorConf;
  }

  /** Deletes {@code step-*} directories of this run's momenta other than {@code keep}. */
  private void removeOrphans(String keep) {
    Path base = new Path(momenta);
    try {
      FileContext fc = AtomicFile.context(base, hadoop);
      RemoteIterator<FileStatus> it = fc.listStatus(base);
      List<Path> stale = new ArrayList<>();
      while (it.hasNext()) {
        Path p = it.next().getPath();
        if (p.getName().startsWith("step-")
            && !p.toString().equals(keep)
            && !p.toUri().getPath().equals(new Path(keep).toUri().getPath())) {
          stale.add(p);
        }
      }
      for (Path p : stale) {
        fc.delete(p, true);
      }
    } catch (FileNotFoundException e) {
      // nothing to clean
    } catch (IOException e) {
      // best effort: an orphan directory does not change any result
    }
  }

  /** The bytes of a momentum file (format in the class comment). */
  public static byte[] momentumBytes(WorkerState s) {
    byte[] magic = MOMENTUM_MAGIC.getBytes(StandardCharsets.US_ASCII);
    double[] m = s.momentum();
    int d = m == null ? 0 : m.length;
    ByteBuffer b = ByteBuffer.allocate(magic.length + 4 + 8 + 8 + 4 + 8 * d); // big-endian
    b.put(magic).putInt(s.worker()).putLong(s.step()).putDouble(s.batchLoss());
    b.putInt(m == null ? -1 : d);
    if (m != null) {
      b.asDoubleBuffer().put(m);
    }
    return b.array();
  }

  static WorkerState momentumFromBytes(byte[] bytes, String where, int worker, long step) {
    ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, as written
    try {
      byte[] magic = new byte[MOMENTUM_MAGIC.length()];
      in.get(magic);
      if (!MOMENTUM_MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new IllegalStateException(where + " is not a ByzSpark momentum file");
      }
      int w = in.getInt();
      long t = in.getLong();
      if (w != worker || t != step) {
        throw new IllegalStateException(
            where
                + " holds worker "
                + w
                + " at step "
                + t
                + ", expected worker "
                + worker
                + " at step "
                + step);
      }
      double loss = in.getDouble();
      int d = in.getInt();
      if (d < -1 || (long) d * 8 > in.remaining()) {
        throw new IllegalStateException(where + " is truncated");
      }
      double[] m = d < 0 ? null : new double[d];
      if (m != null) {
        in.asDoubleBuffer().get(m); // one bulk copy, not a call per value
        in.position(in.position() + 8 * d);
      }
      if (in.hasRemaining()) {
        throw new IllegalStateException(where + " has trailing bytes");
      }
      return new WorkerState(w, t, m, loss);
    } catch (BufferUnderflowException e) {
      throw new IllegalStateException(where + " is truncated", e);
    }
  }

  private static WorkerState readMomentum(Path p, int worker, long step, Configuration conf)
      throws IOException {
    FileContext fc = AtomicFile.context(p, conf);
    try (InputStream in = fc.open(p)) {
      return momentumFromBytes(in.readAllBytes(), p.toString(), worker, step);
    }
  }
}
