/**
 * Feature transformers, each a fused row-wise pass over off-heap columns and, for estimators, one tree-aggregate
 * pass of the statistics it needs: {@link dev.ember.ml.algo.feature.VectorAssembler},
 * {@link dev.ember.ml.algo.feature.StandardScaler}, {@link dev.ember.ml.algo.feature.MinMaxScaler},
 * {@link dev.ember.ml.algo.feature.MaxAbsScaler}, {@link dev.ember.ml.algo.feature.Normalizer},
 * {@link dev.ember.ml.algo.feature.StringIndexer}, {@link dev.ember.ml.algo.feature.IndexToString},
 * {@link dev.ember.ml.algo.feature.OneHotEncoder}, {@link dev.ember.ml.algo.feature.Imputer},
 * {@link dev.ember.ml.algo.feature.Bucketizer}, {@link dev.ember.ml.algo.feature.QuantileDiscretizer},
 * {@link dev.ember.ml.algo.feature.PolynomialExpansion} and {@link dev.ember.ml.algo.feature.PCA}. Kernels and
 * stages are registered by {@link dev.ember.ml.algo.feature.FeatureProvider}.
 */
package dev.ember.ml.algo.feature;
