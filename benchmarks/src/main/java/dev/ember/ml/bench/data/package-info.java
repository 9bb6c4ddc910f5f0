/**
 * Deterministic synthetic data sets for the benchmarks, generated from a seed independently of partitioning, and
 * cached as Parquet files written by Ember.
 */
package dev.ember.ml.bench.data;
