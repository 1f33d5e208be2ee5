package org.byzspark.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-step profile of a run, rendered as timing.csv (next to metrics.csv, in both aggregation
 * modes). Timing only: nothing in it enters metrics.csv, run.json or a run's identity, and two
 * identical runs differ here only.
 *
 * <p><b>Wall-clock columns</b> (milliseconds, three decimals), measured on the driver with {@link
 * System#nanoTime}: the step is cut into consecutive intervals, each attributed to one {@link
 * Item}; {@code other_ms} holds the intervals of no named item, so the items and {@code other_ms}
 * add up to {@code step_ms} exactly (up to the printed rounding, at most 0.0005 ms per column).
 *
 * <p><b>Task columns</b> (milliseconds as Spark reports them, whole numbers), summed over the tasks
 * of the step's worker job (one task per worker partition): {@code task_compute_ms} the executor
 * run time, {@code task_launch_ms} deserialisation plus scheduler delay, {@code task_result_ms}
 * result serialisation plus fetching the result. Per task they add up to the task's duration from
 * launch to finish; they are task time, not wall time (tasks run side by side on the cores), so
 * they are not part of the sum. Empty when Spark's events about the job did not arrive.
 */
public final class TimingTable {
  /** The file name. */
  public static final String FILE = "timing.csv";

  /** The wall-clock items of a step, in column order; {@link #OTHER} is the rest of the step. */
  public enum Item {
    BROADCAST("broadcast_ms"),
    WORKERS("workers_ms"),
    SHUFFLE("shuffle_ms"),
    BYZANTINE("byzantine_ms"),
    RULE("rule_ms"),
    UPDATE("update_ms"),
    EVALUATION("evaluation_ms"),
    CHECKPOINT("checkpoint_ms"),
    OTHER("other_ms");

    private final String column;

    Item(String column) {
      this.column = column;
    }

    /** The column's name in timing.csv. */
    public String column() {
      return column;
    }
  }

  /** Spark's task metrics summed over the tasks of a step's worker job. */
  public record Tasks(int count, long computeMs, long launchMs, long resultMs) {}

  /**
   * One step: the nanoseconds of each {@link Item} (indexed by ordinal), the step's wall time, the
   * worker job's tasks (null when unknown) and the driver's peak heap so far, in MiB.
   */
  public record Row(long step, long[] nanos, long stepNanos, Tasks tasks, double heapMb) {
    public Row {
      if (nanos.length != Item.values().length) {
        throw new IllegalArgumentException(
            "a timing row needs " + Item.values().length + " items, got " + nanos.length);
      }
      nanos = nanos.clone();
    }

    /** The nanoseconds of {@code item}. */
    public long nanos(Item item) {
      return nanos[item.ordinal()];
    }
  }

  /** The header line, without its line break. */
  public static String header() {
    StringBuilder h = new StringBuilder("step");
    for (Item item : Item.values()) {
      h.append(',').append(item.column());
    }
    return h.append(",step_ms,tasks,task_compute_ms,task_launch_ms,task_result_ms")
        .append(",driver_peak_heap_mb")
        .toString();
  }

  private final List<Row> rows = new ArrayList<>();

  public void add(Row row) {
    rows.add(row);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The table as CSV: the header, then one line per row. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder(header()).append('\n');
    for (Row r : rows) {
      sb.append(r.step());
      for (long ns : r.nanos) {
        sb.append(',').append(ms(ns));
      }
      sb.append(',').append(ms(r.stepNanos()));
      Tasks t = r.tasks();
      if (t == null) {
        sb.append(",,,,");
      } else {
        sb.append(',').append(t.count());
        sb.append(',').append(t.computeMs());
        sb.append(',').append(t.launchMs());
        sb.append(',').append(t.resultMs());
      }
      sb.append(',').append(String.format(Locale.ROOT, "%.1f", r.heapMb()));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
