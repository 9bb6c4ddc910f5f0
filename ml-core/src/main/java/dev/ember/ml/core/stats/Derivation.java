package dev.ember.ml.core.stats;

import dev.ember.ml.core.Model;

import java.util.List;
import java.util.Optional;

/**
 * How a later estimator's statistic is computed from statistics of an earlier estimator's input and that
 * estimator's fitted model, so that the later estimator needs no pass of its own.
 */
public interface Derivation {

    /** @return the statistics to gather over the earlier estimator's input, in its pass */
    List<Statistic<?>> needs();

    /**
     * @param model the earlier estimator's fitted model
     * @param gathered the earlier pass's statistics, {@link #needs()} among them
     * @return the later statistic's accumulator, exactly as its kernel would have produced it (to rounding), or
     *     empty if the data makes it underivable (the planner then runs the pass after all)
     */
    Optional<Object> value(Model model, FitContext gathered);
}
