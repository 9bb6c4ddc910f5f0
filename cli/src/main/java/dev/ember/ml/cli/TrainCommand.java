package dev.ember.ml.cli;

import dev.ember.ml.cli.sweep.SweepSpec;
import dev.ember.ml.cli.sweep.SweepSpecException;
import dev.ember.ml.cli.sweep.SweepSpecReader;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.ember.ml.core.status.StatusServer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ember train FILE}: fits one pipeline from a run file (a sweep file without {@code space}), evaluates it on
 * the validation rows and logs it to MLflow.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
        ExitCodes.OK_LINE,
        "1:the fit or the evaluation failed",
        "2:bad usage or a bad run file (before any compute), or a --tracking-uri directory that does not exist",
        ExitCodes.UNAVAILABLE_LINE},
    description = "Fit and evaluate one pipeline from a YAML run file (the sweep file format without space).",
    footerHeading = "%nExamples:%n",
    footer = {"  ember train examples/sweeps/train.yaml",
        "  ember train run.yaml --output model/ --tracking-uri http://127.0.0.1:5000"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    private MetricsOptions metrics = new MetricsOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "the run file (YAML)")
    private Path file;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local",
        description = "runtime: local (default), local[n], local-cluster[n] or ember://host:port")
    private String master;

    @Option(names = "--output", paramLabel = "DIR", description = "save the fitted pipeline model here")
    private Path output;

    @Option(names = "--no-tracking", description = "do not log to MLflow even if the file has a tracking section")
    private boolean noTracking;

    @Mixin
    private TrackingOptions tracking;

    @Mixin
    private StatusPageOptions statusPage;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public TrainCommand() {
    }

    @Override
    public Integer call() {
        return metrics.runJob("train", this::train);
    }

    private Integer train() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepSpec s;
        try {
            s = SweepSpecReader.read(file, false);
        } catch (SweepSpecException e) {
            err.println(file + ": bad run file:");
            e.problems().forEach(p -> err.println("  " + p));
            return SweepCommand.BAD_SPEC;
        }
        if (s.data().folds() > 0) {
            err.println("ember train: data.split.folds: use trainRatio for a single fit (folds are for sweeps)");
            return SweepCommand.BAD_SPEC;
        }
        boolean track = s.tracking() != null && !noTracking;
        if (track && !SweepCommand.reachable(tracking.uri())) {
            err.println("ember train: tracking server " + Tracking.trackingUri() + " is unreachable");
            return SweepCommand.TRACKING_UNREACHABLE;
        }
        try (StatusServer page = statusPage.start(err);
             Runtime runtime = Runtime.create(master)) {
            Frame data = dev.ember.ml.cli.sweep.PipelineObjective.readData(s.data(), runtime).cache();
            Frame[] split = data.randomSplit(new double[] {s.data().trainRatio(), 1 - s.data().trainRatio()},
                s.data().seed());
            Pipeline pipeline = new Pipeline(s.pipeline().stream().map(SweepSpec.Stage::stage)
                .toArray(PipelineStage[]::new));
            Run run = track ? Tracking.newRun().experiment(s.tracking().experiment()).name(s.tracking().parentRun())
                .start() : null;
            try {
                long t0 = System.currentTimeMillis();
                PipelineModel model = pipeline.fit(split[0]);
                double metric = s.objective().evaluator().evaluate(model.transform(split[1]));
                out.printf(Locale.ROOT, "%s: validation %s = %.6g (fit and evaluation %.1f s)%n", s.name(),
                    s.objective().metric(), metric, (System.currentTimeMillis() - t0) / 1000.0);
                if (run != null) {
                    for (SweepSpec.Stage st : s.pipeline()) {
                        st.stage().paramMap().entries().forEach(e -> run.logParam(st.name() + "." + e.param().name(),
                            e.param().type().format(e.value())));
                    }
                    run.logMetric("validation_" + s.objective().metric(), metric);
                    run.logModel(model, "model");
                }
                if (output != null) {
                    model.save(output);
                    out.println("saved the pipeline model to " + output);
                }
            } finally {
                if (run != null) {
                    run.close();
                    Tracking.flush(Tracking.trackingUri(), 10_000);
                }
            }
        }
        return 0;
    }
}
