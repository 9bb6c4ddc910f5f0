package dev.ember.ml.pipeline.tuning;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;

import java.util.List;

/**
 * What a tuning fit found, persisted with its model.
 *
 * @param metricName the evaluator's metric
 * @param largerBetter whether a larger metric is better
 * @param settings each param map, as text
 * @param avgMetrics the mean metric of each setting over the splits
 * @param stdMetrics the standard deviation over the splits (0 for one split)
 * @param bestIndex the chosen setting
 */
record TuningResult(String metricName, boolean largerBetter, List<String> settings, double[] avgMetrics,
                    double[] stdMetrics, int bestIndex) {

    TuningResult {
        settings = List.copyOf(settings);
        avgMetrics = avgMetrics.clone();
        stdMetrics = stdMetrics.clone();
        if (avgMetrics.length != settings.size() || stdMetrics.length != settings.size()
            || bestIndex < 0 || bestIndex >= settings.size()) {
            throw new InvalidArgumentException("tuning result: found " + settings.size() + " settings, "
                + avgMetrics.length + " means, " + stdMetrics.length + " deviations and best index " + bestIndex
                + ", expected as many settings, means and deviations and an index among them");
        }
    }

    void write(StageWriter w) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("metricName", metricName).put("largerBetter", largerBetter).put("bestIndex", bestIndex);
        w.json("tuning", o);
        w.strings("settings", settings);
        w.array("avgMetrics", avgMetrics);
        w.array("stdMetrics", stdMetrics);
    }

    static TuningResult read(StageReader r) {
        var o = r.json("tuning");
        return new TuningResult(o.path("metricName").asText(), o.path("largerBetter").asBoolean(),
            r.strings("settings"), r.array("avgMetrics"), r.array("stdMetrics"), o.path("bestIndex").asInt(-1));
    }
}
