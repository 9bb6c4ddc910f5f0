/**
 * Ember's algorithms, one package per family, all written against the runtime SPI of {@code ml-core}: they
 * express every pass over the data as a registered kernel ({@code mapPartitions} or {@code treeAggregate}), so
 * they run unchanged in-process or on a cluster.
 *
 * <ul>
 *   <li>{@link dev.ember.ml.algo.feature}: feature transformers (assembling, scaling).</li>
 *   <li>{@link dev.ember.ml.algo.clustering}: k-means, bisecting k-means, Gaussian mixtures.</li>
 *   <li>{@link dev.ember.ml.algo.bayes}: naive Bayes.</li>
 * </ul>
 */
package dev.ember.ml.algo;
