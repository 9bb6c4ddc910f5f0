/**
 * The tuning family: cross-validated sweeps, Ember's {@code CrossValidator} against Spark MLlib's on the same
 * cached data (workload W5 of issue 8).
 */
package dev.ember.ml.bench.tuning;
