/**
 * Byzantine behaviours (attacks), written as programs over the {@link
 * org.byzspark.aggregation.VectorSet} algebra.
 *
 * <p>Each attack's class comment uses the section layout described in {@link
 * org.byzspark.aggregation}, and its citations (e.g. [LITTLE], [RESAM, D.1]) are keys into the
 * single bibliography kept there. Parameters are declared once, in each attack's {@code SPEC}.
 */
package org.byzspark.attack;
