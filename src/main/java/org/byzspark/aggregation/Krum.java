package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * Krum (Blanchard et al. 2017): the input of smallest score, score(i) = sum of the squared distances to its n−f−2 nearest neighbours. Needs n > 2f+2.
 *
 * <p>Distances come from {@link PairwiseDistances}; ties are broken by the lowest worker index; see
 * {@link AbstractKrum#theory} for λ and η.
 */
public final class Krum extends AbstractKrum {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC = spec("krum", false, false);

  public Krum(Params params) {
    super("krum", false, false, params);
  }
}
