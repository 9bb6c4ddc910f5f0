/**
 * The exporters of Ember's built-in stages (scalers, assembler, one-hot, imputer, bucketizers, PCA, linear and logistic models, linear SVM, tree models), registered by {@link dev.ember.ml.onnx.exporters.BuiltInExporters}.
 */
package dev.ember.ml.onnx.exporters;
