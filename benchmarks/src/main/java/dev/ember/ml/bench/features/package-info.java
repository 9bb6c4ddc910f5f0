/**
 * Feature-store workloads: the point-in-time join of 1,000,000 entity rows against 10,000,000 feature rows (two
 * views, five features) and the backfill of 3 windows x 4 aggregations over 10,000,000 events, Ember against
 * DuckDB and pandas run from the project venv on the same Parquet files ({@code benchmarks/python/}).
 */
package dev.ember.ml.bench.features;
