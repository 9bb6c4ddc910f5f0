package dev.ember.ml.core;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.tracking.FitScope;
import dev.ember.ml.core.tracking.Tracking;

/**
 * What every estimator repeats, written once: the uid and params ({@link StageBase}), and a {@link #fit} that
 * checks the schema before any computation, opens the fit's tracking context ({@link Tracking#enterFit}, so the
 * fits made inside it nest), starts recording the {@link Provenance} (data fingerprint, seed, timings) and hands
 * the model to {@link Tracking#onFit}. Params and provenance are saved by {@code StageIO}. A new estimator is its
 * params, its {@link #fitModel} and its kernels:
 *
 * <pre>{@code
 * protected MyModel fitModel(Frame frame, Provenance.Recorder provenance) {
 *     double[] stats = frame.treeAggregate(AggregateCall.of(MyKernels.Stats.class, ...), 2);
 *     return new MyModel(uid(), paramMap(), stats, provenance.metric("rowCount", stats[0]).finish());
 * }
 * }</pre>
 *
 * @param <E> the concrete estimator
 * @param <M> the model it fits
 */
@CheckReturnValue
public abstract class EstimatorBase<E extends EstimatorBase<E, M>, M extends Model> extends StageBase<E>
    implements Estimator<M> {

    /**
     * @param uid the estimator's uid
     * @param paramMap values set on it
     */
    protected EstimatorBase(String uid, ParamMap paramMap) {
        super(uid, paramMap);
    }

    /**
     * Checks the input schema, then fits inside the estimator's tracking context and records provenance.
     *
     * @param frame the training data
     * @return the fitted model, logged by {@link Tracking#onFit}
     * @throws IllegalArgumentException if the schema does not fit ({@link #transformSchema})
     */
    @Override
    public final M fit(Frame frame) {
        transformSchema(frame.schema());
        try (FitScope scope = Tracking.enterFit(this)) {
            return Tracking.onFit(this, fitInScope(frame), frame);
        }
    }

    /**
     * The fit inside the tracking context: starts the {@link Provenance} (a fingerprint pass) and calls
     * {@link #fitModel}. A two-phase estimator ({@link dev.ember.ml.core.stats.TwoPhaseEstimatorBase}) gathers
     * its statistics and the fingerprint in one shared pass instead.
     *
     * @param frame the training data, its schema checked
     * @return the model
     */
    protected M fitInScope(Frame frame) {
        return fitModel(frame, Provenance.begin(this, frame, seed()));
    }

    /**
     * Fits the model; the schema is checked already.
     *
     * @param frame the training data
     * @param provenance the fit's recorder: add final metrics, then {@link Provenance.Recorder#finish()} it for
     *     the model
     * @return the model
     */
    protected abstract M fitModel(Frame frame, Provenance.Recorder provenance);

    /** @return the fit's seed, recorded in the provenance, or null for a fit that draws nothing at random */
    protected Long seed() {
        return null;
    }
}
