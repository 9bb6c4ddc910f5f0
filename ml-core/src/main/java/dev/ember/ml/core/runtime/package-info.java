/**
 * The runtime SPI: {@link dev.ember.ml.core.runtime.Runtime} with {@code mapPartitions}, {@code treeAggregate},
 * {@code broadcast} and {@code persist}; kernels ({@link dev.ember.ml.core.runtime.AggregateKernel},
 * {@link dev.ember.ml.core.runtime.MapKernel}) registered by class in a
 * {@link dev.ember.ml.core.runtime.KernelRegistry}; lineage nodes
 * ({@link dev.ember.ml.core.runtime.PartitionSource}); the off-heap
 * {@link dev.ember.ml.core.runtime.PartitionCache}; and binary {@link dev.ember.ml.core.runtime.ValueCodec}s for
 * values that cross JVMs.
 */
package dev.ember.ml.core.runtime;
