package org.byzspark.aggregation;

/**
 * What one call of a rule returns: the aggregate, a one-line report (e.g. {@code selected=0,3,4}
 * for Multi-Krum, {@code branch=average} for 1−p Krum, {@code iterations=12} for the geometric
 * median; empty when there is nothing to say) and the rule's state for the next step.
 *
 * @param value the aggregate F(x_1, ..., x_n)
 * @param report one line, no newline
 * @param state what the rule carries to the next step ({@link RuleState#EMPTY} for stateless rules)
 */
public record Aggregation(Point value, String report, RuleState state) {
  public Aggregation {
    if (report.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a rule's report is one line, got: " + report);
    }
  }

  /** A stateless result with nothing to report. */
  public static Aggregation of(Point value) {
    return new Aggregation(value, "", RuleState.EMPTY);
  }

  /** A stateless result with a report. */
  public static Aggregation of(Point value, String report) {
    return new Aggregation(value, report, RuleState.EMPTY);
  }
}
