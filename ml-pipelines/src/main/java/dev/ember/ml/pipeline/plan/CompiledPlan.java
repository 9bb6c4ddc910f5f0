package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Schema;

import java.util.List;
import java.util.Map;

/**
 * A pipeline fit compiled and not yet run: the stages, their input schemas, the logical and the physical plan.
 *
 * @param stages the stages
 * @param inputSchemas the input schema of each stage (the declared schemas; widths may be unknown)
 * @param logical the logical plan
 * @param physical the physical plan
 * @param derived the statistics derived rather than gathered, by the index of the estimator that declared them
 */
public record CompiledPlan(List<PipelineStage> stages, List<Schema> inputSchemas, LogicalPlan logical,
                           PhysicalPlan physical, Map<Integer, List<DerivedStatistic>> derived) {

    /** Copies the lists. */
    public CompiledPlan {
        stages = List.copyOf(stages);
        inputSchemas = List.copyOf(inputSchemas);
        derived = Map.copyOf(derived);
    }

    /** @return the logical and the physical plan, as {@code explain()} prints them */
    public String explain() {
        return "== Logical plan ==\n" + logical.render() + "== Physical plan ==\n" + physical.render();
    }
}
