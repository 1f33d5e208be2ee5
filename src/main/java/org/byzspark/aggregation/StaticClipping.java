package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code clip}: static norm clipping, a pre-aggregator.
 *
 * <h2>Definition</h2>
 *
 * {@code x_i ← x_i · min(1, c/‖x_i‖)} for a fixed threshold c. Output shape (n, f) unchanged.
 *
 * <h2>Requirement</h2>
 *
 * n ≥ 1, 0 ≤ f &lt; n.
 *
 * <h2>Resilience</h2>
 *
 * Not a rule: no λ of its own.
 *
 * <h2>Non-finite inputs</h2>
 *
 * A choice (see {@link RowMath#clip}): a row with ±Inf entries becomes its limit direction scaled
 * to c, a row with NaN becomes the zero vector; every output row thus has norm ≤ c.
 *
 * <h2>Parameters</h2>
 *
 * {@code c}, required, finite and &gt; 0 (see {@link #SPEC}).
 *
 * <h2>Implementation</h2>
 *
 * Norms from the set, then a per-row scaling.
 */
public final class StaticClipping implements PreAggregator {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "clip";

  private final double c;

  /** The declaration: name, summary, parameters. */
  public static final Component SPEC =
      Component.of(
          NAME,
          "static norm clipping to a fixed threshold c",
          ParamSpec.number("c", true, null, "the norm threshold").defaultDescribed("required"));

  public StaticClipping(Params params) {
    Params p = SPEC.resolve(params);
    if (!p.has("c")) {
      throw new IllegalArgumentException(
          "clip needs parameter c (the norm threshold, > 0), e.g. clip:c=2");
    }
    c = Double.parseDouble(p.getString("c", ""));
  }

  /** The threshold c. */
  public double threshold() {
    return c;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(int n, int f, int d) {
    Checks.basic(NAME, n, f, d);
  }

  @Override
  public VectorSet apply(VectorSet x, int f, Round round) {
    check(x.size(), f, x.dimension());
    double[] t = new double[x.size()];
    java.util.Arrays.fill(t, c);
    return x.clip(t);
  }
}
