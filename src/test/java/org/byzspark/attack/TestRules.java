package org.byzspark.attack;

import java.util.Arrays;
import org.byzspark.aggregation.Aggregation;
import org.byzspark.aggregation.Aggregator;
import org.byzspark.aggregation.Round;
import org.byzspark.aggregation.RuleState;
import org.byzspark.aggregation.Theory;
import org.byzspark.aggregation.VectorSet;
import org.byzspark.util.Params;

/** Small aggregation rules written for the attack tests . */
final class TestRules {
  private TestRules() {}

  static AttackContext ctx(int n, int f) {
    return new AttackContext(new Round(1, 42), n, f, null, f);
  }

  static AttackContext ctx(int n, int f, Aggregator rule) {
    return new AttackContext(new Round(1, 42), n, f, rule, f);
  }

  static Attack attack(String name, String... kv) {
    return Attacks.create(name, Params.parse(Arrays.asList(kv)));
  }

  /** Base with the boilerplate of a test rule. */
  abstract static class Base implements Aggregator {
    private static final long serialVersionUID = 1L;

    @Override
    public void check(int n, int f, int d) {}

    @Override
    public Theory theory(int n, int f, int d) {
      return Theory.none("test rule");
    }

    /** Test rules compute on arrays: the set is materialised for them. */
    @Override
    public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
      return Aggregation.of(x.point(aggregate(x.toArrays(), f, round)));
    }
  }

  /** Coordinate-wise median (mean of the two middle values for even n); ignores f. */
  static final class Median extends Base {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "test-median";
    }

    @Override
    public double[] aggregate(double[][] v, int f, Round round) {
      int n = v.length;
      int d = v[0].length;
      double[] out = new double[d];
      double[] col = new double[n];
      for (int j = 0; j < d; j++) {
        for (int i = 0; i < n; i++) {
          col[i] = v[i][j];
        }
        Arrays.sort(col);
        out[j] = n % 2 == 1 ? col[n / 2] : (col[n / 2 - 1] + col[n / 2]) / 2;
      }
      return out;
    }
  }

  /** Mean of the rows whose Euclidean norm is at most r (mean of all if none); ignores f. */
  static final class NormFilterMean extends Base {
    private static final long serialVersionUID = 1L;
    private final double r;

    NormFilterMean(double r) {
      this.r = r;
    }

    @Override
    public String name() {
      return "test-norm-filter";
    }

    @Override
    public double[] aggregate(double[][] v, int f, Round round) {
      int d = v[0].length;
      double[] out = new double[d];
      int k = 0;
      for (double[] row : v) {
        double s = 0;
        for (double x : row) {
          s += x * x;
        }
        if (Math.sqrt(s) <= r) {
          for (int j = 0; j < d; j++) {
            out[j] += row[j];
          }
          k++;
        }
      }
      for (int j = 0; j < d; j++) {
        out[j] /= k;
      }
      return out;
    }
  }

  /**
   * A stateful rule: returns the coordinate-wise mean shifted by its call count {@code calls}, kept
   * in its {@link RuleState} (in every coordinate), like a rule that starts from its previous
   * aggregate.
   */
  static final class Stateful extends Base {
    private static final long serialVersionUID = 1L;
    private final int initialCalls;

    Stateful(int initialCalls) {
      this.initialCalls = initialCalls;
    }

    Stateful() {
      this(0);
    }

    @Override
    public String name() {
      return "test-stateful";
    }

    @Override
    public RuleState initialState() {
      return RuleState.EMPTY.with("calls", new double[] {initialCalls});
    }

    static int calls(RuleState s) {
      return (int) s.get("calls")[0];
    }

    @Override
    public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
      double[][] v = x.toArrays();
      double[] out = new double[v[0].length];
      for (double[] row : v) {
        for (int j = 0; j < out.length; j++) {
          out[j] += row[j] / v.length;
        }
      }
      int calls = calls(state);
      for (int j = 0; j < out.length; j++) {
        out[j] += calls;
      }
      return new Aggregation(x.point(out), "", state.with("calls", new double[] {calls + 1}));
    }
  }
}
