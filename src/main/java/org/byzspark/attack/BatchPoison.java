package org.byzspark.attack;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.byzspark.model.Batch;

/**
 * How a data-poisoning attack rewrites a Byzantine worker's mini-batch (features and labels) inside
 * its honest computation, after sampling and augmentation; {@code rng} is the worker's generator of
 * (seed, POISON, step, worker[, local step]). Rewrites the batch's arrays in place.
 */
@FunctionalInterface
public interface BatchPoison extends Serializable {
  void apply(Batch batch, SplittableRandom rng);
}
