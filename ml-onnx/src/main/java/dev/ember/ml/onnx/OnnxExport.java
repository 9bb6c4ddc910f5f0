package dev.ember.ml.onnx;

import dev.ember.ml.core.EmberVersion;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.onnx.proto.OnnxMl.ModelProto;
import dev.ember.ml.onnx.proto.OnnxMl.OperatorSetIdProto;
import dev.ember.ml.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.ember.ml.pipeline.PipelineModel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Exports a fitted stage or a whole {@link PipelineModel} as one ONNX graph:
 *
 * <pre>{@code
 * OnnxModel onnx = OnnxExport.of(pipelineModel, train.schema()).export();
 * onnx.write(Path.of("model.onnx"));
 * }</pre>
 *
 * <p>The graph's inputs are the columns the pipeline reads that no stage writes, under their own names (a scalar
 * column is a {@code [N]} tensor, a vector column {@code [N, width]}), typed as in the input schema. Its outputs
 * are, unless {@link #outputs} names others, the columns the last stage writes ({@code prediction} first, then
 * {@code probability}, without {@code rawPrediction}). Each stage is written by the exporter registered for its
 * class ({@link OnnxExporterRegistry}). What no output needs is left out of the graph (such as the label's
 * {@code StringIndexer}, and its string column as an input), also a stage that has no exporter, that cannot be
 * exported with its settings, or that reads a column the input schema lacks; if an output needs such a stage,
 * the export fails, naming the stage and why.
 *
 * <p>Operator sets: ONNX {@value #OPSET} and ONNX-ML {@value #ML_OPSET} (trees use ONNX-ML's
 * {@code TreeEnsemble}, which keeps doubles), IR version {@value #IR_VERSION}.
 */
public final class OnnxExport {
    /** The ONNX IR version written. */
    public static final long IR_VERSION = 10;
    /** The ONNX operator set version written. */
    public static final long OPSET = 21;
    /** The ONNX-ML operator set version written. */
    public static final long ML_OPSET = 5;

    private final Transformer model;
    private final Schema inputSchema;
    private final List<String> outputs;
    private final boolean splitVectorOutputs;

    private OnnxExport(Transformer model, Schema inputSchema, List<String> outputs, boolean splitVectorOutputs) {
        this.model = Objects.requireNonNull(model, "model");
        this.inputSchema = Objects.requireNonNull(inputSchema, "inputSchema");
        this.outputs = outputs;
        this.splitVectorOutputs = splitVectorOutputs;
    }

    /**
     * @param model a fitted stage or pipeline model
     * @param inputSchema the schema of the frames it transforms (such as the training frame's)
     * @return an export with the default outputs
     */
    public static OnnxExport of(Transformer model, Schema inputSchema) {
        return new OnnxExport(model, inputSchema, List.of(), false);
    }

    /**
     * @param columns the columns to output, in order
     * @return a copy with these outputs
     */
    public OnnxExport outputs(String... columns) {
        return new OnnxExport(model, inputSchema, List.of(columns), splitVectorOutputs);
    }

    /**
     * @param split whether a vector output column becomes one {@code [N]} output per slot ({@code probability_0},
     *     {@code probability_1}, ...), as MLflow's pyfunc needs to return a DataFrame
     * @return a copy with this setting
     */
    public OnnxExport splitVectorOutputs(boolean split) {
        return new OnnxExport(model, inputSchema, outputs, split);
    }

    /** @return the stages written, a pipeline's flattened (nested pipelines included) */
    static List<Transformer> stagesOf(Transformer model) {
        List<Transformer> out = new ArrayList<>();
        if (model instanceof PipelineModel p) {
            p.stages().forEach(s -> out.addAll(stagesOf(s)));
        } else {
            out.add(model);
        }
        return out;
    }

    /**
     * @return the ONNX model
     * @throws OnnxExportException naming the stage or column that has no ONNX equivalent
     */
    public OnnxModel export() {
        List<Transformer> stages = stagesOf(model);
        if (stages.isEmpty()) {
            throw new OnnxExportException("model '" + model.uid() + "' has no stages to export");
        }
        OnnxExporterRegistry registry = OnnxExporterRegistry.get();
        OnnxGraphBuilder graph = new OnnxGraphBuilder(inputSchema);
        Schema lastBefore = inputSchema;
        for (Transformer s : stages) {
            OnnxStageExporter<Transformer> exporter = registry.exporterOf(s);
            lastBefore = graph.schema();
            if (!graph.beginStage(s, exporter == null ? registry.noEquivalent(s) : null)) {
                continue;
            }
            if (exporter == null) {
                graph.unavailable(lastBefore, registry.noEquivalent(s));
                continue;
            }
            try {
                exporter.export(s, graph);
            } catch (OnnxExportException e) {
                // fails the export only if an output needs what this stage writes
                graph.unavailable(lastBefore, e.getMessage());
            }
        }
        List<String> wanted = outputs.isEmpty() ? defaultOutputs(lastBefore, graph.schema()) : outputs;
        if (wanted.isEmpty()) {
            throw new OnnxExportException("model '" + model.uid() + "': its last stage writes no column to output"
                + graph.leftOut());
        }
        List<String> outputNames = new ArrayList<>();
        for (String c : wanted) {
            outputNames.addAll(graph.addOutput(c, splitVectorOutputs));
        }
        graph.prune();
        graph.proto().setName("ember_" + model.getClass().getSimpleName())
            .setDocString("Exported by Ember " + EmberVersion.get() + " from " + model.getClass().getName() + " '"
                + model.uid() + "'");
        ModelProto proto = ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("ember")
            .setProducerVersion(EmberVersion.get())
            .setDomain("dev.ember")
            .setModelVersion(1)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxGraphBuilder.ML_DOMAIN)
                .setVersion(ML_OPSET))
            .addMetadataProps(StringStringEntryProto.newBuilder().setKey("ember_model_class")
                .setValue(model.getClass().getName()))
            .addMetadataProps(StringStringEntryProto.newBuilder().setKey("ember_model_uid").setValue(model.uid()))
            .setGraph(graph.proto())
            .build();
        return new OnnxModel(proto, graph.rawInputs(), outputNames);
    }

    private static List<String> defaultOutputs(Schema before, Schema after) {
        Set<String> added = new LinkedHashSet<>(after.names());
        added.removeAll(before.names());
        List<String> out = new ArrayList<>();
        if (added.contains("prediction")) {
            out.add("prediction");
            if (added.contains("probability")) {
                out.add("probability");
            }
            return out;
        }
        added.remove("rawPrediction");
        out.addAll(added);
        return out;
    }
}
