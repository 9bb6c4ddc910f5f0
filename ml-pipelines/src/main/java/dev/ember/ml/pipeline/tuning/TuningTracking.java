package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.Run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logs each setting of a tuning fit as an MLflow child run of the tuning's run: the setting's params, its metric
 * on every split (the split index as the step) and the mean and standard deviation.
 */
final class TuningTracking {
    private TuningTracking() {
    }

    static void logSettings(Run parent, PipelineStage estimator, List<ParamMap> maps, String metricName,
                            double[][] metrics, int best) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < maps.size(); i++) {
            try (Run child = parent.startChild("setting-" + i)) {
                Map<String, String> params = GridMaps.describe(maps.get(i), estimator);
                List<MetricPoint> points = new ArrayList<>();
                double[] m = metrics[i];
                for (int s = 0; s < m.length; s++) {
                    points.add(new MetricPoint(metricName, m[s], now, s));
                }
                points.add(new MetricPoint("avg_" + metricName, Stats.mean(m), now, 0));
                points.add(new MetricPoint("std_" + metricName, Stats.std(m), now, 0));
                child.log(points, params, Map.of("ember.tuning.settingIndex", Integer.toString(i),
                    "ember.tuning.best", Boolean.toString(i == best)));
            }
        }
    }
}
