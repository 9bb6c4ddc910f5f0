/**
 * Spark MLlib in local mode, run in the benchmark's JVM beside Ember for the ratios of each workload.
 */
package dev.ember.ml.bench.spark;
