package org.byzspark.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * A training set dealt to the workers: one {@link DataBlock} per partition, computed lazily.
 *
 * @param blocks worker w's block in partition w
 * @param histograms each worker's label histogram for a non-IID split, else null
 * @param plan the broadcast the blocks are computed from (which examples go to which worker), or
 *     null; whoever keeps the blocks destroys it once they are no longer used, not before, since a
 *     lost block is computed again from it
 */
public record Dealt(JavaRDD<DataBlock> blocks, int[][] histograms, Broadcast<?> plan) {}
