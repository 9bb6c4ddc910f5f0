package dev.ember.ml.examples;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.observe.MetricsServer;
import dev.ember.ml.core.observe.TraceScope;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * Observability of a fit (issue 14): serves this program's metrics for Prometheus on loopback, fits a pipeline on
 * {@code breast_cancer.csv} inside a job trace and an MLflow run, then reads its own endpoint and prints Ember's
 * series: fits by outcome, passes, tasks, rows. The run carries the fit and trace ids as tags
 * ({@code ember.fitId}, {@code ember.traceId}) and the fit's figures as MLflow system metrics
 * ({@code system/ember_...}).
 *
 * <p>Usage: {@code ObservabilityExample [data.csv] [port]} (port 0 picks a free one).
 */
public final class ObservabilityExample {
    private ObservabilityExample() {
    }

    /**
     * @param args optional: the CSV file and the metrics port
     * @throws IOException if the endpoint cannot be read
     * @throws InterruptedException if interrupted while reading it
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        PrintStream out = System.out;
        try (Runtime runtime = Runtime.inProcess()) {
            // $example on$
            try (MetricsServer metrics = MetricsServer.start(MetricsServer.LOOPBACK, port)) {
                String traceId;
                try (TraceScope job = TraceScope.job("example")) {      // one trace id for everything inside
                    traceId = job.traceId();
                    Frame raw = CsvReader.builder().runtime(runtime).read(data).cache();
                    String[] measurements = raw.schema().names().stream()
                        .filter(c -> !c.equals("diagnosis")).toArray(String[]::new);
                    Pipeline pipeline = new Pipeline(
                        new StringIndexer().inputCol("diagnosis").outputCol("label"),
                        new VectorAssembler().inputCols(measurements).outputCol("raw"),
                        new StandardScaler().inputCol("raw").outputCol("features"),
                        new LogisticRegression().regParam(0.01));
                    try (Run run = Tracking.newRun().experiment("observability").name("breast-cancer").start()) {
                        // run tags ember.fitId, ember.traceId; metrics system/ember_...
                        PipelineModel model = pipeline.fit(raw);
                        out.println("fitted " + model.stages().size() + " stages in run " + run.id());
                    }
                    job.succeeded();
                }
                String scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(metrics.url())).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
                out.println("trace " + traceId + ", metrics at " + metrics.url() + ":");
                scrape.lines().filter(l -> l.startsWith("ember_fits_total") || l.startsWith("ember_pass_rows_total")
                    || l.startsWith("ember_pass_duration_seconds_count") || l.startsWith("ember_jobs_total"))
                    .forEach(l -> out.println("  " + l));
            }
            // $example off$
        }
    }
}
