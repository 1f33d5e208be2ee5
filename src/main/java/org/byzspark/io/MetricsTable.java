package org.byzspark.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-step metrics of a run, rendered as metrics.csv with the header {@value #HEADER}.
 * test_accuracy is empty on steps without evaluation. Numbers are printed with Java's shortest
 * round-trip representation so that two identical runs give identical files.
 */
public final class MetricsTable {
  public static final String HEADER = "step,train_loss,test_accuracy,aggregation_ms,step_ms";

  /** One row; {@code testAccuracy} is NaN when the step was not evaluated. */
  public record Row(
      long step, double trainLoss, double testAccuracy, double aggregationMs, double stepMs) {}

  private final List<Row> rows = new ArrayList<>();

  public void add(Row row) {
    rows.add(row);
  }

  public List<Row> rows() {
    return rows;
  }

  public String toCsv() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      sb.append(r.step())
          .append(',')
          .append(r.trainLoss())
          .append(',')
          .append(Double.isNaN(r.testAccuracy()) ? "" : Double.toString(r.testAccuracy()))
          .append(',')
          .append(String.format(Locale.ROOT, "%.3f", r.aggregationMs()))
          .append(',')
          .append(String.format(Locale.ROOT, "%.3f", r.stepMs()))
          .append('\n');
    }
    return sb.toString();
  }
}
