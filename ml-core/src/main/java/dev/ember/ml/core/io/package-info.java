/**
 * Reading and writing frames: CSV and Parquet.
 *
 * <p>Readers return lazy {@link dev.ember.ml.core.data.Frame}s whose lineage root is a file source: the source
 * is a pure description of where each partition's rows are in the file (Parquet row groups, CSV byte ranges),
 * so a partition evicted from the cache, or owned by a remote executor, is read again from the file itself.
 * Parquet partitions are row groups ({@link dev.ember.ml.core.io.ParquetReader},
 * {@link dev.ember.ml.core.io.ParquetSource}); {@link dev.ember.ml.core.io.ParquetWriter} writes any frame back,
 * storing the Ember schema in the file's key-value metadata so that a round trip keeps it exactly.
 *
 * <p>Bad input fails with a {@link dev.ember.ml.core.io.DataFormatException} whose message names the file, the
 * row (CSV) or row group (Parquet), the column, and what was expected.
 *
 * <p>Parquet IO uses Parquet-MR's column-level API (no per-row object model) with Ember's own page codecs
 * (snappy-java, zstd-jni, {@code java.util.zip}); writing needs no Hadoop classes, and reading needs only
 * {@code hadoop-client-api} on the runtime class path, which Parquet-MR's file reader still references.
 */
package dev.ember.ml.core.io;
