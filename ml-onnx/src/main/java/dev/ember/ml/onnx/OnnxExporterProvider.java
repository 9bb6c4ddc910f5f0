package dev.ember.ml.onnx;

/**
 * Registers ONNX exporters, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/dev.ember.ml.onnx.OnnxExporterProvider} entry), as stages are registered with
 * {@link dev.ember.ml.core.persist.StageRegistry}.
 */
public interface OnnxExporterProvider {
    /** @param registry where to register */
    void registerExporters(OnnxExporterRegistry registry);
}
