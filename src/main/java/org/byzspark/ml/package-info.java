/**
 * ByzSpark as Spark ML estimators: {@link org.byzspark.ml.ByzantineClassifier} (a probabilistic
 * classifier) and {@link org.byzspark.ml.ByzantineRegressor} train with the one training loop of
 * {@code byzspark train} on a DataFrame's rows and return models that work in a {@code Pipeline},
 * under {@code CrossValidator} and with Spark's evaluators, and that save and load (a saved model
 * holds {@code byzspark train}'s model directory; a run's model directory loads as a model).
 *
 * <p>Every option of {@code byzspark train} is a Param generated from its declaration ({@link
 * org.byzspark.ml.OptionParams}): the same default, help and one-line validation. The reference is
 * {@code docs/estimator.md}.
 */
package org.byzspark.ml;
