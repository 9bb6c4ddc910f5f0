/**
 * The feature store: entities, feature views, point-in-time training sets, windowed aggregations, and
 * materialization jobs run on cron schedules.
 *
 * <p>Architecture. Definitions ({@link dev.ember.ml.features.Entity}, {@link dev.ember.ml.features.FeatureSource},
 * {@link dev.ember.ml.features.FeatureView}) are plain immutable values, built in Java or read from a
 * {@code features.yaml} ({@link dev.ember.ml.features.yaml.FeaturesYaml}) and applied to a
 * {@link dev.ember.ml.features.registry.Registry} (a versioned JSON file replaced by compare-and-swap).
 * {@link dev.ember.ml.features.FeatureStore} answers {@code historicalFeatures}: a point-in-time join
 * ({@link dev.ember.ml.features.join}) run as a registered map kernel over key-hash buckets, and windowed
 * aggregations computed from tiles of partial aggregates ({@link dev.ember.ml.features.window}).
 * {@link dev.ember.ml.features.materialize} writes date-partitioned Parquet by write-aside and atomic rename and
 * keeps a watermark per view; {@link dev.ember.ml.features.schedule} runs those jobs on each view's cron schedule
 * with catch-up, retries, a lease lock per interval, and run records. Semantics: {@code docs/FeatureStore.md}.
 */
package dev.ember.ml.features;
