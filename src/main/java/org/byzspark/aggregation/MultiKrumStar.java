package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.Params;

/**
 * {@code multikrumstar}: Multi-Krum*_q.
 *
 * <h2>Definition</h2>
 *
 * [RESAM] appendix C.5: the mean of the m inputs of smallest score with n−f−1 neighbours.
 *
 * <h2>Requirement</h2>
 *
 * n &gt; 2f (valid for every f &lt; n/2).
 *
 * <h2>Resilience</h2>
 *
 * [RESAM] Proposition 6 with q = m; see {@link AbstractKrum#theory} for λ and η (no λ when m &gt;
 * n−f).
 *
 * <h2>Non-finite inputs</h2>
 *
 * As in {@link AbstractKrum}: a non-finite row has score +Inf and is selected last.
 *
 * <h2>Parameters</h2>
 *
 * {@code m}, the number of inputs averaged (see {@link #SPEC}; its default is n−f).
 *
 * <h2>Implementation</h2>
 *
 * Scores come from the Gram-based distances of the set ({@link VectorSet#distances()}, see {@link
 * PairwiseDistances}); ties are broken by the lowest worker index (see {@link AbstractKrum}).
 */
public final class MultiKrumStar extends AbstractKrum {
  private static final long serialVersionUID = 1L;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC = spec("multikrumstar", true, true);

  public MultiKrumStar(Params params) {
    super("multikrumstar", true, true, params);
  }
}
