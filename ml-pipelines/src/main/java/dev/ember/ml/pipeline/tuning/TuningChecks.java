package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.pipeline.Pipeline;

import java.util.ArrayList;
import java.util.List;

/** Checks shared by {@link CrossValidator} and {@link TrainValidationSplit} before any compute. */
final class TuningChecks {
    private TuningChecks() {
    }

    static void check(String owner, Estimator<?> estimator, List<ParamMap> maps, Evaluator evaluator) {
        if (estimator == null) {
            throw new IllegalArgumentException(owner + ": no estimator set, expected one (estimator(...))");
        }
        if (evaluator == null) {
            throw new IllegalArgumentException(owner + ": no evaluator set, expected one (evaluator(...))");
        }
        if (maps == null || maps.isEmpty()) {
            throw new IllegalArgumentException(owner + ": estimatorParamMaps is empty, expected at least one param"
                + " map (ParamGridBuilder.build())");
        }
        List<Param<?>> known = new ArrayList<>();
        collectParams(estimator, known);
        for (int i = 0; i < maps.size(); i++) {
            for (Param<?> p : maps.get(i).params()) {
                if (!known.contains(p)) {
                    throw new IllegalArgumentException(owner + ": param map " + i + " sets param '" + p.name()
                        + "', which is not a param of estimator " + estimator.uid() + " (or of its stages)");
                }
            }
        }
    }

    private static void collectParams(PipelineStage stage, List<Param<?>> out) {
        out.addAll(stage.params());
        if (stage instanceof Pipeline p) {
            for (PipelineStage s : p.stages()) {
                collectParams(s, out);
            }
        }
    }

    /** @return the index of the best metric (the first on ties) */
    static int best(double[] metrics, boolean largerBetter) {
        int best = 0;
        for (int i = 1; i < metrics.length; i++) {
            if (largerBetter ? metrics[i] > metrics[best] : metrics[i] < metrics[best]) {
                best = i;
            }
        }
        return best;
    }
}
