/**
 * Feature transformers: {@link dev.ember.ml.algo.feature.VectorAssembler} packs numeric columns into one
 * off-heap feature block per partition; {@link dev.ember.ml.algo.feature.StandardScaler} learns column means and
 * standard deviations in one tree-aggregate pass and scales in one fused row-wise pass. Kernels are registered
 * by {@link dev.ember.ml.algo.feature.FeatureProvider}.
 */
package dev.ember.ml.algo.feature;
