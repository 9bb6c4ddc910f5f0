package dev.ember.ml.onnx;

import dev.ember.ml.core.Transformer;

/**
 * Writes one fitted stage into an ONNX graph: reads its input columns from the builder, adds ONNX / ONNX-ML nodes
 * that compute what the stage's transform computes, and binds its output columns. Registered per stage class with
 * an {@link OnnxExporterRegistry} by an {@link OnnxExporterProvider}.
 *
 * @param <S> the stage class
 */
@FunctionalInterface
public interface OnnxStageExporter<S extends Transformer> {
    /**
     * @param stage the fitted stage
     * @param graph the graph being built, positioned at this stage
     * @throws OnnxExportException if this stage's settings have no ONNX equivalent
     */
    void export(S stage, OnnxGraphBuilder graph);
}
