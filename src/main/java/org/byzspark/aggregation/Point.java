package org.byzspark.aggregation;

import java.io.Serializable;

/**
 * A point of R^d produced by a {@link VectorSet}: an aggregate, a rule's intermediate (the current
 * Weiszfeld iterate, centered clipping's centre) or a forged message. Opaque: a rule never reads
 * its coordinates, it hands the point back to the set it came from ({@link VectorSet#distancesTo},
 * {@link VectorSet#combine}), so an implementation may keep it where the vectors are (in memory, or
 * cut in blocks across a cluster). {@link #toArray} materialises it for the caller that needs the
 * numbers (the model update, offline tools, tests).
 */
public interface Point extends Serializable {
  /** The dimension d. */
  int dimension();

  /** The coordinates as a fresh array of length d. */
  double[] toArray();
}
