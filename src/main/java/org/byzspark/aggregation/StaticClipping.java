package org.byzspark.aggregation;

import org.byzspark.util.Component;
import org.byzspark.util.ParamSpec;
import org.byzspark.util.Params;

/**
 * {@code clip}: static norm clipping, {@code x_i ← x_i · min(1, c/‖x_i‖)} for a fixed threshold c
 * (required parameter {@code c}, finite and > 0). Output shape (n, f) unchanged.
 *
 * <p>Non-finite rows (a choice, see {@link PreAggMath#clip}): a row with ±Inf entries becomes its
 * limit direction scaled to c, a row with NaN becomes the zero vector; every output row thus has
 * norm ≤ c.
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
    CoordinateSelect.requireBasic(NAME, n, f, d);
  }

  @Override
  public VectorSet apply(VectorSet x, int f, Round round) {
    check(x.size(), f, x.dimension());
    double[] t = new double[x.size()];
    java.util.Arrays.fill(t, c);
    return x.clip(t);
  }
}
