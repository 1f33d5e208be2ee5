package org.byzspark.aggregation;

/**
 * A rule used step after step the way a training run uses it: the state each call returns is passed
 * to the next, and the last report is kept. Tests use it where they follow a rule across several
 * calls.
 */
final class RuleSession {
  private final Aggregator rule;
  private RuleState state;
  private String report = "";

  RuleSession(Aggregator rule) {
    this.rule = rule;
    this.state = rule.initialState();
  }

  double[] aggregate(double[][] x, int f, Round round) {
    Aggregation a = rule.aggregate(VectorSet.of(x), f, round, state);
    state = a.state();
    report = a.report();
    return a.value().toArray();
  }

  String lastReport() {
    return report;
  }

  RuleState state() {
    return state;
  }

  void check(int n, int f, int d) {
    rule.check(n, f, d);
  }

  Theory theory(int n, int f, int d) {
    return rule.theory(n, f, d);
  }
}
