/**
 * Ember's core: what every other module is written against.
 *
 * <p>The architecture in one paragraph. Data is a {@link dev.ember.ml.core.data.Frame}: a schema plus
 * partitions, each partition's columns held off-heap in ND4J buffers (a feature vector column is one row-major
 * n x d block). A frame is a lazy handle on a lineage node ({@link dev.ember.ml.core.runtime.PartitionSource}:
 * a CSV byte range or Parquet row groups, or a kernel applied to a parent), computed by a
 * {@link dev.ember.ml.core.runtime.Runtime}. Algorithms express each pass over the data as a registered kernel,
 * {@code mapPartitions} or {@code treeAggregate}, named by class plus plain parameters, so the same call runs on
 * executor threads in this JVM ({@link dev.ember.ml.core.runtime.local.InProcessRuntime}) or on executor JVMs
 * (the {@code distributed-runtime} module). Stages ({@link dev.ember.ml.core.Transformer},
 * {@link dev.ember.ml.core.Estimator}, {@link dev.ember.ml.core.Model}) are immutable, carry typed
 * {@link dev.ember.ml.core.param.Param}s, check schemas before computing, record
 * {@link dev.ember.ml.core.Provenance}, and save to directories of JSON and {@code .npy} files
 * ({@link dev.ember.ml.core.persist.StageIO}).
 *
 * <ul>
 *   <li>{@code data}: types, schema, off-heap columns, partitions, frames.</li>
 *   <li>{@code io}: CSV and Parquet readers, the Parquet writer.</li>
 *   <li>{@code param}: params, validators, immutable param maps.</li>
 *   <li>{@code persist}: the saved-stage format.</li>
 *   <li>{@code runtime}: the runtime SPI, kernels, the partition cache; {@code runtime.local}: the in-process
 *   runtime.</li>
 * </ul>
 */
package dev.ember.ml.core;
