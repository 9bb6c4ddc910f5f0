package dev.ember.ml.core;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;

import java.util.ArrayList;
import java.util.List;

/**
 * A stage that learns a {@link Model} from a frame.
 *
 * @param <M> the model type
 */
@CheckReturnValue
public interface Estimator<M extends Model> extends PipelineStage {

    /**
     * @param frame the training data
     * @return the fitted, immutable model, carrying its {@link Provenance}
     */
    M fit(Frame frame);

    /**
     * @param frame the training data
     * @param extra per-call values: the entries for this stage's uid ({@link ParamMap#put}) and stage-local entries
     *     of its own params win over the values set on it; a pipeline passes the map on to its stages
     * @return the fitted model
     */
    @SuppressWarnings("unchecked")
    default M fit(Frame frame, ParamMap extra) {
        return ((Estimator<M>) copy(extra)).fit(frame);
    }

    /**
     * Fits one model per param map; tuning overrides this to share work between the fits.
     *
     * @param frame the training data
     * @param paramMaps one map per model
     * @return the models, in order
     */
    default List<M> fit(Frame frame, List<ParamMap> paramMaps) {
        List<M> out = new ArrayList<>(paramMaps.size());
        for (ParamMap m : paramMaps) {
            out.add(fit(frame, m));
        }
        return out;
    }
}
