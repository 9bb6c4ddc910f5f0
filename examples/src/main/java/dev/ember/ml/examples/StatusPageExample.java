package dev.ember.ml.examples;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.status.StatusRegistry;
import dev.ember.ml.core.status.StatusServer;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Serves the live status page while a pipeline fits {@code breast_cancer.csv}: the page at the printed address
 * (loopback only) shows the fit running with its plan, then succeeded with its analyzed plan; on a cluster runtime
 * it also shows the executors, rounds and tasks.
 *
 * <p>Usage: {@code StatusPageExample [data.csv] [port]} (port 0, the default, picks a free one).
 */
public final class StatusPageExample {
    private StatusPageExample() {
    }

    /**
     * Fits the pipeline with a status page up and returns what the page's JSON says about the fits.
     *
     * @param data the CSV
     * @param port the page's port, 0 for any free one
     * @return the page's fits, as {@code /api/status} returns them
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> run(Path data, int port) {
        // $example on$
        try (StatusServer page = StatusServer.start("127.0.0.1", port);   // off unless started; loopback
             Runtime runtime = Runtime.inProcess()) {
            URI address = page.uri();                                     // http://127.0.0.1:<port>/
            System.out.println("status page at " + address);
            Frame raw = CsvReader.builder().runtime(runtime).read(data);
            String[] measurements = raw.schema().names().stream()
                .filter(c -> !c.equals("diagnosis")).toArray(String[]::new);
            PipelineModel model = new Pipeline(
                new StringIndexer().inputCol("diagnosis").outputCol("label"),
                new VectorAssembler().inputCols(measurements).outputCol("raw"),
                new StandardScaler().inputCol("raw").outputCol("features"),
                new LogisticRegression().regParam(0.01)).fit(raw);
            // what the page shows: GET <address>api/status
            return (List<Map<String, Object>>) StatusRegistry.snapshot().get("fits");
        }
        // $example off$
    }

    /**
     * @param args optional CSV path and port
     */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        for (Map<String, Object> fit : run(data, port)) {
            System.out.println(fit.get("estimator") + " " + fit.get("state") + " " + fit.get("millis") + " ms");
        }
    }
}
