package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * Multi-Krum (Blanchard et al. 2017; El Mhamdi et al., AggregaThor report): the mean of the m inputs of smallest Krum score (n−f−2 neighbours). Parameter {@code m} (default n−f, 1 ≤ m ≤ n). Needs n > 2f+2.
 *
 * <p>Distances come from {@link PairwiseDistances}; ties are broken by the lowest worker index; see
 * {@link AbstractKrum#theory} for λ and η.
 */
public final class MultiKrum extends AbstractKrum {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC = spec("multikrum", false, true);

  public MultiKrum(Params params) {
    super("multikrum", false, true, params);
  }
}
