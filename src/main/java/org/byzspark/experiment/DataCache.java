package org.byzspark.experiment;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.byzspark.train.TrainConfig;
import org.byzspark.train.WorkerData;
import org.byzspark.train.hgo.HgoOptions;

/**
 * The datasets of one grid, loaded and dealt once per distinct {@link WorkerData#key} and shared by
 * the runs that use them. Reference-counted: {@link #expect} registers each run that will need a
 * key, {@link #acquire} loads (and materialises) the data on first use, and the data are
 * unpersisted when the last run using it calls {@link #release}. One instance per grid (no static
 * state); {@link #loads()} counts the loads so tests can check the sharing.
 */
public final class DataCache {
  private final JavaSparkContext sc;
  private final Map<String, Entry> entries = new HashMap<>();
  private final AtomicInteger loads = new AtomicInteger();

  private static final class Entry {
    int pending;
    WorkerData data;
  }

  public DataCache(JavaSparkContext sc) {
    this.sc = sc;
  }

  /** Registers one run that will acquire the data of {@code cfg}. */
  public synchronized void expect(TrainConfig cfg, HgoOptions opts) {
    entries.computeIfAbsent(WorkerData.key(cfg, opts), k -> new Entry()).pending++;
  }

  /**
   * The data of {@code cfg}, loaded and dealt if this is the first run to ask. Runs asking for the
   * same key wait for one load; different keys load concurrently.
   */
  public WorkerData acquire(TrainConfig cfg, HgoOptions opts) {
    Entry e;
    synchronized (this) {
      e = entries.computeIfAbsent(WorkerData.key(cfg, opts), k -> new Entry());
    }
    synchronized (e) {
      if (e.data == null) {
        WorkerData d = WorkerData.load(sc, cfg, opts);
        try {
          d.blocks().count(); // deal now, once, rather than inside the first run's first step
          d.test().count();
        } catch (RuntimeException ex) {
          d.release();
          throw ex;
        }
        e.data = d;
        loads.incrementAndGet();
      }
      return e.data;
    }
  }

  /** One run using the data of {@code cfg} is done (or will not run); the last one unpersists. */
  public void release(TrainConfig cfg, HgoOptions opts) {
    Entry e;
    synchronized (this) {
      e = entries.get(WorkerData.key(cfg, opts));
      if (e == null) {
        return;
      }
      if (--e.pending > 0) {
        return;
      }
      entries.remove(WorkerData.key(cfg, opts));
    }
    synchronized (e) {
      if (e.data != null) {
        e.data.release();
        e.data = null;
      }
    }
  }

  /** How many datasets have been loaded and dealt so far. */
  public int loads() {
    return loads.get();
  }
}
