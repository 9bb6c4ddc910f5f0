package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.stats.Derivation;
import dev.ember.ml.core.stats.Statistic;

/**
 * A later estimator's statistic that the plan derives from an earlier estimator's pass.
 *
 * @param deriver the index of the earlier estimator, whose fitted model the derivation needs
 * @param target the statistic the later estimator declared
 * @param derivation how to derive it (null for the fingerprint, derived from the lineage)
 */
public record DerivedStatistic(int deriver, Statistic<?> target, Derivation derivation) {
}
