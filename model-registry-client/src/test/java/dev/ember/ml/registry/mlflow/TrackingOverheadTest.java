package dev.ember.ml.registry.mlflow;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.SlowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cost of tracking a fit of the reference workload (DESIGN.md: 1,000,000 x 50 logistic regression, L2 0.01, up
 * to 100 iterations, tol 1e-6), with a real MLflow server up, with it down, and with the embedded store. Each
 * tracked fit is timed end to end (start the run, fit, the tracking hook, end the run) right after an untracked fit
 * (pairs, so that the machine's load drifting between fits cancels out), and the tracking calls alone (start, hook,
 * end) are timed separately. Writes the table to {@code target/tracking-overhead.md}.
 */
@SlowTest
@IntegrationTest
@Timeout(1800)
class TrackingOverheadTest {
    private static final int ROWS = 1_000_000;
    private static final int D = 50;
    private static final int PARTITIONS = 8;
    private static final int REPEATS = 5;
    private static Runtime runtime;
    private static Frame frame;

    @BeforeAll
    static void setUp(@TempDir Path spool) {
        System.setProperty("ember.tracking.spool", spool.toString());
        System.setProperty("ember.tracking.startTimeoutMillis", "30000");
        runtime = Runtime.inProcess(new RuntimeConfig());
        frame = referenceData(42).cacheNow();
    }

    @AfterAll
    static void tearDown() {
        Tracking.shutdown();
        frame.unpersist();
        runtime.close();
        System.clearProperty("ember.tracking.spool");
        System.clearProperty("ember.tracking.startTimeoutMillis");
    }

    /** x ~ N(0, 1), w ~ N(0, 1) / sqrt(D), b = 0.5, label ~ Bernoulli(sigmoid(x . w + b)); float features. */
    static Frame referenceData(long seed) {
        SplittableRandom weights = new SplittableRandom(seed);
        double[] w = new double[D];
        for (int j = 0; j < D; j++) {
            w[j] = weights.nextGaussian() / Math.sqrt(D);
        }
        List<Partition> parts = new ArrayList<>();
        int per = ROWS / PARTITIONS;
        double[] x = new double[D];
        for (int p = 0; p < PARTITIONS; p++) {
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + p);
            ColumnBuilder features = new ColumnBuilder(Field.vector("features", D, DataType.FLOAT), per);
            ColumnBuilder label = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), per);
            for (int i = 0; i < per; i++) {
                double z = 0.5;
                for (int j = 0; j < D; j++) {
                    x[j] = (float) rng.nextGaussian();
                    z += x[j] * w[j];
                }
                features.appendVector(x);
                label.appendDouble(rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
            }
            parts.add(new Partition(p, List.of(features.build(), label.build())));
        }
        return Frame.of(runtime, parts);
    }

    private static LogisticRegression estimator() {
        return new LogisticRegression().regParam(0.01).maxIter(100).tol(1e-6);
    }

    /**
     * Times of one mode, in milliseconds: end-to-end tracked fits, the tracking calls alone, and how long the
     * background writes took to land after the run ended (not part of the fit; waited for between fits so that one
     * fit's writes do not overlap the next fit).
     */
    private record Times(String mode, double[] total, double[] untracked, double[] tracking, double[] background,
                         double[] serverCpu) {
        double medianPairDifference() {
            double[] d = new double[total.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (total[i] - untracked[i]) / untracked[i];
            }
            return median(d);
        }

        double medianTotal() {
            return median(total);
        }

        double medianTracking() {
            return median(tracking);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double[] untracked() {
        double[] t = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            estimator().fit(frame);
            t[r] = (System.nanoTime() - t0) / 1e6;
        }
        return t;
    }

    private static Times tracked(String mode, String uri, MlflowServer server) {
        tracked(uri, mode + "-warm-up");
        return measure(mode, uri, server);
    }

    private static void tracked(String uri, String name) {
        LogisticRegression lr = estimator();
        try (Run run = Tracking.newRun().trackingUri(uri).experiment("overhead").name(name).start()) {
            lr.fit(frame);
            run.setTag("warm-up", "true");
        }
        Tracking.flush(uri, 60_000);
    }

    private static Times measure(String mode, String uri, MlflowServer server) {
        double[] total = new double[REPEATS];
        double[] tracking = new double[REPEATS];
        double[] background = new double[REPEATS];
        double[] serverCpu = new double[REPEATS];
        double[] untracked = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long u0 = System.nanoTime();
            estimator().fit(frame);
            untracked[r] = (System.nanoTime() - u0) / 1e6;
            LogisticRegression lr = estimator();
            long cpu0 = server == null ? 0 : server.cpuMillis();
            // fit outside a run (the hook at the end of fit is then a no-op), then time the tracking alone: the
            // run's start, the same hook inside the run (what fit does as its last step), and the run's end
            long t0 = System.nanoTime();
            LogisticRegressionModel model = lr.fit(frame);
            long t1 = System.nanoTime();
            Run run = Tracking.newRun().trackingUri(uri).experiment("overhead").name(mode + "-" + r).start();
            long t2 = System.nanoTime();
            Tracking.onFit(lr, model, frame);
            run.close();
            long t3 = System.nanoTime();
            serverCpu[r] = server == null ? 0 : server.cpuMillis() - cpu0;
            Tracking.flush(uri, 60_000);
            long t4 = System.nanoTime();
            total[r] = (t3 - t0) / 1e6;
            tracking[r] = (t3 - t1) / 1e6;
            background[r] = (t4 - t3) / 1e6;
        }
        return new Times(mode, total, untracked, tracking, background, serverCpu);
    }

    @Test
    void shouldCostLessThanFivePercentOfTheFit(@TempDir Path tmp) throws IOException {
        estimator().fit(frame);
        double[] base = untracked();
        List<Times> modes = new ArrayList<>();
        modes.add(tracked("embedded ./mlruns", tmp.resolve("mlruns").toUri().toString(), null));
        try (MlflowServer server = MlflowServer.startSqlite(tmp.resolve("server"))) {
            tracked("warm-up", server.uri(), server);
            server.awaitIdle(120_000);
            modes.add(tracked("server up", server.uri(), server));
            assertTrue(Tracking.store(server.uri()).flush(60_000));
            server.stop();
            modes.add(tracked("server down", server.uri(), null));
        }
        double[] after = untracked();
        double[] all = new double[base.length + after.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(after, 0, all, base.length, after.length);
        double fit = median(all);

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Tracking overhead, 1,000,000 x 50 logistic regression (L2 0.01, tol 1e-6,"
            + " maxIter 100), %d cores, %d fits per row; untracked fit median %.0f ms (runs: %s)%n%n",
            java.lang.Runtime.getRuntime().availableProcessors(), REPEATS, fit, Arrays.toString(all)));
        md.append("| store | tracking calls on the caller's thread, median ms | share of the fit "
            + "| tracked fit end to end, ms | untracked fit just before, ms | end-to-end difference, median of pairs "
            + "| background writes after the run, ms | MLflow server CPU during the tracked fit, ms |\n"
            + "|---|---|---|---|---|---|---|---|\n");
        for (Times t : modes) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f (%s) | %.2f%% | %s | %s | %+.1f%% | %s | %s |%n",
                t.mode(), t.medianTracking(), fmt(t.tracking()), 100 * t.medianTracking() / fit, fmt(t.total()),
                fmt(t.untracked()), 100 * t.medianPairDifference(), fmt(t.background()), fmt(t.serverCpu())));
        }
        Path report = Path.of("target", "tracking-overhead.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, md.toString());
        for (Times t : modes) {
            assertTrue(t.medianTracking() < 0.05 * fit, t.mode() + ": tracking took " + t.medianTracking()
                + " ms of a " + fit + " ms fit\n" + md);
        }
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", x));
        }
        return b.toString();
    }
}
