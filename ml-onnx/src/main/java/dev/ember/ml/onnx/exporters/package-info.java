/**
 * The exporters of Ember's built-in stages: scalers, assembler, string indexer and its inverse, one-hot, imputer,
 * bucketizers, normalizer, PCA, linear and logistic models, linear SVM, k-means and the tree models; registered by
 * {@link dev.ember.ml.onnx.exporters.BuiltInExporters}.
 */
package dev.ember.ml.onnx.exporters;
