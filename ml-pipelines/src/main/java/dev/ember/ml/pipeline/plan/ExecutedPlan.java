package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.ByteSizes;
import java.util.List;
import java.util.Locale;

/**
 * A compiled plan after it ran, with per step figures: the passes over the source, the partitions the fused maps
 * computed, the reads of cached blocks and the cache hits among them, rows, bytes and time, as a database's
 * EXPLAIN ANALYZE shows them.
 */
public final class ExecutedPlan {
    private final CompiledPlan plan;
    private final List<StepMetrics> metrics;

    /**
     * @param plan the plan that ran
     * @param metrics one entry per physical step
     */
    public ExecutedPlan(CompiledPlan plan, List<StepMetrics> metrics) {
        if (metrics.size() != plan.physical().steps().size()) {
            throw new InvalidArgumentException("executed plan: found " + metrics.size() + " step figures, expected "
                + plan.physical().steps().size());
        }
        this.plan = plan;
        this.metrics = List.copyOf(metrics);
    }

    /** @return the plan */
    public CompiledPlan plan() {
        return plan;
    }

    /** @return the figures, one per physical step */
    public List<StepMetrics> metrics() {
        return metrics;
    }

    /** @return passes over the source made by the whole fit (partitions read / partition count) */
    public double sourcePasses() {
        return metrics.stream().filter(m -> m.sourceReads() != null)
            .mapToDouble(m -> m.sourceReads().passes(m.numPartitions())).sum();
    }

    /**
     * @param stageIndex an estimator's index in the pipeline
     * @return the passes over its cached input during its fit, 0 if it was not cached
     */
    public double cachePassesDuringFit(int stageIndex) {
        List<PhysicalStep> steps = plan.physical().steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() == PhysicalStep.Kind.FIT && steps.get(i).estimator() == stageIndex) {
                StepMetrics m = metrics.get(i);
                return m.cacheReads() == null ? 0 : m.cacheReads().passes(m.numPartitions());
            }
        }
        throw new InvalidArgumentException("stage " + stageIndex + ": found no fit of it in the plan");
    }

    /**
     * @param analyze whether to add the figures measured during the fit
     * @return the logical and the physical plan
     */
    public String explain(boolean analyze) {
        if (!analyze) {
            return plan.explain();
        }
        StringBuilder sb = new StringBuilder("== Logical plan ==\n").append(plan.logical().render())
            .append("== Physical plan (analyzed) ==\n");
        PhysicalPlan physical = plan.physical();
        int pass = 0;
        for (int i = 0; i < physical.steps().size(); i++) {
            PhysicalStep s = physical.steps().get(i);
            if (PhysicalPlan.isPass(s)) {
                pass++;
            }
            StepMetrics m = metrics.get(i);
            sb.append("  ").append(physical.renderStep(s, pass)).append('\n');
            if (m.sourceReads() != null) {
                sb.append("      source: ").append(figures(m.sourceReads(), m.numPartitions())).append('\n');
            }
            if (m.retainedReads() != null) {
                sb.append("      retained output: ").append(figures(m.retainedReads(), m.numPartitions()))
                    .append('\n');
            }
            if (m.fusedComputes() != null) {
                sb.append("      fused map: ").append(figures(m.fusedComputes(), m.numPartitions())).append('\n');
            }
            if (m.cacheReads() != null) {
                long misses = m.fusedComputes() == null ? 0 : m.fusedComputes().partitions();
                sb.append("      cache: ").append(figures(m.cacheReads(), m.numPartitions()))
                    .append(String.format(Locale.ROOT, ", hits %d of %d partition reads",
                        Math.max(0, m.cacheReads().partitions() - misses), m.cacheReads().partitions())).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "      time %.1f ms%n", m.nanos() / 1e6));
        }
        sb.append(String.format(Locale.ROOT, "  Total: %s %s over the source%n", fmt(sourcePasses()),
            sourcePasses() == 1 ? "pass" : "passes"));
        return sb.toString();
    }

    private static String figures(NodeMetrics n, int numPartitions) {
        return String.format(Locale.ROOT, "passes %s, rows %d, %s, time %.1f ms", fmt(n.passes(numPartitions)),
            n.rows(), ByteSizes.format(n.bytes()), n.nanos() / 1e6);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
