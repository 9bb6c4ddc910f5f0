package dev.ember.ml.core;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;

/** A stage that maps a frame to a frame, lazily (a new lineage node, computed when read). */
@CheckReturnValue
public interface Transformer extends PipelineStage {

    /**
     * @param frame the input
     * @return the output frame
     * @throws IllegalArgumentException if the input schema does not fit ({@link #transformSchema})
     */
    Frame transform(Frame frame);

    /**
     * @param frame the input
     * @param extra per-call param values
     * @return the output frame
     */
    default Frame transform(Frame frame, ParamMap extra) {
        return ((Transformer) copy(extra)).transform(frame);
    }
}
