package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code krum}: Krum.
 *
 * <h2>Definition</h2>
 *
 * [KRUM]: the input of smallest score, score(i) = sum of the squared distances to its n−f−2 nearest
 * neighbours.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f+2.
 *
 * <h2>Resilience</h2>
 *
 * See {@link AbstractKrum#theory} for λ and η.
 *
 * <h2>Non-finite inputs</h2>
 *
 * As in {@link AbstractKrum}: a non-finite row has score +Inf and is chosen last.
 *
 * <h2>Parameters</h2>
 *
 * None (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * Scores come from the Gram-based distances of the set ({@link VectorSet#distances()}, see {@link
 * PairwiseDistances}); ties are broken by the lowest worker index (see {@link AbstractKrum}).
 */
public final class Krum extends AbstractKrum {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC = spec("krum", false, false);

  public Krum(Params params) {
    super("krum", false, false, params);
  }
}
