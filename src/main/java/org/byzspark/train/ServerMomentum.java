package org.byzspark.train;

/**
 * Where the momentum lives ({@code --momentum-at}, {@code --nesterov}): at the workers (RESAM's
 * worker momentum, the default: each worker sends m_i,t = β·m_i,t−1 + (1−β)·g_i,t and the rule
 * aggregates the momenta) or at the server (the workers send their (pseudo-)gradients, β = 0 in the
 * {@link WorkerStep}, and the server keeps one momentum of the aggregates):
 *
 * <pre>
 *   m_t = β·m_{t−1} + (1−β)·AG_t          (m_0 = 0)
 *   θ_{t+1} = θ_t − α_t·d_t,   d_t = m_t, or with Nesterov d_t = β·m_t + (1−β)·AG_t
 * </pre>
 *
 * <p><b>Equivalence.</b> With a linear rule ({@code average}) and every worker contacted at every
 * step, server momentum equals worker momentum: the mean of the m_i,t is β·(mean of the m_i,t−1) +
 * (1−β)·(mean of the g_i,t), the same recursion with the same start. The two differ in rounding
 * only (the sums are taken in another order), so they agree to about 1e-15 relative, not bitwise.
 * With a robust (non-linear) rule they differ: worker momentum lowers the variance of the honest
 * messages before the rule sees them (RESAM's point), server momentum smooths the rule's output
 * after. Plain Java, no Spark.
 */
public final class ServerMomentum {
  /** The key of the server momentum in a resume point's rule state (no rule uses it). */
  public static final String STATE_KEY = "server.momentum";

  private final double beta;
  private final boolean nesterov;

  public ServerMomentum(double beta, boolean nesterov) {
    this.beta = beta;
    this.nesterov = nesterov;
  }

  /** m_t from m_{t−1} (null: m_0 = 0) and the aggregate AG_t; a fresh array. */
  public double[] next(double[] previous, double[] aggregate) {
    double oneMinusBeta = 1.0 - beta;
    double[] m = new double[aggregate.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (previous == null ? 0.0 : beta * previous[i]) + oneMinusBeta * aggregate[i];
    }
    return m;
  }

  /** The direction of the step: m_t, or with Nesterov β·m_t + (1−β)·AG_t. */
  public double[] direction(double[] momentum, double[] aggregate) {
    if (!nesterov) {
      return momentum;
    }
    double oneMinusBeta = 1.0 - beta;
    double[] d = new double[momentum.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = beta * momentum[i] + oneMinusBeta * aggregate[i];
    }
    return d;
  }
}
