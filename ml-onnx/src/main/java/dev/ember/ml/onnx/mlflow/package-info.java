/**
 * MLflow's {@code onnx} flavor for models Ember logs ({@link dev.ember.ml.onnx.mlflow.OnnxMlflowFlavor}).
 */
package dev.ember.ml.onnx.mlflow;
