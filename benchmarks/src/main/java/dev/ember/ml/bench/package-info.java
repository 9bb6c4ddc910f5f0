/**
 * End-to-end benchmarks: each {@link dev.ember.ml.bench.Workload} is done by several
 * {@link dev.ember.ml.bench.Contender}s (Ember first, then Spark MLlib in local mode) in one JVM, repeated and
 * interleaved by {@link dev.ember.ml.bench.BenchmarkRunner}, and reported as medians and ratios in a Markdown table
 * and in {@code benchmarks/RESULTS.md} (a section per workload family).
 *
 * <p>Subpackages: {@code data} generates the synthetic data sets of DESIGN.md; {@code spark} starts Spark;
 * one subpackage per workload family ({@code load}: reading and caching) holds its workloads.
 */
package dev.ember.ml.bench;
