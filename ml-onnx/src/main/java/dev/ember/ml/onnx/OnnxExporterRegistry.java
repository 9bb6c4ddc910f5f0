package dev.ember.ml.onnx;

import dev.ember.ml.core.Transformer;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The ONNX exporter of each exportable stage class, filled from every {@link OnnxExporterProvider}. */
public final class OnnxExporterRegistry {
    private static volatile OnnxExporterRegistry instance;

    private final Map<Class<?>, OnnxStageExporter<?>> exporters = new ConcurrentHashMap<>();

    /** @return the registry of the exporters on the class path */
    public static OnnxExporterRegistry get() {
        OnnxExporterRegistry r = instance;
        if (r == null) {
            synchronized (OnnxExporterRegistry.class) {
                r = instance;
                if (r == null) {
                    r = new OnnxExporterRegistry();
                    for (OnnxExporterProvider p : ServiceLoader.load(OnnxExporterProvider.class,
                        OnnxExporterRegistry.class.getClassLoader())) {
                        p.registerExporters(r);
                    }
                    instance = r;
                }
            }
        }
        return r;
    }

    /**
     * @param type a stage class (exact: a subclass needs its own exporter)
     * @param exporter how to write it
     * @param <S> the stage type
     * @return this
     */
    public <S extends Transformer> OnnxExporterRegistry register(Class<S> type, OnnxStageExporter<S> exporter) {
        exporters.put(type, exporter);
        return this;
    }

    /** @return the simple names of the exportable stage classes, sorted */
    public SortedSet<String> exportable() {
        SortedSet<String> names = new TreeSet<>();
        exporters.keySet().forEach(c -> names.add(c.getSimpleName()));
        return names;
    }

    /**
     * @param stage a fitted stage
     * @param <S> its type
     * @return its exporter, or null if it has none
     */
    @SuppressWarnings("unchecked")
    <S extends Transformer> OnnxStageExporter<S> exporterOf(S stage) {
        return (OnnxStageExporter<S>) exporters.get(stage.getClass());
    }

    /**
     * @param stage a stage without an exporter
     * @return the sentence saying so, naming it and the stages that have one
     */
    String noEquivalent(Transformer stage) {
        return "stage '" + stage.uid() + "' (" + stage.getClass().getName() + ") has no ONNX equivalent; the"
            + " stages Ember exports to ONNX are " + exportable();
    }
}
