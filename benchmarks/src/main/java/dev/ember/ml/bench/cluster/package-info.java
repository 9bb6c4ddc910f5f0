/**
 * The cluster-runtime family: logistic regression in-process, on {@code local-cluster[2]} and on Spark
 * {@code local[2]} in one run, and the tree-aggregate of a 1,000,000-double vector over 2 and 4 executors against
 * Aeron's raw loopback throughput.
 */
package dev.ember.ml.bench.cluster;
