/**
 * Clustering: {@link dev.ember.ml.algo.clustering.KMeans} (k-means|| initialization, Lloyd iterations with
 * Hamerly's triangle-inequality bounds, one tree-aggregate per iteration) and its
 * {@link dev.ember.ml.algo.clustering.KMeansModel}; {@link dev.ember.ml.algo.clustering.GaussianMixture} (EM with
 * full covariances, one pass per iteration) and its {@link dev.ember.ml.algo.clustering.GaussianMixtureModel};
 * {@link dev.ember.ml.algo.clustering.BisectingKMeans} and its
 * {@link dev.ember.ml.algo.clustering.BisectingKMeansModel}. Kernels and stages are registered by
 * {@link dev.ember.ml.algo.clustering.ClusteringProvider}.
 */
package dev.ember.ml.algo.clustering;
