package org.byzspark.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.byzspark.aggregation.RuleState;
import org.byzspark.attack.AttackState;
import org.byzspark.io.MetricsTable;

/**
 * What the driver needs to continue a run after step {@code step}, written atomically at every
 * checkpoint ({@link ResumeStore}): θ after the step, the rule's state after the step, the metrics
 * rows and rule report lines of steps 1..step, and where the workers' momenta of that step are.
 *
 * <p>Binary, exact: every double is stored as its 64 bits (NaN and ±∞ included, as a Byzantine
 * worker may make them appear in a report or a loss). Layout, all big-endian ({@link
 * DataOutputStream}): the magic {@value #MAGIC}, the step (long), the workers n (int), the momentum
 * directory (UTF-8 string), θ (int length, doubles), the rule state (int count, then per entry the
 * key and its vector, in key order), the attack state (the same form), the metrics rows (int count,
 * then step, train loss, test accuracy, test MSE, gradient norm, simulated time, learning rate,
 * block size (long), aggregation ms, step ms), the rule report text (UTF-8 string), then each row's
 * attack success rate (version 3; version 2 files, without it, are read with NaN). A string is an
 * int byte length followed by its UTF-8 bytes.
 *
 * @param step the last step whose results are included (t ≥ 1)
 * @param workers n, the number of momentum files
 * @param momentumDir the directory (a qualified Hadoop path) holding {@code worker-i} for every i
 * @param theta θ_t, the parameters after step t
 * @param ruleState the rule's state after step t
 * @param attackState the attack's state after step t
 * @param metrics the metrics rows of steps 1..t, as the run recorded them (timing included)
 * @param ruleReports the lines "step,report" of steps 1..t (aggregator.csv without its header)
 */
public record ResumePoint(
    long step,
    int workers,
    String momentumDir,
    double[] theta,
    RuleState ruleState,
    AttackState attackState,
    List<MetricsTable.Row> metrics,
    String ruleReports) {
  /** The first bytes of a resume point file (format version 3). */
  public static final String MAGIC = "BYZSPARK-RESUME-3";

  /** Version 2: the same without the attack success rates (read as NaN). */
  static final String MAGIC_2 = "BYZSPARK-RESUME-2";

  public ResumePoint {
    metrics = List.copyOf(metrics);
  }

  /** A point of a run whose attack keeps no state. */
  public ResumePoint(
      long step,
      int workers,
      String momentumDir,
      double[] theta,
      RuleState ruleState,
      List<MetricsTable.Row> metrics,
      String ruleReports) {
    this(step, workers, momentumDir, theta, ruleState, AttackState.EMPTY, metrics, ruleReports);
  }

  /** The file's bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 8 * theta.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
      out.writeLong(step);
      out.writeInt(workers);
      writeString(out, momentumDir);
      writeDoubles(out, theta);
      out.writeInt(ruleState.keys().size());
      for (String key : ruleState.keys()) {
        writeString(out, key);
        writeDoubles(out, ruleState.get(key));
      }
      out.writeInt(attackState.keys().size());
      for (String key : attackState.keys()) {
        writeString(out, key);
        writeDoubles(out, attackState.get(key));
      }
      out.writeInt(metrics.size());
      for (MetricsTable.Row r : metrics) {
        out.writeLong(r.step());
        out.writeDouble(r.trainLoss());
        out.writeDouble(r.testAccuracy());
        out.writeDouble(r.testMse());
        out.writeDouble(r.gradNorm());
        out.writeDouble(r.simTime());
        out.writeDouble(r.lr());
        out.writeLong(r.blockSize());
        out.writeDouble(r.aggregationMs());
        out.writeDouble(r.stepMs());
      }
      writeString(out, ruleReports);
      for (MetricsTable.Row r : metrics) {
        out.writeDouble(r.testAsr());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a resume point", e); // in memory: never
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a resume point; an {@link IllegalArgumentException} naming {@code where} if the bytes are
   * not one (wrong magic, truncated, trailing bytes, impossible sizes).
   */
  public static ResumePoint fromBytes(byte[] bytes, String where) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte[] magic = new byte[MAGIC.length()];
      in.readFully(magic);
      String version = new String(magic, StandardCharsets.US_ASCII);
      if (!MAGIC.equals(version) && !MAGIC_2.equals(version)) {
        throw new IllegalArgumentException(where + " is not a ByzSpark resume point");
      }
      long step = in.readLong();
      int workers = in.readInt();
      String momentumDir = readString(in, bytes.length);
      double[] theta = readDoubles(in, bytes.length);
      int entries = count(in.readInt(), bytes.length);
      RuleState state = RuleState.EMPTY;
      for (int i = 0; i < entries; i++) {
        String key = readString(in, bytes.length);
        state = state.with(key, readDoubles(in, bytes.length));
      }
      int attackEntries = count(in.readInt(), bytes.length);
      AttackState attackState = AttackState.EMPTY;
      for (int i = 0; i < attackEntries; i++) {
        String key = readString(in, bytes.length);
        attackState = attackState.with(key, readDoubles(in, bytes.length));
      }
      int rows = count(in.readInt(), bytes.length);
      List<MetricsTable.Row> metrics = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        metrics.add(
            new MetricsTable.Row(
                in.readLong(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readLong(),
                in.readDouble(),
                in.readDouble()));
      }
      String reports = readString(in, bytes.length);
      if (MAGIC.equals(version)) {
        for (int i = 0; i < rows; i++) {
          MetricsTable.Row r = metrics.get(i);
          metrics.set(
              i,
              new MetricsTable.Row(
                  r.step(),
                  r.trainLoss(),
                  r.testAccuracy(),
                  r.testMse(),
                  r.gradNorm(),
                  r.simTime(),
                  r.lr(),
                  r.blockSize(),
                  r.aggregationMs(),
                  r.stepMs(),
                  in.readDouble()));
        }
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException(where + " has trailing bytes (not a resume point)");
      }
      if (step < 1 || workers < 1 || metrics.size() != step) {
        throw new IllegalArgumentException(
            where
                + " is inconsistent (step "
                + step
                + ", "
                + metrics.size()
                + " metrics rows, "
                + workers
                + " workers)");
      }
      return new ResumePoint(
          step, workers, momentumDir, theta, state, attackState, metrics, reports);
    } catch (EOFException e) {
      throw new IllegalArgumentException(where + " is truncated (not a complete resume point)");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + where + ": " + e.getMessage());
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in, int limit) throws IOException {
    byte[] b = new byte[count(in.readInt(), limit)];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double x : v) {
      out.writeDouble(x);
    }
  }

  private static double[] readDoubles(DataInputStream in, int limit) throws IOException {
    double[] v = new double[count(in.readInt(), limit / 8)];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readDouble();
    }
    return v;
  }

  /** A length read from the file, refused when negative or larger than the file could hold. */
  private static int count(int n, int limit) throws EOFException {
    if (n < 0 || n > limit) {
      throw new EOFException();
    }
    return n;
  }
}
