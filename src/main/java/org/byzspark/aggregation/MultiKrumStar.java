package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * Multi-Krum*_q (RESAM appendix C.5): the mean of the m inputs of smallest score with n−f−1 neighbours. Parameter {@code m} (default n−f). Valid for every f < n/2.
 *
 * <p>Distances come from {@link PairwiseDistances}; ties are broken by the lowest worker index; see
 * {@link AbstractKrum#theory} for λ and η.
 */
public final class MultiKrumStar extends AbstractKrum {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC = spec("multikrumstar", true, true);

  public MultiKrumStar(Params params) {
    super("multikrumstar", true, true, params);
  }
}
