package dev.ember.ml.core.stats;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.ParamMap;

import java.util.List;

/**
 * An estimator fitted in two phases: from the input schema it declares the {@link Statistic}s it needs
 * ({@link #statistics}), and it fits from a {@link FitContext} holding them ({@link #fitFrom}). A pipeline
 * gathers the statistics of all its stages in shared passes; a stand-alone {@link #fit(Frame)} gathers one
 * stage's statistics in one pass ({@link FitContext#gather}).
 *
 * <p>An estimator that does not implement this interface is fitted the old way, by {@link Estimator#fit(Frame)},
 * and makes its own passes. An implementation may also return an empty list from {@link #statistics}, for
 * settings it cannot fit from statistics; the planner then calls {@link #fit(Frame)}.
 *
 * @param <M> the model type
 */
@CheckReturnValue
public interface TwoPhaseEstimator<M extends Model> extends Estimator<M> {

    /**
     * The statistics this estimator needs, given its input schema. Validates the schema as
     * {@link #transformSchema} does.
     *
     * @param input the schema of the frame {@link #fitFrom} will receive
     * @return the requests; empty to be fitted by {@link #fit(Frame)} instead
     */
    List<Statistic<?>> statistics(Schema input);

    /**
     * Fits from gathered statistics. The frame is the same data the statistics were computed over (an iterative
     * estimator still makes its own passes over it).
     *
     * @param frame the training data
     * @param context the statistics declared by {@link #statistics} for {@code frame.schema()}
     * @return the model
     */
    M fitFrom(Frame frame, FitContext context);

    /**
     * Fits one model per param map from statistics gathered once for all of them (the hook k-fold tuning calls
     * with each fold's training statistics, merged from one shared pass over every fold). Each map's copy must
     * find its declared statistics in {@code context}; a copy that declares others is fitted by
     * {@link #fit(Frame)}. Estimators override this to share more (warm starts along a regularization path).
     *
     * @param frame the training data
     * @param paramMaps one map per model
     * @param context statistics of {@code frame}
     * @return the models, in the order of the maps
     */
    @SuppressWarnings("unchecked")
    default List<M> fitFrom(Frame frame, List<ParamMap> paramMaps, FitContext context) {
        List<M> out = new java.util.ArrayList<>(paramMaps.size());
        for (ParamMap m : paramMaps) {
            TwoPhaseEstimator<M> e = (TwoPhaseEstimator<M>) copy(m);
            List<Statistic<?>> needed = e.statistics(frame.schema());
            out.add(!needed.isEmpty() && needed.stream().allMatch(context::has) ? e.fitFrom(frame, context)
                : e.fit(frame));
        }
        return out;
    }

    /**
     * Whether the fit makes repeated passes over its input (an optimizer). A planner caches such an input
     * automatically, and gathers the statistics in the pass that builds the cache.
     *
     * @return false unless overridden
     */
    default boolean iterative() {
        return false;
    }
}
