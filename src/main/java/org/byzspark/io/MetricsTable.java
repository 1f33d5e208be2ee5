package org.byzspark.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-step metrics of a run, rendered as metrics.csv. The columns are the union of what the
 * run's step policies produce: {@code step,train_loss,test_accuracy}, then {@code test_mse} for a
 * regression model, {@code test_asr} (after {@code test_accuracy}) under a targeted attack, {@code
 * grad_norm} when ‖∇F(θ)‖ is evaluated, then the simulated clock {@code sim_time}, the step's
 * learning rate {@code lr}, the number of coordinates updated {@code block_size}, and the timings
 * {@code aggregation_ms,step_ms}. Evaluated quantities are empty on steps without evaluation.
 * Numbers are printed with Java's shortest round-trip representation (the timings with three
 * decimals) so that two identical runs give identical files, timings aside.
 */
public final class MetricsTable {
  /** One row; the evaluated quantities are NaN when the step was not evaluated. */
  public record Row(
      long step,
      double trainLoss,
      double testAccuracy,
      double testMse,
      double gradNorm,
      double simTime,
      double lr,
      long blockSize,
      double aggregationMs,
      double stepMs,
      double testAsr) {
    /** A row without an attack success rate (NaN). */
    public Row(
        long step,
        double trainLoss,
        double testAccuracy,
        double testMse,
        double gradNorm,
        double simTime,
        double lr,
        long blockSize,
        double aggregationMs,
        double stepMs) {
      this(
          step,
          trainLoss,
          testAccuracy,
          testMse,
          gradNorm,
          simTime,
          lr,
          blockSize,
          aggregationMs,
          stepMs,
          Double.NaN);
    }
  }

  private final boolean mse;
  private final boolean gradNorm;
  private final boolean asr;
  private final List<Row> rows = new ArrayList<>();

  /**
   * @param mse whether the run has a {@code test_mse} column (a regression model)
   * @param gradNorm whether the run has a {@code grad_norm} column
   */
  public MetricsTable(boolean mse, boolean gradNorm) {
    this(mse, gradNorm, false);
  }

  /**
   * @param asr whether the run has a {@code test_asr} column (a targeted attack: its success rate)
   */
  public MetricsTable(boolean mse, boolean gradNorm, boolean asr) {
    this.mse = mse;
    this.gradNorm = gradNorm;
    this.asr = asr;
  }

  /** The header of a table with these optional columns. */
  public static String header(boolean mse, boolean gradNorm) {
    return header(mse, gradNorm, false);
  }

  /** The header of a table with these optional columns. */
  public static String header(boolean mse, boolean gradNorm, boolean asr) {
    return "step,train_loss,test_accuracy"
        + (asr ? ",test_asr" : "")
        + (mse ? ",test_mse" : "")
        + (gradNorm ? ",grad_norm" : "")
        + ",sim_time,lr,block_size,aggregation_ms,step_ms";
  }

  public String header() {
    return header(mse, gradNorm, asr);
  }

  public void add(Row row) {
    rows.add(row);
  }

  public List<Row> rows() {
    return rows;
  }

  public String toCsv() {
    StringBuilder sb = new StringBuilder(header()).append('\n');
    for (Row r : rows) {
      List<String> f = new ArrayList<>(11);
      f.add(Long.toString(r.step()));
      f.add(Double.toString(r.trainLoss()));
      f.add(optional(r.testAccuracy()));
      if (asr) {
        f.add(optional(r.testAsr()));
      }
      if (mse) {
        f.add(optional(r.testMse()));
      }
      if (gradNorm) {
        f.add(optional(r.gradNorm()));
      }
      f.add(Double.toString(r.simTime()));
      f.add(Double.toString(r.lr()));
      f.add(Long.toString(r.blockSize()));
      f.add(String.format(Locale.ROOT, "%.3f", r.aggregationMs()));
      f.add(String.format(Locale.ROOT, "%.3f", r.stepMs()));
      Csv.line(sb, f);
    }
    return sb.toString();
  }

  /** An evaluated quantity: empty when the step was not evaluated. */
  private static String optional(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
