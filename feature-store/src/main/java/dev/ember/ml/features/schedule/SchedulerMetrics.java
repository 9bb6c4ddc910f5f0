package dev.ember.ml.features.schedule;

import dev.ember.ml.core.observe.EmberMetrics;
import dev.ember.ml.core.observe.MetricNames;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.materialize.Materializer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * The scheduler's meters: runs per view by outcome ({@link MetricNames#FEATURE_RUNS}) and each view's freshness,
 * now minus its watermark in seconds ({@link MetricNames#FEATURE_FRESHNESS}, read when scraped, NaN before the
 * first watermark), which the alert rules compare with the view's freshness SLO.
 */
final class SchedulerMetrics {
    private SchedulerMetrics() {
    }

    /**
     * @param materializer its watermarks and clock
     * @param view a view the scheduler runs
     */
    static void watch(Materializer materializer, FeatureView view) {
        String name = view.name();
        Gauge.builder(MetricNames.FEATURE_FRESHNESS, materializer, m -> freshnessSeconds(m, name))
            .baseUnit("seconds").tag("view", name).register(Metrics.globalRegistry);
    }

    private static double freshnessSeconds(Materializer m, String viewName) {
        FeatureView v = m.repository().views().get(viewName);
        if (v == null) {
            return Double.NaN;
        }
        Instant wm = m.watermark(v).orElse(null);
        return wm == null ? Double.NaN : Duration.between(wm, m.clock().instant()).toMillis() / 1000.0;
    }

    /**
     * @param view the view
     * @param succeeded whether the run wrote its interval
     */
    static void ran(FeatureView view, boolean succeeded) {
        Metrics.counter(MetricNames.FEATURE_RUNS, "view", view.name(), EmberMetrics.TAG_OUTCOME,
            succeeded ? EmberMetrics.SUCCESS : EmberMetrics.FAILURE).increment();
    }
}
