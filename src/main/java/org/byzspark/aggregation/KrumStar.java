package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * Krum* (RESAM appendix C.5): the input of smallest score with n−f−1 neighbours, valid for every f < n/2.
 *
 * <p>Distances come from {@link PairwiseDistances}; ties are broken by the lowest worker index; see
 * {@link AbstractKrum#theory} for λ and η.
 */
public final class KrumStar extends AbstractKrum {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC = spec("krumstar", true, false);

  public KrumStar(Params params) {
    super("krumstar", true, false, params);
  }
}
