package dev.ember.ml.cli.sweep;

import dev.ember.ml.pipeline.sweep.SweepListener;
import dev.ember.ml.pipeline.sweep.SweepResult;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sweep's progress on a terminal (me.tongfei progressbar): trials done of the budget, elapsed time and time
 * left, and as its message the running and pruned counts and the best value so far.
 */
public final class ProgressBarListener implements SweepListener, AutoCloseable {
    private final ProgressBar bar;
    private final String metric;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger pruned = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /**
     * @param name   the sweep name
     * @param total  the trial budget
     * @param metric the metric's name
     */
    public ProgressBarListener(String name, int total, String metric) {
        this.metric = metric;
        this.bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250).showSpeed().build();
    }

    @Override
    public void onSweepStarted(String name, int resumed) {
        bar.stepTo(resumed);
    }

    @Override
    public void onTrialStarted(int number, Map<String, Object> params) {
        running.incrementAndGet();
    }

    @Override
    public void onTrialFinished(TrialRecord trial, TrialRecord best) {
        running.decrementAndGet();
        if (trial.state() == TrialState.PRUNED) {
            pruned.incrementAndGet();
        } else if (trial.state() == TrialState.FAILED) {
            failed.incrementAndGet();
        }
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, "running %d, pruned %d, failed %d, best %s %s",
            running.get(), pruned.get(), failed.get(), metric,
            best == null ? "-" : String.format(Locale.ROOT, "%.5g (#%d)", best.value(), best.number())));
    }

    @Override
    public void onSweepFinished(SweepResult result) {
        close();
    }

    @Override
    public void close() {
        bar.close();
    }
}
