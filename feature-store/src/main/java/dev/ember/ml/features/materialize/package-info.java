/**
 * Materialization: a view's rows for an interval computed on the runtime and written as date-partitioned Parquet
 * by writing aside and renaming atomically; a watermark per view advanced only after the data is in place; run
 * records of every job. Layout: {@link dev.ember.ml.features.materialize.OfflineLayout}.
 */
package dev.ember.ml.features.materialize;
