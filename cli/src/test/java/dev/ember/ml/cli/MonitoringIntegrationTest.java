package dev.ember.ml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.io.ParquetWriter;
import dev.ember.ml.core.observe.MetricsServer;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.runtime.ClusterRuntime;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * deploy/monitoring against a real Prometheus (Debian's package, installed by scripts/system-packages.sh): it
 * scrapes the driver (this JVM) and two executor JVMs of a local cluster while logistic-regression fits run,
 * the series are read back through Prometheus' HTTP API, the committed alert rules load and pass their
 * {@code promtool test rules} unit tests, and the fit id on the MLflow run finds the executors' JSON log lines.
 */
@IntegrationTest
@Timeout(240)
class MonitoringIntegrationTest {
    private static final Path MONITORING = Path.of("..", "deploy", "monitoring").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    private static String tool(String name) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        fail(name + " is not installed: scripts/system-packages.sh installs Debian's prometheus package (as root)");
        return null;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    @Test
    void shouldPassThePromtoolUnitTestsOfTheAlertRules() throws Exception {
        String promtool = tool("promtool");
        String check = run(List.of(promtool, "check", "rules",
            MONITORING.resolve("rules/ember-alerts.yml").toString()));
        assertTrue(check.contains("SUCCESS"), check);
        String config = run(List.of(promtool, "check", "config", MONITORING.resolve("prometheus.yml").toString()));
        assertTrue(config.contains("SUCCESS"), config);
        String tests = run(List.of(promtool, "test", "rules",
            MONITORING.resolve("rules/ember-alerts-test.yml").toString()));
        assertTrue(tests.contains("SUCCESS"), tests);
        JsonNode dashboard = JSON.readTree(MONITORING.resolve("grafana/ember-dashboard.json").toFile());
        assertTrue(dashboard.path("panels").size() >= 15, "dashboard panels");
    }

    @Test
    void shouldScrapeTheDriverAndExecutorsDuringAFitAndFindTheFitInTheExecutorLogs() throws Exception {
        String prometheus = tool("prometheus");
        long seed = Seeds.announce("MonitoringIntegrationTest", 20261206L);
        int driverPort = freePort();
        int executorBase = freePortPair();
        int promPort = freePort();
        Path data = writeLogistic(tmp.resolve("train.parquet"), 8_000, 10, 2_000, seed);
        String config = Files.readString(MONITORING.resolve("prometheus.yml"))
            .replace("scrape_interval: 15s", "scrape_interval: 1s")
            .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
            .replace("127.0.0.1:9464", "127.0.0.1:" + driverPort)
            .replace("\"127.0.0.1:9465\", \"127.0.0.1:9466\"", "\"127.0.0.1:" + executorBase + "\", \"127.0.0.1:"
                + (executorBase + 1) + "\"")
            .replace("rules/ember-alerts.yml", MONITORING.resolve("rules/ember-alerts.yml").toString());
        Path configFile = Files.writeString(tmp.resolve("prometheus.yml"), config);
        Process prom = new ProcessBuilder(prometheus, "--config.file=" + configFile,
            "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
            .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        String oldOptions = System.getProperty("ember.cluster.executorJvmOptions");
        System.setProperty("ember.cluster.executorJvmOptions", "-Dember.log.format=json -Dember.log.level=DEBUG");
        System.setProperty("ember.cluster.executorMetricsPort", Integer.toString(executorBase));
        Tracking.setTrackingUri(tmp.resolve("mlruns").toString());
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean fitting = new AtomicBoolean(true);
        AtomicInteger fits = new AtomicInteger();
        AtomicReference<Throwable> fitError = new AtomicReference<>();
        try (MetricsServer driver = MetricsServer.start(null, driverPort);
             Runtime rt = Runtime.localCluster(2)) {
            awaitReady(http, promPort, prom);
            Frame train = ParquetReader.options().runtime(rt).rowGroupsPerPartition(1).read(data).cache();
            Thread loop = new Thread(() -> {
                try (Run run = Tracking.newRun().experiment("monitoring").name("fits").start()) {
                    while (fitting.get()) {
                        new LogisticRegression().with(LogisticRegression.MAX_ITER, 5).fit(train);
                        fits.incrementAndGet();
                    }
                } catch (Throwable t) {
                    fitError.set(t);
                }
            }, "fit-loop");
            loop.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<String> missing = List.of("?");
            while (System.nanoTime() < deadline && !missing.isEmpty() && fitError.get() == null) {
                Thread.sleep(500);
                missing = missingSeries(http, promPort);
            }
            boolean stillFitting = loop.isAlive();
            fitting.set(false);
            loop.join(60_000);
            if (fitError.get() != null) {
                throw new AssertionError("the fit loop failed", fitError.get());
            }
            assertTrue(missing.isEmpty(), "series Prometheus lacks after 90 s: " + missing + "; its log:\n"
                + Files.readString(tmp.resolve("prometheus.log")));
            assertTrue(stillFitting, "the series were scraped while the fits ran");
            assertTrue(fits.get() >= 1);
            JsonNode rules = get(http, promPort, "/api/v1/rules");
            assertTrue(rules.toString().contains("EmberExecutorLost")
                && rules.toString().contains("EmberJobFailureBudgetFastBurn"), "the alert rules are loaded");
            // the local store writes off the fit's thread; Tracking.flush is how a reader in this process waits
            assertTrue(Tracking.flush(Tracking.trackingUri(), 60_000), "the local store wrote what it queued");
            String fitId = fitIdOnTheRun(tmp.resolve("mlruns"));
            try (Stream<Path> files = Files.walk(tmp.resolve("mlruns"))) {
                List<String> system = files.filter(p -> p.getParent().getFileName().toString().equals("system")
                    && p.getParent().getParent().getFileName().toString().equals("metrics"))
                    .map(p -> p.getFileName().toString()).toList();
                assertTrue(system.containsAll(List.of("ember_passes_total", "ember_rounds_total",
                    "ember_pass_duration_seconds_sum", "ember_fit_duration_seconds")),
                    "MLflow system metrics of the fit on the run: " + system);
            }
            Path logs = ((ClusterRuntime) rt).executorLogDir().orElseThrow();
            assertTrue(executorLinesWithFit(logs, fitId) >= 2, "executor JSON log lines with fit " + fitId
                + " in " + logs);
            // an executor killed: the driver counts it lost and the committed alert fires in Prometheus
            String marker = "--metrics-port\0" + (executorBase + 1) + "\0";
            ProcessHandle victim = ProcessHandle.current().children().filter(h -> commandLine(h).contains(marker))
                .findFirst().orElseThrow(() -> new AssertionError("no executor on metrics port " + (executorBase + 1)));
            victim.destroyForcibly();
            List<String> notYet = List.of("?");
            long lossDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (!notYet.isEmpty() && System.nanoTime() < lossDeadline) {
                Thread.sleep(500);
                notYet = new ArrayList<>();
                expect(notYet, http, promPort, "max(ember_executors_active{job=\"ember-driver\"})", 1);
                expect(notYet, http, promPort, "sum(ember_executors_lost_total{job=\"ember-driver\"})", 1);
                expect(notYet, http, promPort,
                    "count(ALERTS{alertname=\"EmberExecutorLost\",alertstate=\"firing\"})", 1);
            }
            assertTrue(notYet.isEmpty(), "after killing executor pid " + victim.pid() + ": " + notYet);
        } finally {
            fitting.set(false);
            prom.destroy();
            prom.waitFor(10, TimeUnit.SECONDS);
            prom.destroyForcibly();
            Tracking.setTrackingUri(null);
            System.clearProperty("ember.cluster.executorMetricsPort");
            if (oldOptions == null) {
                System.clearProperty("ember.cluster.executorJvmOptions");
            } else {
                System.setProperty("ember.cluster.executorJvmOptions", oldOptions);
            }
        }
    }

    /** The checks on what Prometheus scraped; returns the ones not met yet. */
    private static List<String> missingSeries(HttpClient http, int port) throws Exception {
        List<String> missing = new ArrayList<>();
        expect(missing, http, port, "count(up{job=\"ember-executor\"} == 1)", 2);
        expect(missing, http, port, "count(up{job=\"ember-driver\"} == 1)", 1);
        expect(missing, http, port,
            "count(sum by (instance) (ember_task_duration_seconds_count{job=\"ember-executor\"}) > 0)", 2);
        expect(missing, http, port, "count(ember_kernel_time_seconds_count{job=\"ember-executor\"} > 0) > 0", -1);
        expect(missing, http, port, "count(ember_cache_bytes{job=\"ember-executor\"})", 2);
        expect(missing, http, port,
            "sum(ember_pass_duration_seconds_count{job=\"ember-driver\",runtime=\"cluster\"}) > 0", -1);
        expect(missing, http, port, "max(ember_executors_active{job=\"ember-driver\"})", 2);
        expect(missing, http, port, "sum(ember_executors_joined_total{job=\"ember-driver\"})", 2);
        expect(missing, http, port, "count(ember_executor_heartbeat_age_seconds{job=\"ember-driver\"} < 10)", 2);
        expect(missing, http, port,
            "sum(ember_fits_total{job=\"ember-driver\",stage=\"LogisticRegression\",outcome=\"success\"}) > 0", -1);
        return missing;
    }

    /** expected -1: any value; else the single result's value. */
    private static void expect(List<String> missing, HttpClient http, int port, String query, double expected)
        throws Exception {
        JsonNode result = get(http, port, "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
            .path("data").path("result");
        if (result.size() != 1 || expected >= 0 && result.get(0).path("value").get(1).asDouble() != expected) {
            missing.add(query + " -> " + result);
        }
    }

    private static JsonNode get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static void awaitReady(HttpClient http, int port, Process prom) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!prom.isAlive()) {
                fail("prometheus exited with " + prom.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        fail("prometheus was not ready within 30 s");
    }

    /** The process's arguments as /proc has them, NUL-separated (ProcessHandle.Info may truncate them). */
    private static String commandLine(ProcessHandle h) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }

    private static String fitIdOnTheRun(Path mlruns) throws IOException {
        try (Stream<Path> files = Files.walk(mlruns)) {
            List<Path> tags = files.filter(p -> p.getFileName().toString().equals("ember.fitId")
                && p.getParent().getFileName().toString().equals("tags")).toList();
            assertEquals(1, tags.size(), "one run tagged with a fit id: " + tags);
            String id = Files.readString(tags.get(0)).trim();
            assertTrue(id.matches("[0-9a-f]{16}"), id);
            return id;
        }
    }

    private static long executorLinesWithFit(Path logs, String fitId) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.startsWith("{")) {
                        continue;
                    }
                    JsonNode j = JSON.readTree(line);
                    JsonNode mdc = j.path("mdc");
                    if (fitId.equals(mdc.path("fitId").asText()) && mdc.path("traceId").asText().length() == 32
                        && mdc.path("stage").asText().equals("LogisticRegression") && mdc.has("task")
                        && mdc.has("executor") && mdc.has("round")) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freePortPair() throws IOException {
        for (int tries = 0; tries < 50; tries++) {
            int p = freePort();
            try (ServerSocket next = new ServerSocket(p + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    private static Path writeLogistic(Path file, int rows, int d, int rowGroupRows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = rnd.nextGaussian() / Math.sqrt(d);
        }
        double[][] x = new double[rows][d];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double m = 0.3;
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian();
                m += x[i][j] * w[j];
            }
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
        }
        try (Runtime rt = Runtime.inProcess()) {
            Frame f = Frame.of(rt, List.of(new Partition(0, List.of(ColumnBuilder.ofVectors("features",
                DataType.FLOAT, x), ColumnBuilder.ofDoubles("label", y)))));
            ParquetWriter.options().rowGroupRows(rowGroupRows).write(f, file);
        }
        return file;
    }
}
