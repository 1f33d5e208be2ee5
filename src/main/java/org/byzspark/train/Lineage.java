package org.byzspark.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * The bookkeeping of the {@link Trainer}'s worker-state RDD, whose lineage is cut by periodic
 * checkpoints.
 *
 * <p>Every broadcast the lineage since the last checkpoint may still need (a lost partition is
 * recomputed from the last checkpoint through them) is {@link #track tracked}; after a step whose
 * state was checkpointed, {@link #afterStep} destroys them, since no recomputation needs them any
 * more, and deletes the previous checkpoint's files. {@link #release} destroys what is left, at the
 * end of a run or after a failure. Destroying and deleting are the only side effects, so the
 * results of a run do not depend on this class.
 *
 * <p>The state RDD must drop its closure once checkpointed, as {@code zipPartitions} does (its
 * {@code clearDependencies} clears the function): an RDD from {@code map} keeps its closure, so the
 * next step's task would serialise a destroyed broadcast and fail.
 */
public final class Lineage {
  private final Deque<Broadcast<?>> sinceCheckpoint = new ArrayDeque<>();
  private final Consumer<String> deleteCheckpoint;
  private String lastCheckpoint;

  /**
   * @param deleteCheckpoint deletes a checkpoint directory by its path (e.g. {@code
   *     RunOutput::deleteQuietly})
   */
  public Lineage(Consumer<String> deleteCheckpoint) {
    this.deleteCheckpoint = deleteCheckpoint;
  }

  /** Keeps {@code b} until the next checkpoint; returns it. */
  public <T> Broadcast<T> track(Broadcast<T> b) {
    sinceCheckpoint.add(b);
    return b;
  }

  /** How many broadcasts are kept (those since the last checkpoint). */
  public int tracked() {
    return sinceCheckpoint.size();
  }

  /** The path of the newest checkpoint, or null before the first. */
  public String lastCheckpoint() {
    return lastCheckpoint;
  }

  /**
   * After the state {@code next} was materialised: when {@code checkpointed}, destroys the tracked
   * broadcasts and replaces the previous checkpoint by {@code next}'s.
   */
  public void afterStep(JavaRDD<?> next, boolean checkpointed) {
    if (!checkpointed) {
      return;
    }
    afterCheckpoint(next.getCheckpointFile().orElse(null));
  }

  /** As {@link #afterStep} for a checkpoint written at {@code written} (null if none). */
  public void afterCheckpoint(String written) {
    sinceCheckpoint.forEach(b -> b.destroy(false));
    sinceCheckpoint.clear();
    if (lastCheckpoint != null) {
      deleteCheckpoint.accept(lastCheckpoint);
    }
    lastCheckpoint = written;
  }

  /** Destroys every tracked broadcast (idempotent); checkpoint files are the caller's. */
  public void release() {
    sinceCheckpoint.forEach(b -> b.destroy(false));
    sinceCheckpoint.clear();
  }
}
