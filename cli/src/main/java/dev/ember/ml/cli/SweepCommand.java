package dev.ember.ml.cli;

import dev.ember.ml.cli.sweep.PipelineObjective;
import dev.ember.ml.cli.sweep.ProgressBarListener;
import dev.ember.ml.cli.sweep.SweepPlots;
import dev.ember.ml.cli.sweep.SweepRunsFile;
import dev.ember.ml.cli.sweep.SweepFactory;
import dev.ember.ml.cli.sweep.SweepSpec;
import dev.ember.ml.cli.sweep.SweepSpecException;
import dev.ember.ml.cli.sweep.SweepSpecReader;
import dev.ember.ml.cli.sweep.TrackingListener;
import dev.ember.ml.cli.sweep.TrialTable;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.pipeline.sweep.Sweep;
import dev.ember.ml.pipeline.sweep.SweepJournal;
import dev.ember.ml.pipeline.sweep.SweepListener;
import dev.ember.ml.pipeline.sweep.SweepResult;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.ember.ml.core.status.StatusServer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code ember sweep FILE}: runs (or resumes) a hyperparameter sweep described by a YAML file. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    sortOptions = false,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        "0:done (budget used, grid exhausted, or stopped by 'ember sweep stop')",
        "1:more trials failed than budget.maxFailedTrials allows",
        "2:bad usage or a bad sweep file (reported with key path and line, before any compute)",
        ExitCodes.UNAVAILABLE_LINE,
        "130:interrupted (Ctrl-C); running trials are journaled as interrupted, --resume continues"},
    description = "Run a hyperparameter sweep from a YAML sweep file (see docs/Sweeps.md), or look at one.",
    subcommands = {SweepStatusCommand.class, SweepBestCommand.class, SweepTrialsCommand.class,
        SweepStopCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ember sweep examples/sweeps/tpe.yaml",
        "  ember sweep examples/sweeps/asha.yaml --parallel 2 --master local-cluster[2]",
        "  ember sweep examples/sweeps/tpe.yaml --resume        # after a crash or Ctrl-C",
        "  ember sweep status tpe --format json",
        "  ember sweep best examples/sweeps/tpe.yaml",
        "",
        "The journal (.ember/sweeps/<name>.journal beside the sweep file) is the sweep's source of truth: running",
        "the same sweep again resumes it; finished trials are kept, interrupted ones re-run. The MLflow parent run",
        "(recorded beside the journal in <journal>.mlflow) is reopened and continued, not started anew."})
public final class SweepCommand implements Callable<Integer> {
    /** Exit code: more trials failed than allowed. */
    public static final int FAILED_TRIALS = ExitCodes.FAILED;
    /** Exit code: bad usage or sweep file. */
    public static final int BAD_SPEC = ExitCodes.USAGE;
    /** Exit code: tracking unreachable. */
    public static final int TRACKING_UNREACHABLE = ExitCodes.UNAVAILABLE;
    /** Exit code: interrupted. */
    public static final int INTERRUPTED = ExitCodes.INTERRUPTED;

    @Mixin
    private MetricsOptions metrics = new MetricsOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the sweep file (YAML)")
    private Path file;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local",
        description = "runtime: local (default), local[n], local-cluster[n] or ember://host:port")
    private String master;

    @Option(names = "--parallel", paramLabel = "N", description = "trials at once (default: the file's parallel)")
    private Integer parallel;

    @Option(names = "--resume", description = "continue the sweep's journal (an error if there is none)")
    private boolean resume;

    @Option(names = "--journal", paramLabel = "PATH",
        description = "the journal file (default: the file's journal, else .ember/sweeps/<name>.journal beside it)")
    private Path journal;

    @Option(names = "--new-parent-run",
        description = "on resume, start a new MLflow parent run instead of continuing the one recorded beside the "
            + "journal (needed when that run was deleted or lives under another tracking URI)")
    private boolean newParentRun;

    @Option(names = "--no-tracking", description = "do not log to MLflow even if the file has a tracking section")
    private boolean noTracking;

    @Mixin
    private TrackingOptions tracking;

    @Mixin
    private StatusPageOptions statusPage;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public SweepCommand() {
    }

    @Override
    public Integer call() {
        return metrics.runJob("sweep", this::sweep);
    }

    private Integer sweep() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (file == null) {
            err.println("ember sweep: missing FILE (or a subcommand)");
            spec.commandLine().usage(err);
            return BAD_SPEC;
        }
        SweepSpec read;
        try {
            read = SweepSpecReader.read(file);
        } catch (SweepSpecException e) {
            err.println(file + ": bad sweep file:");
            e.problems().forEach(p -> err.println("  " + p));
            return BAD_SPEC;
        }
        SweepSpec sweepSpec = journal != null ? read.withJournal(journal) : read;
        if (resume && !Files.exists(sweepSpec.journal())) {
            err.println("ember sweep: --resume: no journal at " + sweepSpec.journal() + " for sweep "
                + sweepSpec.name());
            return BAD_SPEC;
        }
        int n = parallel != null ? parallel : sweepSpec.parallel();
        if (n < 1) {
            err.println("ember sweep: --parallel: found " + n + ", expected >= 1");
            return BAD_SPEC;
        }
        TrackingListener mlflow = null;
        SweepRunsFile recorded = null;
        if (sweepSpec.tracking() != null && !noTracking) {
            String uri = tracking.uri();
            if (!reachable(uri)) {
                err.println("ember sweep: tracking server " + uri + " is unreachable (use --no-tracking to run "
                    + "without it)");
                return TRACKING_UNREACHABLE;
            }
            if (Files.exists(sweepSpec.journal())) {
                Optional<SweepRunsFile> runs;
                try {
                    runs = SweepRunsFile.read(sweepSpec.journal());
                } catch (RuntimeException e) {
                    err.println("ember sweep: " + e.getMessage() + " (pass --new-parent-run to start a new parent "
                        + "run)");
                    return BAD_SPEC;
                }
                String current = Tracking.trackingUri();
                if (runs.isEmpty()) {
                    int held = SweepJournal.read(sweepSpec.journal()).trials().size();
                    if (held > 0) {
                        err.println("ember sweep: warning: journal " + sweepSpec.journal() + " records no MLflow "
                            + "parent run (it was written by an older Ember or with --no-tracking); starting a new "
                            + "parent run in " + current + ". Its " + held + " finished trial(s) are not children of "
                            + "it (runs an older Ember logged for them stay under their old parent run).");
                    }
                } else if (newParentRun) {
                    err.println("ember sweep: warning: --new-parent-run: starting a new parent run in " + current
                        + " instead of continuing run " + runs.get().parentRunId() + " in "
                        + runs.get().trackingUri());
                } else if (!runs.get().sameStore(current)) {
                    err.println("ember sweep: the sweep's parent run " + runs.get().parentRunId() + " is in "
                        + runs.get().trackingUri() + " (recorded in " + runs.get().path() + "), but this run logs "
                        + "to " + SweepRunsFile.normalizeUri(current) + ". Resume with --tracking-uri "
                        + runs.get().trackingUri() + ", or pass --new-parent-run to start a new parent run in "
                        + current + ".");
                    return BAD_SPEC;
                } else {
                    recorded = runs.get();
                }
            }
        }
        try (StatusServer page = statusPage.start(err);
             Runtime runtime = Runtime.create(master)) {
            // the shared data preparation runs before the parent run exists, so it is not logged as a fit of its own
            PipelineObjective objective = new PipelineObjective(sweepSpec, runtime);
            if (recorded != null) {
                try {
                    mlflow = TrackingListener.resume(sweepSpec, recorded, Tracking.trackingUri());
                } catch (TrackingException e) {
                    err.println("ember sweep: cannot continue the sweep's parent run: " + e.getMessage()
                        + ". Pass --new-parent-run to start a new parent run instead.");
                    return BAD_SPEC;
                }
                out.println("continuing MLflow parent run " + recorded.parentRunId() + " in "
                    + recorded.trackingUri());
            } else if (sweepSpec.tracking() != null && !noTracking) {
                mlflow = new TrackingListener(sweepSpec);
            }
            Sweep.Builder b = SweepFactory.builder(sweepSpec, n);
            if (System.console() != null && !Boolean.getBoolean("ember.sweep.noProgressBar")) {
                b.listener(new ProgressBarListener(sweepSpec.name(), sweepSpec.budget().maxTrials(),
                    sweepSpec.objective().metric()));
            } else {
                b.listener(new ProgressLog(out, sweepSpec));
            }
            if (mlflow != null) {
                b.listener(mlflow);
            }
            Sweep sweep = b.build();
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                sweep.interrupt();
                try {
                    done.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ember-sweep-interrupt");
            java.lang.Runtime.getRuntime().addShutdownHook(hook);
            SweepResult result = null;
            try {
                result = sweep.run(objective);
                Path plots = sweepSpec.journal().resolveSibling(sweepSpec.name() + "-plots");
                List<Path> pngs = SweepPlots.write(result.trials(), sweepSpec.space(),
                    sweepSpec.objective().direction(), sweepSpec.objective().metric(), plots);
                if (!pngs.isEmpty()) {
                    out.println("plots: " + plots);
                }
                if (mlflow != null) {
                    for (Path png : pngs) {
                        mlflow.parent().logArtifact(png, "plots");
                    }
                    if (sweepSpec.tracking().registerName() != null && result.best().isPresent()) {
                        registerBest(sweepSpec, objective, result.best().get(), mlflow, out);
                    }
                }
            } finally {
                if (mlflow != null) {
                    mlflow.end(result == null ? RunStatus.FAILED
                        : result.stopReason() == SweepResult.StopReason.INTERRUPTED ? RunStatus.KILLED
                        : RunStatus.FINISHED);
                    // the bound a store's close waits at exit (ember.tracking.flushTimeoutMillis, 10 s)
                    Tracking.flush(Tracking.trackingUri(), Long.getLong("ember.tracking.flushTimeoutMillis", 10_000));
                    mlflow.recordChildRuns();
                }
                done.countDown();
            }
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: Ctrl-C
            }
            out.printf(Locale.ROOT, "%nsweep %s: %s after %d trials (%d complete, %d pruned, %d failed) in %.1f s; "
                    + "engine %.2f ms/trial%n", sweepSpec.name(), result.stopReason(), result.trials().size(),
                result.count(TrialState.COMPLETE), result.count(TrialState.PRUNED), result.count(TrialState.FAILED),
                result.elapsedMillis() / 1000.0, result.engineMillisPerTrial());
            SweepResult r = result;
            List<TrialRecord> top = r.trials().stream()
                .filter(t -> t.state() == TrialState.COMPLETE)
                .sorted((x, y) -> sweepSpec.objective().direction().better(x.value(), y.value()) ? -1
                    : sweepSpec.objective().direction().better(y.value(), x.value()) ? 1 : 0)
                .limit(5).toList();
            out.println("top trials by " + sweepSpec.objective().metric() + ":");
            out.print(TrialTable.render(top, "table"));
            out.flush();
            if (result.stopReason() == SweepResult.StopReason.INTERRUPTED) {
                return INTERRUPTED;
            }
            return result.failedOverLimit() ? FAILED_TRIALS : 0;
        }
    }

    private static void registerBest(SweepSpec s, PipelineObjective objective, TrialRecord best,
                                     TrackingListener mlflow, PrintWriter out) {
        var model = objective.fitFull(best.params());
        mlflow.parent().logModel(model, "best_model");
        Tracking.flush(Tracking.trackingUri(), 60_000);
        ModelRegistry registry = ModelRegistry.forTrackingUri(Tracking.trackingUri());
        ModelVersion v = registry.register(s.tracking().registerName(), "runs:/" + mlflow.parent().id()
            + "/best_model", Map.of("ember.sweep.name", s.name(), "ember.sweep.trial",
            Integer.toString(best.number())));
        out.printf("registered the best trial (#%d) as %s version %d%n", best.number(), v.name(), v.version());
        if (s.tracking().alias() != null) {
            registry.setAlias(v.name(), s.tracking().alias(), v.version());
            out.printf("alias %s@%s -> %d%n", v.name(), s.tracking().alias(), v.version());
        }
    }

    /**
     * @param uri a tracking URI
     * @return whether an http(s) server answers (local stores always count as reachable)
     */
    static boolean reachable(String uri) {
        if (uri == null || !(uri.startsWith("http://") || uri.startsWith("https://"))) {
            return true;
        }
        try {
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create(uri.replaceAll("/+$", "") + "/health"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 500;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One line per finished trial, off a terminal (on one, {@link ProgressBarListener} draws a bar). */
    private static final class ProgressLog implements SweepListener {
        private final PrintWriter out;
        private final SweepSpec spec;
        private final AtomicInteger finished = new AtomicInteger();
        private final long start = System.currentTimeMillis();

        ProgressLog(PrintWriter out, SweepSpec spec) {
            this.out = out;
            this.spec = spec;
        }

        @Override
        public void onSweepStarted(String name, int resumed) {
            finished.set(resumed);
            out.printf("sweep %s: %d trials budgeted, %d already finished (journal %s)%n", name,
                spec.budget().maxTrials(), resumed, spec.journal());
            out.flush();
        }

        @Override
        public void onTrialFinished(TrialRecord t, TrialRecord best) {
            int done = finished.incrementAndGet();
            long el = System.currentTimeMillis() - start;
            synchronized (out) {
                out.printf(Locale.ROOT, "[%d/%d %5.1fs] trial %d %s %s=%s%s  best %s%s %s%n", done,
                    spec.budget().maxTrials(), el / 1000.0, t.number(), t.state(), spec.objective().metric(),
                    Double.isNaN(t.value()) ? "-" : String.format(Locale.ROOT, "%.6g", t.value()),
                    t.state() == TrialState.PRUNED ? " at step " + t.lastStep() : "",
                    best == null ? "-" : String.format(Locale.ROOT, "%.6g", best.value()),
                    best == null ? "" : " (#" + best.number() + ")", t.params());
                out.flush();
            }
        }
    }
}
