package org.byzspark.data;

import java.io.Serializable;

/**
 * One labelled example as it travels between loading and partitioning.
 *
 * <p>A plain final class rather than a record: Spark's Kryo serializer (often enabled on clusters)
 * cannot serialise records.
 */
public final class Example implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long index;
  private final int label;
  private final float[] features;

  /**
   * @param index the example's position in its source (0-based), which fixes its worker and its
   *     place inside the worker's block, so that dealing is independent of Spark's task order
   * @param label class in {0, ..., C−1}
   * @param features dense features
   */
  public Example(long index, int label, float[] features) {
    this.index = index;
    this.label = label;
    this.features = features;
  }

  public long index() {
    return index;
  }

  public int label() {
    return label;
  }

  public float[] features() {
    return features;
  }
}
