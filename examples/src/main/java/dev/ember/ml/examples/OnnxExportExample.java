package dev.ember.ml.examples;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.onnx.OnnxExport;
import dev.ember.ml.onnx.OnnxModel;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Portable models: fits a pipeline on {@code breast_cancer.csv} (index the diagnosis, assemble the 30
 * measurements, standardize, logistic regression), exports it as one ONNX graph to {@code model.onnx}, and logs
 * it to an MLflow run, where it gets the {@code onnx} flavor beside the {@code ember} flavor; then prints how
 * Python loads and serves it.
 *
 * <p>Usage: {@code OnnxExportExample [data.csv] [out-dir]}; the run goes to the store {@code MLFLOW_TRACKING_URI}
 * names, by default {@code ./mlruns}.
 */
public final class OnnxExportExample {
    private OnnxExportExample() {
    }

    /** @param args optional: the CSV file and the directory for {@code model.onnx} */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        Path out = Path.of(args.length > 1 ? args[1] : "target/onnx-example");
        PrintStream console = System.out;
        try (Runtime runtime = Runtime.inProcess()) {
            Frame raw = CsvReader.builder().runtime(runtime).read(data);
            String[] measurements = raw.schema().fields().stream().filter(f -> f.type().isNumeric())
                .map(f -> f.name()).toArray(String[]::new);
            // $example on$
            PipelineModel model = new Pipeline(
                new StringIndexer().inputCol("diagnosis").outputCol("label"),
                new VectorAssembler().inputCols(measurements).outputCol("raw"),
                new StandardScaler().inputCol("raw").outputCol("features").with(StandardScaler.WITH_MEAN, true),
                new LogisticRegression().regParam(0.01))
                .fit(raw);

            // one graph: inputs are the 30 measurement columns, outputs prediction and probability
            // (the label indexer is left out: prediction does not read what it writes)
            OnnxModel onnx = OnnxExport.of(model, raw.schema()).export();
            onnx.write(out.resolve("model.onnx"));

            // logged with the ember flavor and, since ml-onnx is on the class path, the onnx flavor
            try (Run run = Tracking.newRun().experiment("portable-models").name("breast-cancer-onnx").start()) {
                run.logModel(new ModelArtifact(model, "model", raw.schema().select(onnx.inputs()), null, null));
                console.println("logged runs:/" + run.id() + "/model");
            }
            // $example off$
            console.println("ONNX inputs " + onnx.inputs() + ", outputs " + onnx.outputs());
            console.println("wrote " + out.resolve("model.onnx"));
            console.println("Python: mlflow.pyfunc.load_model('runs:/<run id>/model').predict(df)");
        }
    }
}
