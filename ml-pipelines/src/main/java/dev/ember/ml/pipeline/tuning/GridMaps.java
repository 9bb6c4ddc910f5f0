package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;

import java.util.Optional;

/** The one place tuning builds and reads param maps, so a change of the map's key touches only this class. */
final class GridMaps {
    private GridMaps() {
    }

    /**
     * @return {@code map} with the stage's param set to the value
     */
    static <T> ParamMap put(ParamMap map, PipelineStage stage, Param<T> param, T value) {
        return map.with(param, value);
    }

    /**
     * @return the value the map sets for the stage's param, if any
     */
    static <T> Optional<T> get(ParamMap map, PipelineStage stage, Param<T> param) {
        return map.get(param);
    }

    /**
     * @return the map without the stage's param
     */
    static ParamMap without(ParamMap map, PipelineStage stage, Param<?> param) {
        ParamMap out = ParamMap.empty();
        for (Param<?> p : map.params()) {
            if (!p.equals(param)) {
                out = copy(out, map, p);
            }
        }
        return out;
    }

    private static <T> ParamMap copy(ParamMap into, ParamMap from, Param<T> p) {
        return into.with(p, from.get(p).orElseThrow());
    }
}
