package org.byzspark.train;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.spark.broadcast.Broadcast;

/**
 * The broadcasts the {@link Trainer}'s worker-state RDD still needs, whose lineage is cut by
 * periodic checkpoints (the momentum files of {@link ResumeStore}, read back).
 *
 * <p>Every broadcast the lineage since the last checkpoint may still need (a lost partition is
 * recomputed from the last checkpoint through them) is {@link #track tracked}; after a checkpoint,
 * {@link #afterCheckpoint} destroys them, since no recomputation needs them any more. {@link
 * #release} destroys what is left, at the end of a run or after a failure. Destroying is the only
 * side effect, so the results of a run do not depend on this class.
 */
public final class Lineage {
  private final Deque<Broadcast<?>> sinceCheckpoint = new ArrayDeque<>();

  /** Keeps {@code b} until the next checkpoint; returns it. */
  public <T> Broadcast<T> track(Broadcast<T> b) {
    sinceCheckpoint.add(b);
    return b;
  }

  /** How many broadcasts are kept (those since the last checkpoint). */
  public int tracked() {
    return sinceCheckpoint.size();
  }

  /** The state's lineage was just cut: destroys the tracked broadcasts. */
  public void afterCheckpoint() {
    release();
  }

  /** Destroys every tracked broadcast (idempotent). */
  public void release() {
    sinceCheckpoint.forEach(b -> b.destroy(false));
    sinceCheckpoint.clear();
  }
}
