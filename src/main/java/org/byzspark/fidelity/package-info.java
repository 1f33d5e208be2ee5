/**
 * Measurements that check the papers' statements directly on ByzSpark's rules and messages: RESAM's
 * (f, λ)-resilient averaging ratio ({@link org.byzspark.fidelity.ResilienceRatio}), AggregaThor's
 * slowdown against averaging ({@link org.byzspark.fidelity.Slowdown}) and BRSGD's rate fit with its
 * confidence interval ({@link org.byzspark.fidelity.RateFit}). Plain Java, no Spark; the {@code
 * byzspark resilience}, {@code slowdown} and {@code rate} subcommands drive them.
 */
package org.byzspark.fidelity;
