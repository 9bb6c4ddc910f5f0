package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.stats.Derivation;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.StatisticDeriver;
import dev.ember.ml.core.stats.TwoPhaseEstimator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 *   <li>derivation: an estimator whose statistics the estimator before it can derive from its own pass once
 *   fitted ({@link StatisticDeriver}, for example moments through mean imputation and assembly) takes no pass;</li>
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
        Map<Integer, List<DerivedStatistic>> derived = derivations(stages, schemas);
        List<PhysicalStep> physical = new ArrayList<>();
        int previousEstimator = -1;
        int passStep = -1;
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
            if (derived.containsKey(i)) {
                int from = derived.get(i).get(0).deriver();
                physical.add(new PhysicalStep(PhysicalStep.Kind.DERIVE, i, fused, keep, false, statNames, "", from));
            } else {
                if (previousEstimator < 0) {
                    statNames.add(SOURCE_FINGERPRINT);
                }
                for (List<DerivedStatistic> ds : derived.values()) {
                    for (DerivedStatistic d : ds) {
                        if (d.deriver() == i && d.derivation() != null) {
                            d.derivation().needs().forEach(n -> statNames.add(n.describe()));
                        }
                    }
                }
                String note = previousEstimator < 0 ? ""
                    : "new pass: needs the fitted " + labels.get(previousEstimator);
                physical.add(new PhysicalStep(PhysicalStep.Kind.PASS, i, fused, keep, iterative, statNames, note,
                    -1));
            }
            physical.add(new PhysicalStep(PhysicalStep.Kind.FIT, i, List.of(), List.of(), false, List.of(),
                !twoPhase ? "own passes" : iterative ? "iterative: each evaluation one pass over the cache"
                    : derived.containsKey(i) ? "from derived statistics" : "from pass statistics", -1));
            if (iterative) {
                physical.add(new PhysicalStep(PhysicalStep.Kind.UNPERSIST, i, List.of(), List.of(), false, List.of(),
                    "", -1));
            }
            previousEstimator = i;
        }
        return new CompiledPlan(stages, schemas.subList(0, stages.size()), new LogicalPlan(logical),
            new PhysicalPlan(labels, physical), derived);
    }

    /**
     * The derivation rule: an estimator j whose every declared statistic the estimator i before it (with only row
     * maps between them) can derive ({@link StatisticDeriver}), or is the fingerprint (derived from the lineage),
     * takes no pass: i's pass gathers what the derivations need. An iterative j keeps its pass, which builds its
     * cache anyway.
     */
    static Map<Integer, List<DerivedStatistic>> derivations(List<PipelineStage> stages, List<Schema> schemas) {
        Map<Integer, List<DerivedStatistic>> out = new LinkedHashMap<>();
        int previous = -1;
        for (int j = 0; j < stages.size(); j++) {
            if (!(stages.get(j) instanceof Estimator<?> e)) {
                continue;
            }
            int i = previous;
            previous = j;
            if (i < 0 || !(stages.get(i) instanceof StatisticDeriver deriver) || out.containsKey(i)
                || !(e instanceof TwoPhaseEstimator<?> t) || t.iterative()) {
                continue;
            }
            List<Statistic<?>> stats = declared(e, schemas.get(j));
            if (stats.isEmpty()) {
                continue;
            }
            List<DerivedStatistic> ds = new ArrayList<>();
            for (Statistic<?> target : stats) {
                if (Statistic.FINGERPRINT.equals(target.kind())) {
                    ds.add(new DerivedStatistic(i, target, null));
                    continue;
                }
                Optional<Derivation> d = deriver.derive(target, schemas.get(i), stages.subList(i + 1, j));
                if (d.isEmpty()) {
                    ds = null;
                    break;
                }
                ds.add(new DerivedStatistic(i, target, d.get()));
            }
            if (ds != null) {
                out.put(j, ds);
            }
        }
        return out;
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
