package org.byzspark.train.hgo;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.byzspark.util.Params;

/**
 * A learning-rate schedule α_t for steps t = 1..T, written {@code NAME} or {@code
 * NAME:key=value,...} ({@code --lr-schedule}); α_0 is {@code --lr}. With k = t − 1 (so the first
 * step uses α_0):
 *
 * <ul>
 *   <li>{@code constant}: α_k = α_0.
 *   <li>{@code poly} (BRSGD, Algorithm 1 and section 4): α_k = α_0 / (k + 1)^p, key {@code p}
 *       (default 0.75). BRSGD's rate min_k ‖∇F(w_k)‖ = O(K^−(1−p)/2) is proven for p ∈ (1/2, 1):
 *       outside that range {@link #warning} says so, but the run goes on (p must be &gt; 0).
 *   <li>{@code step}: α_k = α_0 · factor^m where m is the number of milestones ≤ t, keys {@code
 *       factor} (default 0.1, in (0, 1]) and {@code milestones} (steps separated by {@code /},
 *       default T/2 and 3T/4, as the "MultiStepLR" schedules of ByzFL and ByzantineMomentum).
 *   <li>{@code cosine}: α_k = α_min + (α_0 − α_min)(1 + cos(π k / T)) / 2, key {@code min} (α_min,
 *       default 0, in [0, α_0]).
 * </ul>
 */
public final class LrSchedule implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String ALLOWED =
      "constant, poly[:p=P], step[:factor=F,milestones=T1/T2/...], cosine[:min=M]";

  private final String name;
  private final Params params;
  private final double p;
  private final double factor;
  private final int[] milestones; // null: the defaults T/2, 3T/4
  private final double min;

  private LrSchedule(
      String name, Params params, double p, double factor, int[] milestones, double min) {
    this.name = name;
    this.params = params;
    this.p = p;
    this.factor = factor;
    this.milestones = milestones;
    this.min = min;
  }

  public static LrSchedule constant() {
    return new LrSchedule("constant", Params.empty(), 0, 1, null, 0);
  }

  /**
   * Parses a specification.
   *
   * @throws IllegalArgumentException naming {@code --lr-schedule}, the value and what is allowed
   */
  public static LrSchedule parse(String spec) {
    Map.Entry<String, Params> e;
    try {
      e = Params.parseNamed(spec == null ? "" : spec);
    } catch (IllegalArgumentException ex) {
      throw bad(spec, ex.getMessage());
    }
    String name = e.getKey();
    Params ps = e.getValue();
    try {
      switch (name) {
        case "constant" -> {
          ps.requireOnly("constant");
          return new LrSchedule(name, ps, 0, 1, null, 0);
        }
        case "poly" -> {
          ps.requireOnly("poly", "p");
          double p = ps.getDouble("poly", "p", 0.75);
          if (!(p > 0) || Double.isInfinite(p)) {
            throw bad(spec, "p must be a finite number > 0");
          }
          return new LrSchedule(name, ps, p, 1, null, 0);
        }
        case "step" -> {
          ps.requireOnly("step", "factor", "milestones");
          double factor = ps.getDouble("step", "factor", 0.1);
          if (!(factor > 0 && factor <= 1)) {
            throw bad(spec, "factor must be in (0, 1]");
          }
          int[] ms = null;
          if (ps.has("milestones")) {
            List<Integer> list = new ArrayList<>();
            for (String s : ps.getString("milestones", "").split("/")) {
              try {
                int m = Integer.parseInt(s.strip());
                if (m < 1) {
                  throw new NumberFormatException();
                }
                list.add(m);
              } catch (NumberFormatException ex) {
                throw bad(spec, "milestones must be steps >= 1 separated by /");
              }
            }
            ms = list.stream().mapToInt(Integer::intValue).sorted().toArray();
          }
          return new LrSchedule(name, ps, 0, factor, ms, 0);
        }
        case "cosine" -> {
          ps.requireOnly("cosine", "min");
          double min = ps.getDouble("cosine", "min", 0);
          if (!(min >= 0) || Double.isInfinite(min)) {
            throw bad(spec, "min must be a finite number >= 0");
          }
          return new LrSchedule(name, ps, 0, 1, null, min);
        }
        default -> throw bad(spec, "unknown schedule '" + name + "'");
      }
    } catch (IllegalArgumentException ex) {
      if (ex.getMessage().startsWith("--lr-schedule")) {
        throw ex;
      }
      throw bad(spec, ex.getMessage());
    }
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException(
        "--lr-schedule: " + spec + " is not allowed (" + why + "); allowed: " + ALLOWED);
  }

  /** Whether α_t = α_0 at every step. */
  public boolean isConstant() {
    return name.equals(constant().name());
  }

  public String name() {
    return name;
  }

  /** Fails when the schedule does not fit the run (cosine's α_min above α_0). */
  public void check(double lr0) {
    if (name.equals("cosine") && min > lr0) {
      throw bad(toString(), "min must be <= --lr " + lr0);
    }
  }

  /** A warning for a value accepted but outside the theory (poly's p outside (1/2, 1)), or "". */
  public String warning() {
    if (name.equals("poly") && !(p > 0.5 && p < 1)) {
      return "--lr-schedule poly: p="
          + p
          + " is outside (1/2, 1), where BRSGD's rate"
          + " O(K^-(1-p)/2) is proven";
    }
    return "";
  }

  /** p of {@code poly} (0 for the other schedules). */
  public double p() {
    return p;
  }

  /**
   * α at step t (1-based) of a T-step run.
   *
   * @param lr0 α_0
   */
  public double rate(double lr0, int t, int steps) {
    int k = t - 1;
    return switch (name) {
      case "constant" -> lr0;
      case "poly" -> lr0 / Math.pow(k + 1, p);
      case "step" -> {
        int[] ms = milestones != null ? milestones : new int[] {steps / 2, (3 * steps) / 4};
        int passed = 0;
        for (int m : ms) {
          if (m >= 1 && t >= m) {
            passed++;
          }
        }
        yield lr0 * Math.pow(factor, passed);
      }
      case "cosine" -> min + (lr0 - min) * (1 + Math.cos(Math.PI * k / steps)) / 2;
      default -> throw new IllegalStateException(name);
    };
  }

  @Override
  public String toString() {
    return params.isEmpty() ? name : name + ":" + params;
  }
}
