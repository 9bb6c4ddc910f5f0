package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.pipeline.Pipeline;

import dev.ember.ml.core.param.ParamPair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** Checks shared by {@link CrossValidator} and {@link TrainValidationSplit} before any compute. */
final class TuningChecks {
    private TuningChecks() {
    }

    static void check(String owner, Estimator<?> estimator, List<ParamMap> maps, Evaluator evaluator) {
        if (estimator == null) {
            throw new InvalidArgumentException(owner + ": no estimator set, expected one (estimator(...))");
        }
        if (evaluator == null) {
            throw new InvalidArgumentException(owner + ": no evaluator set, expected one (evaluator(...))");
        }
        if (maps == null || maps.isEmpty()) {
            throw new InvalidArgumentException(owner + ": estimatorParamMaps is empty, expected at least one param"
                + " map (ParamGridBuilder.build())");
        }
        Map<String, PipelineStage> stages = new LinkedHashMap<>();
        collectStages(estimator, stages);
        List<Param<?>> known = new ArrayList<>();
        stages.values().forEach(s -> known.addAll(s.params()));
        for (int i = 0; i < maps.size(); i++) {
            for (ParamPair<?> e : maps.get(i).entries()) {
                if (!e.isBound()) {
                    if (!known.contains(e.param())) {
                        throw new InvalidArgumentException(owner + ": param map " + i + " sets param '"
                            + e.param().name() + "', which is not a param of estimator " + estimator.uid()
                            + " (or of its stages)");
                    }
                    continue;
                }
                PipelineStage s = stages.get(e.stageUid());
                if (s == null) {
                    throw new InvalidArgumentException(owner + ": param map " + i + " sets '" + e.param().name()
                        + "' for stage " + e.stageUid() + ", which is neither estimator " + estimator.uid()
                        + " nor one of its stages " + stages.keySet());
                }
                if (s.params().stream().noneMatch(q -> q.name().equals(e.param().name()))) {
                    throw new InvalidArgumentException(owner + ": param map " + i + " sets '" + e.param().name()
                        + "' for stage " + e.stageUid() + ", a " + s.getClass().getSimpleName() + " with no such"
                        + " param; its params are " + s.params().stream().map(Param::name).toList());
                }
            }
        }
    }

    private static void collectStages(PipelineStage stage, Map<String, PipelineStage> out) {
        out.put(stage.uid(), stage);
        if (stage instanceof Pipeline p) {
            for (PipelineStage s : p.stages()) {
                collectStages(s, out);
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
