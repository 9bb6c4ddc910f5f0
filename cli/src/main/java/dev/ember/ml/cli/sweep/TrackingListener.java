package dev.ember.ml.cli.sweep;

import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.sweep.SweepListener;
import dev.ember.ml.pipeline.sweep.SweepResult;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>The parent run's id (and each trial's child run id) are recorded beside the journal ({@link SweepRunsFile});
 * a resumed sweep ({@link #resume}) reopens that parent run, and the child run of a trial it runs again, so the
 * sweep stays one parent run with one child run per trial however often it was stopped.
 */
public final class TrackingListener implements SweepListener, AutoCloseable {
    /** Tag with the trial's end state. */
    public static final String STATE_TAG = "ember.sweep.state";
    private static final Logger LOG = LoggerFactory.getLogger(TrackingListener.class);
    private final SweepSpec spec;
    private final Run parent;
    private final String metric;
    private final Map<Integer, Run> children = new ConcurrentHashMap<>();
    /** New child runs whose ids are not recorded beside the journal yet. */
    private final Map<Integer, Run> started = new ConcurrentHashMap<>();
    /** Where the runs are recorded (null if the parent's id was not known); on resume, the recorded children. */
    private final SweepRunsFile runs;
    private final SweepRunsFile previous;

    /**
     * Starts a new parent run (so an unreachable server fails before any compute) and records it beside the
     * journal ({@link SweepRunsFile}) so a resumed sweep continues it.
     *
     * @param spec the sweep
     */
    public TrackingListener(SweepSpec spec) {
        this(spec, Tracking.newRun().experiment(spec.tracking().experiment()).name(spec.tracking().parentRun())
            .tag("ember.sweep.name", spec.name()).start(), null);
    }

    private TrackingListener(SweepSpec spec, Run parent, SweepRunsFile resumed) {
        this.spec = spec;
        this.metric = spec.objective().metric();
        this.parent = parent;
        this.previous = resumed;
        if (resumed != null) {
            this.runs = resumed;
        } else {
            String id = parent.id();
            if (id.startsWith("offline-")) {
                LOG.warn("sweep {}: the MLflow server has not created the parent run yet (provisional id {}); it is "
                    + "not recorded beside the journal, so a resume will start a new parent run", spec.name(), id);
                this.runs = null;
            } else {
                this.runs = SweepRunsFile.create(spec.journal(), parent.trackingUri(),
                    spec.tracking().experiment(), parent.experimentId(), id);
            }
        }
        parent.setTag("ember.sweep.journal", spec.journal().toAbsolutePath().toString());
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

    /**
     * Continues the parent run recorded beside the journal: reopens it (RUNNING again) in its store; trials run
     * again (interrupted ones) reopen their own child runs too.
     *
     * @param spec the sweep
     * @param recorded the runs recorded beside the journal
     * @param trackingUri the tracking URI in use (the caller has checked it names the recorded store)
     * @return the listener
     * @throws dev.ember.ml.core.tracking.TrackingException naming the run and the store if it cannot be reopened
     *     (deleted, or not in that store)
     */
    public static TrackingListener resume(SweepSpec spec, SweepRunsFile recorded, String trackingUri) {
        Run parent = Tracking.reopenRun(trackingUri, recorded.parentRunId());
        parent.setTag("ember.sweep.resumedAt", Long.toString(System.currentTimeMillis()));
        return new TrackingListener(spec, parent, recorded);
    }

    /** @return the parent run */
    public Run parent() {
        return parent;
    }

    @Override
    public void onTrialStarted(int number, Map<String, Object> params) {
        Run child = null;
        String earlier = previous == null ? null : previous.child(number).orElse(null);
        if (earlier != null) {
            try {
                // a trial interrupted (or killed) before: the same trial, so the same child run
                child = Tracking.reopenRun(parent.trackingUri(), earlier);
                child.setTag("ember.sweep.rerun", "true");
            } catch (RuntimeException e) {
                LOG.warn("sweep {}: cannot reopen child run {} of trial {} ({}); starting a new one", spec.name(),
                    earlier, number, e.getMessage());
            }
        }
        if (child == null) {
            child = Tracking.newRun().experiment(spec.tracking().experiment()).parent(parent)
                .name("trial-" + number).start();
            child.setTag("ember.sweep.trial", Integer.toString(number));
            child.logParams(params);
            started.put(number, child);
            recordIfKnown(number, child);
        }
        children.put(number, child);
    }

    /**
     * Records a new child run's id beside the journal once its store knows it, never waiting for a server (a trial
     * must not wait on tracking): tried when the trial starts, reports and ends, and for all at {@link #recordChildRuns}.
     */
    private void recordIfKnown(int number, Run child) {
        if (runs == null || !started.containsKey(number)) {
            return;
        }
        child.knownId().ifPresent(id -> {
            if (started.remove(number) != null) {
                runs.recordChild(number, id);
            }
        });
    }

    @Override
    public void onReport(int number, int step, double value) {
        Run child = children.get(number);
        if (child != null) {
            recordIfKnown(number, child);
        }
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
        recordIfKnown(trial.number(), child);
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
        parent.logMetric("trials_total", result.trials().size());
        result.best().ifPresent(best -> {
            // again at the end: a resumed sweep's best may be a trial of an earlier process
            parent.logMetric("best_" + metric, best.value(), best.number());
            parent.setTag("ember.sweep.bestTrial", Integer.toString(best.number()));
            best.params().forEach((k, v) -> parent.setTag("best." + k, String.valueOf(v)));
        });
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

    /**
     * Records the ids of the child runs this process started that were not known while their trials ran (call it
     * after flushing the store: a server's ids are known then; while it is down they stay unrecorded, and a trial
     * whose child run is not recorded gets a new child run if it is ever run again).
     */
    public void recordChildRuns() {
        if (runs == null) {
            return;
        }
        long deadline = System.currentTimeMillis() + 4_000;
        for (Map.Entry<Integer, Run> e : new java.util.TreeMap<>(started).entrySet()) {
            // waits (briefly, each) for a server still creating runs, for at most 4 s in all (Ctrl-C waits for this)
            String id = System.currentTimeMillis() < deadline ? e.getValue().id()
                : e.getValue().knownId().orElse(null);
            if (id != null && !id.startsWith("offline-") && started.remove(e.getKey()) != null) {
                runs.recordChild(e.getKey(), id);
            }
        }
    }

    @Override
    public void close() {
        end(RunStatus.FINISHED);
    }
}
