package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.InvalidArgumentException;
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
 *   and released after its fit unless it was cached already;</li>
 *   <li>source reuse: when a later estimator needs a new pass (it needs an earlier one's fitted model), the earlier
 *   pass keeps its output cached and the later pass starts from it, through the fitted model, instead of reading
 *   the source again; the retained output is released after the later fit. The source is read once, whatever the
 *   number of estimators. Off when the source is cached already (re-reading it is cheap).</li>
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
        return compile(stages, input, source, true);
    }

    /**
     * @param stages the pipeline's stages
     * @param input the input schema
     * @param source a description of the source (partitions, columns)
     * @param readSourceOnce whether a pass that a later pass would repeat over the source keeps its output cached
     *     for that pass (the source-reuse rule); false when re-reading the source is cheap (it is cached)
     * @return the compiled plan; nothing is computed
     */
    public static CompiledPlan compile(List<PipelineStage> stages, Schema input, String source,
                                       boolean readSourceOnce) {
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
            } catch (IllegalArgumentException | InvalidArgumentException e) {
                throw new InvalidArgumentException("pipeline stage " + stage.uid() + ": " + e.getMessage(), e);
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
        int lastPassStep = -1;
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
                int readsFrom = -1;
                List<Integer> passFused = fused;
                if (readSourceOnce && lastPassStep >= 0) {
                    // source reuse: the earlier pass keeps its output, and this one starts from it
                    PhysicalStep earlier = physical.get(lastPassStep);
                    physical.set(lastPassStep, earlier.retained());
                    physical.removeIf(st -> st.kind() == PhysicalStep.Kind.UNPERSIST
                        && st.estimator() == earlier.estimator());
                    readsFrom = earlier.estimator();
                    passFused = fused.subList(readsFrom, fused.size());
                    note = note + "; starts from the output pass " + passNumber(physical, lastPassStep) + " retained";
                }
                physical.add(new PhysicalStep(PhysicalStep.Kind.PASS, i, passFused, keep, iterative, statNames, note,
                    -1, readsFrom, false));
                if (twoPhase) {
                    lastPassStep = physical.size() - 1;
                }
                if (readsFrom >= 0 && iterative) {
                    // the fit reads its own cache: the retained output can go as soon as the cache is built
                    physical.add(new PhysicalStep(PhysicalStep.Kind.RELEASE, i, List.of(), List.of(), false,
                        List.of(), "", -1, readsFrom, false));
                }
            }
            physical.add(new PhysicalStep(PhysicalStep.Kind.FIT, i, List.of(), List.of(), false, List.of(),
                !twoPhase ? "own passes" : iterative ? "iterative: each evaluation one pass over the cache"
                    : derived.containsKey(i) ? "from derived statistics" : "from pass statistics", -1));
            if (iterative) {
                physical.add(new PhysicalStep(PhysicalStep.Kind.UNPERSIST, i, List.of(), List.of(), false, List.of(),
                    "", -1));
            }
            PhysicalStep last = lastPass(physical, i);
            if (last != null && last.readsFrom() >= 0 && !iterative) {
                physical.add(new PhysicalStep(PhysicalStep.Kind.RELEASE, i, List.of(), List.of(), false, List.of(),
                    "", -1, last.readsFrom(), false));
            }
            previousEstimator = i;
        }
        return new CompiledPlan(stages, schemas.subList(0, stages.size()), new LogicalPlan(logical),
            new PhysicalPlan(labels, lastReleasesOnly(physical)), derived);
    }

    /** Keeps, per retained output, only the release after its last reader. */
    private static List<PhysicalStep> lastReleasesOnly(List<PhysicalStep> steps) {
        List<PhysicalStep> out = new ArrayList<>();
        Set<Integer> released = new LinkedHashSet<>();
        for (int k = steps.size() - 1; k >= 0; k--) {
            PhysicalStep st = steps.get(k);
            if (st.kind() == PhysicalStep.Kind.RELEASE && !released.add(st.readsFrom())) {
                continue;
            }
            out.add(0, st);
        }
        return out;
    }

    /** The 1-based number of the pass at {@code stepIndex} among the plan's passes. */
    private static int passNumber(List<PhysicalStep> steps, int stepIndex) {
        int n = 0;
        for (int k = 0; k <= stepIndex; k++) {
            if (PhysicalPlan.isPass(steps.get(k))) {
                n++;
            }
        }
        return n;
    }

    /** The pass step of estimator {@code i}, or null if its statistics were derived. */
    private static PhysicalStep lastPass(List<PhysicalStep> steps, int i) {
        for (PhysicalStep st : steps) {
            if (st.kind() == PhysicalStep.Kind.PASS && st.estimator() == i) {
                return st;
            }
        }
        return null;
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
            } catch (IllegalArgumentException | InvalidArgumentException ex) {
                throw new InvalidArgumentException("pipeline stage " + e.uid() + ": " + ex.getMessage(), ex);
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
