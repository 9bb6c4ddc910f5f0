package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamPair;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place tuning builds and reads param maps. Maps are keyed by (stage uid, param name); a stage-local entry
 * (no uid, {@link ParamMap#with}) counts for the estimator too, below an entry for its uid.
 */
final class GridMaps {
    private GridMaps() {
    }

    /** @return {@code map} with the stage's param set to the value */
    static <T> ParamMap put(ParamMap map, PipelineStage stage, Param<T> param, T value) {
        return map.put(stage, param, value);
    }

    /** @return the value the map sets for the stage's param (its uid's entry, else a stage-local one), if any */
    static <T> Optional<T> get(ParamMap map, PipelineStage stage, Param<T> param) {
        Optional<T> v = map.get(stage, param);
        return v.isPresent() ? v : map.get(param);
    }

    /** @return the map without any entry for the stage's param */
    static ParamMap without(ParamMap map, PipelineStage stage, Param<?> param) {
        ParamMap out = ParamMap.empty();
        for (ParamPair<?> e : map.entries()) {
            boolean drop = e.isBound() ? e.stageUid().equals(stage.uid()) && e.param().name().equals(param.name())
                : e.param() == param;
            if (!drop) {
                out = add(out, e);
            }
        }
        return out;
    }

    private static <T> ParamMap add(ParamMap m, ParamPair<T> e) {
        return e.isBound() ? m.put(e.stageUid(), e.param(), e.value()) : m.with(e.param(), e.value());
    }

    /**
     * @return the map's entries as {@code name: value} text, a stage's uid before the name unless the stage is the
     *     tuned estimator (for display and MLflow params)
     */
    static Map<String, String> describe(ParamMap map, PipelineStage estimator) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ParamPair<?> e : map.entries()) {
            String key = !e.isBound() || e.stageUid().equals(estimator.uid()) ? e.param().name()
                : e.stageUid() + "." + e.param().name();
            out.put(key, format(e));
        }
        return out;
    }

    private static <T> String format(ParamPair<T> e) {
        return e.param().type().format(e.value());
    }
}
