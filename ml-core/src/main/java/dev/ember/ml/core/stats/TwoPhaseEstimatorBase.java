package dev.ember.ml.core.stats;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.tracking.FitScope;
import dev.ember.ml.core.tracking.Tracking;

import java.util.List;

/**
 * An {@link EstimatorBase} fitted in two phases ({@link TwoPhaseEstimator}): a new estimator is its params, its
 * {@link #statistics}, its {@link #fitModel(Frame, FitContext, Provenance.Recorder)} and its kernels. Both ways
 * in open the estimator's tracking context ({@link Tracking#enterFit}) and hand the model to
 * {@link Tracking#onFit}:
 *
 * <ul>
 *   <li>a stand-alone {@link #fit(Frame)} gathers the declared statistics and the fingerprint in one shared pass
 *   ({@link FitContext#gather});</li>
 *   <li>a planner calls {@link #fitFrom} with statistics it gathered in its own shared passes.</li>
 * </ul>
 *
 * @param <E> the concrete estimator
 * @param <M> the model it fits
 */
@CheckReturnValue
public abstract class TwoPhaseEstimatorBase<E extends TwoPhaseEstimatorBase<E, M>, M extends Model>
    extends EstimatorBase<E, M> implements TwoPhaseEstimator<M> {

    /**
     * @param uid the estimator's uid
     * @param paramMap values set on it
     */
    protected TwoPhaseEstimatorBase(String uid, ParamMap paramMap) {
        super(uid, paramMap);
    }

    /**
     * Gathers {@link #statistics} and the fingerprint in one pass, then fits from them; an estimator that
     * declares none is fitted by {@link #fitModel(Frame, Provenance.Recorder)}.
     */
    @Override
    protected final M fitInScope(Frame frame) {
        List<Statistic<?>> requests = statistics(frame.schema());
        if (requests.isEmpty()) {
            return super.fitInScope(frame);
        }
        return fitFromContext(frame, FitContext.gather(frame, requests, statisticsDepth()));
    }

    /**
     * Fits from statistics gathered by a planner, inside the estimator's tracking context.
     *
     * @param frame the training data
     * @param context the statistics declared by {@link #statistics} for {@code frame.schema()}, with the
     *     fingerprint
     * @return the model, logged by {@link Tracking#onFit}
     * @throws InvalidArgumentException if the schema does not fit ({@link #transformSchema})
     */
    @Override
    public final M fitFrom(Frame frame, FitContext context) {
        transformSchema(frame.schema());
        try (FitScope scope = Tracking.enterFit(this)) {
            return Tracking.onFit(this, fitFromContext(frame, context), frame);
        }
    }

    private M fitFromContext(Frame frame, FitContext context) {
        return fitModel(frame, context, Provenance.begin(this, context.fingerprint(), seed()));
    }

    /**
     * Fits the model from its statistics; the schema is checked already.
     *
     * @param frame the training data (an iterative fit makes its passes over it)
     * @param context the declared statistics
     * @param provenance the fit's recorder, its fingerprint from the shared pass: add final metrics, then
     *     {@link Provenance.Recorder#finish()} it for the model
     * @return the model
     */
    protected abstract M fitModel(Frame frame, FitContext context, Provenance.Recorder provenance);

    /**
     * Fits without statistics, for settings whose {@link #statistics} is empty. The default refuses: override it
     * in an estimator that may declare none.
     *
     * @param frame the training data
     * @param provenance the fit's recorder
     * @return the model
     */
    @Override
    protected M fitModel(Frame frame, Provenance.Recorder provenance) {
        throw new InvalidStateException(getClass().getSimpleName() + " " + uid()
            + ": declared no statistics for its input, so it cannot be fitted from them");
    }

    /** @return the tree-aggregate depth of a stand-alone fit's statistics pass (2 unless overridden) */
    protected int statisticsDepth() {
        return 2;
    }
}
