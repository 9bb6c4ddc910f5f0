/**
 * ONNX export of fitted Ember stages and whole pipeline models.
 *
 * <p>{@link dev.ember.ml.onnx.OnnxExport} flattens a {@link dev.ember.ml.pipeline.PipelineModel} into its stages
 * and folds their schemas; for each stage it asks the {@link dev.ember.ml.onnx.OnnxExporterRegistry} (filled by
 * every {@link dev.ember.ml.onnx.OnnxExporterProvider} on the class path, as stages fill the
 * {@code StageRegistry}) for the stage's {@link dev.ember.ml.onnx.OnnxStageExporter}, which adds ONNX and ONNX-ML
 * nodes to the {@link dev.ember.ml.onnx.OnnxGraphBuilder}. The builder maps each Ember column to a tensor (raw
 * columns become graph inputs on first read), computes in double and casts to Ember's storage types, and at the
 * end prunes what no output needs. The result, an {@link dev.ember.ml.onnx.OnnxModel}, is a {@code ModelProto} of
 * the classes generated from the official {@code onnx-ml.proto} ({@code dev.ember.ml.onnx.proto}).
 *
 * <p>{@code dev.ember.ml.onnx.mlflow} adds MLflow's {@code onnx} flavor to every model Ember logs.
 */
package dev.ember.ml.onnx;
