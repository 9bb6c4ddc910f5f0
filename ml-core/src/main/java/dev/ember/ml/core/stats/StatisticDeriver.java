package dev.ember.ml.core.stats;

import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Schema;

import java.util.List;
import java.util.Optional;

/**
 * An estimator whose fitted model's effect on later statistics is known in closed form: given a statistic a later
 * estimator declares over its own input, it says which statistics of its own input determine it once it is fitted.
 * A planner uses this to gather the later estimator's statistics in the earlier estimator's pass (for example, the
 * moments of mean-imputed, assembled columns are the observed moments merged with a zero-variance group at the
 * surrogate).
 */
public interface StatisticDeriver {

    /**
     * @param target a statistic the later estimator declares over its input
     * @param input this estimator's input schema
     * @param between the stages between this estimator and the later one (row maps), in order
     * @return the derivation, or empty if this estimator cannot derive the target
     */
    Optional<Derivation> derive(Statistic<?> target, Schema input, List<PipelineStage> between);
}
