package dev.ember.ml.cli.sweep;

import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.sweep.SweepListener;
import dev.ember.ml.pipeline.sweep.SweepResult;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MLflow as the view of a sweep: one parent run holding the sweep file (artifact {@code sweep.yaml}), the best
 * trial so far (metric {@code best_<metric>} with the trial number as step, tags {@code ember.sweep.bestTrial} and
 * {@code best.<param>}), and one child run per trial (tag {@code mlflow.parentRunId}) with its params, the metric
 * at every reported step, the final metric and its end: FINISHED (complete), KILLED with tag
 * {@code ember.sweep.state=PRUNED} and {@code ember.sweep.prunedAtStep} (pruned) or {@code INTERRUPTED}, FAILED
 * with tag {@code ember.sweep.error}.
 */
public final class TrackingListener implements SweepListener, AutoCloseable {
    /** Tag with the trial's end state. */
    public static final String STATE_TAG = "ember.sweep.state";
    private final SweepSpec spec;
    private final Run parent;
    private final String metric;
    private final Map<Integer, Run> children = new ConcurrentHashMap<>();

    /**
     * Starts the parent run (so an unreachable server fails before any compute).
     *
     * @param spec the sweep
     */
    public TrackingListener(SweepSpec spec) {
        this.spec = spec;
        this.metric = spec.objective().metric();
        this.parent = Tracking.newRun().experiment(spec.tracking().experiment()).name(spec.tracking().parentRun())
            .tag("ember.sweep.name", spec.name()).start();
        parent.logParam("sweep.strategy", spec.strategy().type());
        parent.logParam("sweep.pruner", spec.pruner().describe());
        parent.logParam("sweep.seed", spec.seed());
        try {
            Path tmp = Files.createTempDirectory("ember-sweep");
            Path f = tmp.resolve("sweep.yaml");
            Files.writeString(f, spec.text());
            parent.logArtifact(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the parent run */
    public Run parent() {
        return parent;
    }

    @Override
    public void onTrialStarted(int number, Map<String, Object> params) {
        Run child = Tracking.newRun().experiment(spec.tracking().experiment()).parent(parent)
            .name("trial-" + number).start();
        child.setTag("ember.sweep.trial", Integer.toString(number));
        child.logParams(params);
        children.put(number, child);
    }

    @Override
    public void onReport(int number, int step, double value) {
        Run child = children.get(number);
        if (child != null && Double.isFinite(value)) {
            child.logMetric(metric, value, step);
        }
    }

    @Override
    public void onTrialFinished(TrialRecord trial, TrialRecord best) {
        Run child = children.remove(trial.number());
        if (child == null) {
            return;
        }
        child.setTag(STATE_TAG, trial.state().name());
        RunStatus status = RunStatus.FINISHED;
        if (trial.state() == TrialState.COMPLETE) {
            child.logMetric("final_" + metric, trial.value());
        } else if (trial.state() == TrialState.PRUNED) {
            child.setTag("ember.sweep.prunedAtStep", Integer.toString(trial.lastStep()));
            status = RunStatus.KILLED;
        } else if (trial.state() == TrialState.FAILED) {
            child.setTag("ember.sweep.error", String.valueOf(trial.error()));
            status = RunStatus.FAILED;
        } else {
            status = RunStatus.KILLED;
        }
        child.end(status);
        if (best != null && best.number() == trial.number()) {
            parent.logMetric("best_" + metric, best.value(), trial.number());
            parent.setTag("ember.sweep.bestTrial", Integer.toString(best.number()));
            best.params().forEach((k, v) -> parent.setTag("best." + k, String.valueOf(v)));
        }
    }

    @Override
    public void onSweepFinished(SweepResult result) {
        parent.logMetric("trials_complete", result.count(TrialState.COMPLETE));
        parent.logMetric("trials_pruned", result.count(TrialState.PRUNED));
        parent.logMetric("trials_failed", result.count(TrialState.FAILED));
        parent.setTag("ember.sweep.stopReason", result.stopReason().name());
    }

    /**
     * Ends the parent run.
     *
     * @param status its end status
     */
    public void end(RunStatus status) {
        for (Run c : children.values()) {
            c.setTag(STATE_TAG, TrialState.INTERRUPTED.name());
            c.end(RunStatus.KILLED);
        }
        parent.end(status);
    }

    @Override
    public void close() {
        end(RunStatus.FINISHED);
    }
}
