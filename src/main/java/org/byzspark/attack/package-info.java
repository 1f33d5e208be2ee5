/**
 * Byzantine behaviours (attacks), written as programs over the {@link
 * org.byzspark.aggregation.VectorSet} algebra.
 *
 * <p>Each attack's class comment uses the section layout described in {@link
 * org.byzspark.aggregation} without the Resilience section (which belongs to rules): Definition
 * (the formula and its source), Requirement (what the attack needs: honest messages, its own
 * messages, n and f), Non-finite inputs (what NaN/±Inf honest messages do to the forged ones),
 * Parameters (a pointer to the attack's {@code SPEC} declaration, where parameters are declared
 * once) and Implementation. Citations (e.g. [LITTLE], [RESAM] D.1) are keys into the single
 * bibliography kept in {@link org.byzspark.aggregation}.
 */
package org.byzspark.attack;
