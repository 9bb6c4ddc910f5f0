package dev.ember.ml.pipeline.plan;

import java.util.List;

/**
 * One step of a {@link PhysicalPlan}.
 *
 * @param kind what the step does
 * @param estimator the index of the estimator it serves
 * @param fused the indices of the stages whose row maps run fused in the pass (transformers, and the fitted
 *     models of earlier estimators), in order
 * @param keep the columns that leave the fused map (pruned to what later stages read)
 * @param cache whether the pass builds the cache of an iterative estimator's input
 * @param statistics the statistics gathered in the pass
 * @param note why the step is there (a dependency that forces a new pass)
 * @param derivedFrom for {@link Kind#DERIVE}, the index of the estimator whose pass and model give the
 *     statistics; -1 otherwise
 */
public record PhysicalStep(Kind kind, int estimator, List<Integer> fused, List<String> keep, boolean cache,
                           List<String> statistics, String note, int derivedFrom) {

    /** Step kinds. */
    public enum Kind {
        /** One pass over the source through fused maps, gathering statistics (and building a cache). */
        PASS,
        /** An estimator's statistics derived from an earlier pass and fitted model, without a pass. */
        DERIVE,
        /** An estimator's fit from the gathered statistics (an iterative one passes over the cache). */
        FIT,
        /** Dropping an automatic cache after the fit that needed it. */
        UNPERSIST
    }

    /** Copies the lists. */
    public PhysicalStep {
        fused = List.copyOf(fused);
        keep = List.copyOf(keep);
        statistics = List.copyOf(statistics);
    }
}
