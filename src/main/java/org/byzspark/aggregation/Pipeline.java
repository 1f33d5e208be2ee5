package org.byzspark.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Pre-aggregators applied in order in front of a rule: {@code F(P_k(...P_1(x)))}. Named by joining
 * the names with '+', e.g. {@code nnm+cwtm} or {@code bucketing+clip+cwmed}.
 *
 * <p>(n, f) flow through {@link PreAggregator#outputShape} of each stage: {@link #check} checks
 * each stage with the shape it receives and the rule with the final (n', f'); {@link #theory}
 * returns the rule's constants at (n', f') with a note that pre-aggregation changes the guarantee
 * (e.g. NNM improves λ; the rule's λ no longer bounds the pipeline's output against the original
 * inputs).
 */
public final class Pipeline implements Aggregator {
  private static final long serialVersionUID = 1L;

  private final List<PreAggregator> pre;
  private final Aggregator rule;

  public Pipeline(List<PreAggregator> pre, Aggregator rule) {
    if (rule == null) {
      throw new IllegalArgumentException("pipeline needs a rule, got none");
    }
    this.pre = List.copyOf(pre);
    this.rule = rule;
  }

  public List<PreAggregator> preAggregators() {
    return pre;
  }

  public Aggregator rule() {
    return rule;
  }

  @Override
  public String name() {
    StringJoiner j = new StringJoiner("+");
    for (PreAggregator p : pre) {
      j.add(p.name());
    }
    j.add(rule.name());
    return j.toString();
  }

  /** The (n, f) the rule sees. */
  public int[] ruleShape(int n, int f) {
    int[] s = {n, f};
    for (PreAggregator p : pre) {
      s = p.outputShape(s[0], s[1]);
    }
    return s;
  }

  @Override
  public void check(int n, int f, int d) {
    int[] s = {n, f};
    for (PreAggregator p : pre) {
      p.check(s[0], s[1], d);
      s = p.outputShape(s[0], s[1]);
    }
    try {
      rule.check(s[0], s[1], d);
    } catch (IllegalArgumentException e) {
      if (s[0] == n && s[1] == f) {
        throw e;
      }
      throw new IllegalArgumentException(
          e.getMessage()
              + " (after pre-aggregation in "
              + name()
              + ": n="
              + n
              + " f="
              + f
              + " -> n="
              + s[0]
              + " f="
              + s[1]
              + ")",
          e);
    }
  }

  @Override
  public Aggregation aggregate(VectorSet x, int f, Round round, RuleState state) {
    check(x.size(), f, x.dimension());
    VectorSet y = x;
    int nn = x.size();
    int ff = f;
    for (PreAggregator p : pre) {
      y = p.apply(y, ff, round);
      int[] s = p.outputShape(nn, ff);
      nn = s[0];
      ff = s[1];
    }
    return rule.aggregate(y, ff, round, state);
  }

  @Override
  public RuleState initialState() {
    return rule.initialState();
  }

  @Override
  public boolean stateful() {
    return rule.stateful();
  }

  @Override
  public boolean usesServerGradient() {
    return rule.usesServerGradient();
  }

  @Override
  public Theory theory(int n, int f, int d) {
    int[] s = ruleShape(n, f);
    Theory t = rule.theory(s[0], s[1], d);
    if (pre.isEmpty()) {
      return t;
    }
    List<String> names = new ArrayList<>();
    pre.forEach(p -> names.add(p.name()));
    String note =
        rule.name()
            + "'s constants at n="
            + s[0]
            + " f="
            + s[1]
            + "; pre-aggregation by "
            + String.join("+", names)
            + " changes the guarantee";
    if (!t.note().isEmpty()) {
      note = t.note() + "; " + note;
    }
    return new Theory(t.lambda(), t.eta(), note);
  }
}
