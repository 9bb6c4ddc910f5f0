/**
 * ONNX export of fitted Ember stages and whole pipeline models: {@link dev.ember.ml.onnx.OnnxExport} walks the stages, asks the {@link dev.ember.ml.onnx.OnnxExporterRegistry} for each stage's {@link dev.ember.ml.onnx.OnnxStageExporter}, and each exporter adds ONNX / ONNX-ML nodes to an {@link dev.ember.ml.onnx.OnnxGraphBuilder}, which maps Ember columns to tensors. The model is written with classes generated from the official onnx-ml.proto ({@code dev.ember.ml.onnx.proto}).
 */
package dev.ember.ml.onnx;
