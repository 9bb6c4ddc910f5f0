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
 * @param readsFrom for {@link Kind#PASS}: -1 when the pass reads the source, else the index of the estimator whose
 *     earlier pass retained its output, which this pass reads instead (its {@code fused} stages then start at
 *     that estimator's fitted model); for {@link Kind#RELEASE}: the estimator whose retained output is dropped
 * @param retain for {@link Kind#PASS}: whether the pass keeps its output cached for a later pass, so that the
 *     source is read once
 */
public record PhysicalStep(Kind kind, int estimator, List<Integer> fused, List<String> keep, boolean cache,
                           List<String> statistics, String note, int derivedFrom, int readsFrom, boolean retain) {

    /** Step kinds. */
    public enum Kind {
        /** One pass over the source through fused maps, gathering statistics (and building a cache). */
        PASS,
        /** An estimator's statistics derived from an earlier pass and fitted model, without a pass. */
        DERIVE,
        /** An estimator's fit from the gathered statistics (an iterative one passes over the cache). */
        FIT,
        /** Dropping an automatic cache after the fit that needed it. */
        UNPERSIST,
        /** Dropping a pass's retained output once the pass that reads it (and its fit) are done. */
        RELEASE
    }

    /**
     * A step without the source-reuse fields.
     *
     * @param kind what the step does
     * @param estimator the estimator it serves
     * @param fused the fused stages
     * @param keep the columns kept
     * @param cache whether it builds an iterative estimator's cache
     * @param statistics the statistics gathered
     * @param note why the step is there
     * @param derivedFrom the deriving estimator, or -1
     */
    public PhysicalStep(Kind kind, int estimator, List<Integer> fused, List<String> keep, boolean cache,
                        List<String> statistics, String note, int derivedFrom) {
        this(kind, estimator, fused, keep, cache, statistics, note, derivedFrom, -1, false);
    }

    /** @return this pass, keeping its output cached for a later pass */
    public PhysicalStep retained() {
        return new PhysicalStep(kind, estimator, fused, keep, cache, statistics, note, derivedFrom, readsFrom, true);
    }

    /** Copies the lists. */
    public PhysicalStep {
        fused = List.copyOf(fused);
        keep = List.copyOf(keep);
        statistics = List.copyOf(statistics);
    }
}
