package org.byzspark.attack;

import java.util.List;
import org.byzspark.aggregation.Point;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.ParamSpec;

/**
 * The perturbation vectors p of [SHEJWALKAR21] section IV (the {@code direction} parameter of
 * {@code minmax}, {@code minsum} and {@code tailored}), from the h honest messages with mean ḡ and
 * sample standard deviation σ (as in {@link HonestStatistics}):
 *
 * <ul>
 *   <li>{@code unit}: the inverse unit vector −ḡ/‖ḡ‖; the zero vector when ḡ = 0 (no direction);
 *   <li>{@code std}: the inverse standard deviation −σ (σ = 0 when h = 1);
 *   <li>{@code sign}: the inverse sign −sign(ḡ), coordinate-wise (sign(0) = 0).
 * </ul>
 *
 * Non-finite honest values propagate: a NaN or ±Inf coordinate of ḡ gives a non-finite p there (and
 * for {@code unit} a non-finite ‖ḡ‖, hence p = −ḡ/‖ḡ‖ with NaN or 0 coordinates).
 */
enum Perturbation {
  UNIT,
  STD,
  SIGN;

  /** The values of the {@code direction} parameter. */
  static final List<String> NAMES = List.of("unit", "std", "sign");

  /** The {@code direction} declaration, default {@code std}. */
  static ParamSpec spec() {
    return ParamSpec.choice(
        "direction",
        NAMES,
        "std",
        "the perturbation p: unit = -mean/|mean|, std = -std, sign = -sign(mean)");
  }

  static Perturbation parse(String v) {
    return values()[NAMES.indexOf(v)];
  }

  String word() {
    return NAMES.get(ordinal());
  }

  /** p for the honest messages, whose coordinate-wise mean is {@code mean}. */
  Point of(VectorSet honest, Point mean) {
    switch (this) {
      case UNIT:
        double norm = honest.norm(mean);
        if (norm == 0) {
          return honest.constant(0, 1).row(0);
        }
        // −ḡ/‖ḡ‖: −1·ḡ_k is exact, then one division per coordinate
        return honest.rows(List.of(mean)).combine(new double[] {-1}, null, norm);
      case STD:
        return honest.coordinateWise(HonestStatistics.scaledStd(-1));
      default:
        return honest.coordinateWise(HonestStatistics.scaledSign(-1));
    }
  }
}
