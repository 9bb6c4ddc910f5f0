package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.TwoPhaseEstimator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles a pipeline's stages into a {@link LogicalPlan} and rewrites it into a {@link PhysicalPlan} with these
 * rules:
 * <ul>
 *   <li>fusion: every row map between the source and an estimator runs in one fused pass per partition;</li>
 *   <li>pruning: the fused pass keeps only the columns the estimator and the stages after it read;</li>
 *   <li>shared statistics: the estimator's declared statistics (and, in the first pass, the fingerprint of the
 *   pipeline's input) are gathered in one aggregate over that pass; an estimator after another needs the
 *   other's fitted model, so its statistics take a new pass, said so in the plan;</li>
 *   <li>automatic cache: the input of an iterative estimator is cached by the pass that gathers its statistics,
 *   and released after its fit unless it was cached already.</li>
 * </ul>
 */
public final class PlanCompiler {
    /** The kind of the pipeline input's fingerprint, gathered in the first pass. */
    static final String SOURCE_FINGERPRINT = "sourceFingerprint";

    private PlanCompiler() {
    }

    /**
     * @param stages the pipeline's stages
     * @param input the input schema
     * @param source a description of the source (partitions, columns)
     * @return the compiled plan; nothing is computed
     */
    public static CompiledPlan compile(List<PipelineStage> stages, Schema input, String source) {
        List<Schema> schemas = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Schema s = input;
        int lastEstimator = -1;
        for (int i = 0; i < stages.size(); i++) {
            PipelineStage stage = stages.get(i);
            schemas.add(s);
            labels.add(stage.getClass().getSimpleName() + "#" + i);
            try {
                s = stage.transformSchema(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pipeline stage " + stage.uid() + ": " + e.getMessage(), e);
            }
            if (stage instanceof Estimator<?>) {
                lastEstimator = i;
            }
        }
        schemas.add(s);
        List<LogicalNode> logical = new ArrayList<>();
        logical.add(new LogicalNode(LogicalNode.Kind.SOURCE, "", List.of(), List.of(), source));
        List<PhysicalStep> physical = new ArrayList<>();
        int previousEstimator = -1;
        for (int i = 0; i < stages.size(); i++) {
            PipelineStage stage = stages.get(i);
            Schema in = schemas.get(i);
            List<String> reads = ColumnUsage.reads(stage, in).orElse(List.of("*"));
            List<String> writes = ColumnUsage.writes(in, schemas.get(i + 1));
            if (!(stage instanceof Estimator<?> e)) {
                logical.add(new LogicalNode(LogicalNode.Kind.ROW_MAP, labels.get(i), reads, writes, ""));
                continue;
            }
            List<Statistic<?>> stats = declared(e, in);
            boolean twoPhase = !stats.isEmpty();
            boolean iterative = twoPhase && ((TwoPhaseEstimator<?>) e).iterative();
            List<String> statNames = new ArrayList<>(stats.stream().map(Statistic::describe).toList());
            if (twoPhase) {
                logical.add(new LogicalNode(LogicalNode.Kind.STATISTICS, labels.get(i), statNames, List.of(), ""));
            }
            if (iterative) {
                logical.add(new LogicalNode(LogicalNode.Kind.CACHE, labels.get(i), List.of(), List.of(),
                    "iterative"));
            }
            logical.add(new LogicalNode(LogicalNode.Kind.FIT, labels.get(i), List.of(), List.of(),
                twoPhase ? "" : "declares no statistics: fitted by its own passes"));
            if (i < lastEstimator) {
                logical.add(new LogicalNode(LogicalNode.Kind.ROW_MAP, labels.get(i), reads, writes, "fitted model"));
            }
            List<Integer> fused = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                fused.add(j);
            }
            List<String> keep = keep(stages, schemas, i);
            if (previousEstimator < 0) {
                statNames.add(SOURCE_FINGERPRINT);
            }
            String note = previousEstimator < 0 ? ""
                : "new pass: needs the fitted " + labels.get(previousEstimator);
            physical.add(new PhysicalStep(PhysicalStep.Kind.PASS, i, fused, keep, iterative, statNames, note));
            physical.add(new PhysicalStep(PhysicalStep.Kind.FIT, i, List.of(), List.of(), false, List.of(),
                !twoPhase ? "own passes" : iterative ? "iterative: each evaluation one pass over the cache"
                    : "from pass statistics"));
            if (iterative) {
                physical.add(new PhysicalStep(PhysicalStep.Kind.UNPERSIST, i, List.of(), List.of(), false, List.of(),
                    ""));
            }
            previousEstimator = i;
        }
        return new CompiledPlan(stages, schemas.subList(0, stages.size()), new LogicalPlan(logical),
            new PhysicalPlan(labels, physical));
    }

    static List<Statistic<?>> declared(Estimator<?> e, Schema in) {
        if (e instanceof TwoPhaseEstimator<?> t) {
            try {
                return t.statistics(in);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("pipeline stage " + e.uid() + ": " + ex.getMessage(), ex);
            }
        }
        return List.of();
    }

    /** The columns stage {@code i} and every stage after it read, in the input schema's order; all if unknown. */
    static List<String> keep(List<PipelineStage> stages, List<Schema> schemas, int i) {
        Schema in = schemas.get(i);
        Set<String> needed = new LinkedHashSet<>();
        for (int j = i; j < stages.size(); j++) {
            Optional<List<String>> r = ColumnUsage.reads(stages.get(j), schemas.get(j));
            if (r.isEmpty()) {
                return in.names();
            }
            needed.addAll(r.get());
        }
        return in.names().stream().filter(needed::contains).toList();
    }
}
