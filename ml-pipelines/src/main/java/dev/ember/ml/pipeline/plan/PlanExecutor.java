package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.StatisticValues;
import dev.ember.ml.core.stats.TwoPhaseEstimator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link CompiledPlan} over a frame: builds each pass's lineage (the source under a read counter, the
 * fused row maps of the stages before the estimator, the cache point), gathers the declared statistics in one
 * shared aggregate, fits, and releases automatic caches. Returns the fitted stages and the
 * {@link ExecutedPlan} with per step figures.
 */
public final class PlanExecutor {
    private static final int DEPTH = 2;

    /**
     * What a plan's run produced.
     *
     * @param stages the fitted stages (transformers as given, estimators replaced by their models)
     * @param sourceFingerprint the fingerprint of the pipeline's input, from the first pass (null if no pass ran)
     * @param executed the plan with its figures
     */
    public record Result(List<Transformer> stages, DataFingerprint sourceFingerprint, ExecutedPlan executed) {
    }

    private PlanExecutor() {
    }

    /**
     * @param plan a plan compiled for {@code frame}'s schema
     * @param frame the training data
     * @return the fitted stages and the figures
     */
    public static Result execute(CompiledPlan plan, Frame frame) {
        Runtime runtime = frame.runtime();
        List<PipelineStage> stages = plan.stages();
        Transformer[] fitted = new Transformer[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) instanceof Transformer t && !(stages.get(i) instanceof Estimator<?>)) {
                fitted[i] = t;
            }
        }
        List<StepMetrics> figures = new ArrayList<>();
        DataFingerprint sourceFingerprint = null;
        Frame input = null;
        ProbeSource sourceProbe = null;
        FusedSource fused = null;
        boolean autoCached = false;
        FitContext context = null;
        int n = frame.numPartitions();
        for (PhysicalStep step : plan.physical().steps()) {
            long t0 = System.nanoTime();
            switch (step.kind()) {
                case PASS -> {
                    sourceProbe = new ProbeSource(frame.source(), "source");
                    boolean first = step.statistics().contains(PlanCompiler.SOURCE_FINGERPRINT);
                    List<String> keep = new ArrayList<>(step.keep());
                    if (first) {
                        for (String c : frame.schema().names()) {
                            if (!keep.contains(c)) {
                                keep.add(c);
                            }
                        }
                    }
                    fused = fuse(sourceProbe, step.fused().stream().map(i -> fitted[i]).toList(), keep, runtime);
                    autoCached = step.cache() && !runtime.isPersisted(fused);
                    if (autoCached) {
                        runtime.persist(fused);
                    }
                    PartitionSource read = step.cache() ? new ProbeSource(fused, "cached block") : fused;
                    Estimator<?> e = (Estimator<?>) stages.get(step.estimator());
                    List<Statistic<?>> stats = new ArrayList<>(PlanCompiler.declared(e, fused.schema()));
                    Statistic<long[]> sourceFp = Statistic.of(PlanCompiler.SOURCE_FINGERPRINT, "",
                        AggregateCall.of(SourceFingerprintKernel.class, KernelParams.builder()
                            .put("columns", frame.schema().names().toArray(new String[0])).build()));
                    if (first) {
                        stats.add(sourceFp);
                    }
                    context = null;
                    if (!stats.isEmpty()) {
                        List<Statistic<?>> distinct = distinct(stats);
                        StatisticValues values = new Frame(read, runtime).treeAggregate(
                            FitContext.sharedCall(distinct), DEPTH);
                        Schema statSchema = fused.schema();
                        if (first) {
                            long[] fp = (long[]) values.value(distinct.indexOf(sourceFp));
                            sourceFingerprint = DataFingerprint.fromAccumulator(frame.schema(), fp);
                        }
                        context = FitContext.of(statSchema, distinct, values);
                    }
                    if (first && !step.keep().equals(keep)) {
                        // the fit sees only the pruned columns; the source's extra columns served the fingerprint
                        input = new Frame(new FusedSource(fused, List.of(), step.keep()), runtime);
                        if (step.cache()) {
                            input = new Frame(new ProbeSource(input.source(), "cached block"), runtime);
                        }
                    } else {
                        input = new Frame(step.cache() ? new ProbeSource(fused, "cached block") : fused, runtime);
                    }
                    figures.add(new StepMetrics(sourceProbe.metrics().snapshot(), fused.metrics().snapshot(),
                        read instanceof ProbeSource p ? p.metrics().snapshot() : null, n, System.nanoTime() - t0));
                }
                case FIT -> {
                    NodeMetrics sourceBefore = sourceProbe.metrics().snapshot();
                    NodeMetrics fusedBefore = fused.metrics().snapshot();
                    Optional<ProbeSource> cacheProbe = input.source() instanceof ProbeSource p
                        && p.describe().endsWith("cached block") ? Optional.of(p) : Optional.empty();
                    Estimator<?> e = (Estimator<?>) stages.get(step.estimator());
                    fitted[step.estimator()] = fit(e, input, context);
                    figures.add(new StepMetrics(sourceProbe.metrics().since(sourceBefore),
                        fused.metrics().since(fusedBefore), cacheProbe.map(ProbeSource::metrics).orElse(null), n,
                        System.nanoTime() - t0));
                }
                case UNPERSIST -> {
                    if (autoCached) {
                        runtime.unpersist(fused);
                    }
                    figures.add(new StepMetrics(null, null, null, n, System.nanoTime() - t0));
                }
            }
        }
        for (int i = 0; i < fitted.length; i++) {
            if (fitted[i] == null) {
                throw new IllegalStateException("plan left stage " + i + " (" + stages.get(i).uid() + ") unfitted");
            }
        }
        return new Result(Arrays.asList(fitted), sourceFingerprint, new ExecutedPlan(plan, figures));
    }

    private static Model fit(Estimator<?> e, Frame input, FitContext context) {
        try {
            if (e instanceof TwoPhaseEstimator<?> t && context != null && !t.statistics(input.schema()).isEmpty()) {
                return t.fitFrom(input, context);
            }
            return e.fit(input);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("pipeline stage " + e.uid() + ": " + ex.getMessage(), ex);
        }
    }

    private static List<Statistic<?>> distinct(List<Statistic<?>> stats) {
        Map<String, Statistic<?>> m = new LinkedHashMap<>();
        for (Statistic<?> s : stats) {
            m.putIfAbsent(s.key(), s);
        }
        return new ArrayList<>(m.values());
    }

    /**
     * The fused lineage of some transformers over a node: runs of fusible transformers become one
     * {@link FusedSource}; a transformer that cannot be fused is applied as it is between runs.
     */
    static FusedSource fuse(PartitionSource source, List<Transformer> transformers, List<String> keep,
                            Runtime runtime) {
        PartitionSource current = source;
        List<MapStep> run = new ArrayList<>();
        for (Transformer t : transformers) {
            Schema in = run.isEmpty() ? current.schema() : run.get(run.size() - 1).schema();
            Optional<List<MapStep>> steps = RowMaps.of(t, in, runtime);
            if (steps.isPresent()) {
                run.addAll(steps.get());
            } else {
                if (!run.isEmpty()) {
                    current = new FusedSource(current, run, run.get(run.size() - 1).schema().names());
                    run = new ArrayList<>();
                }
                current = t.transform(new Frame(current, runtime)).source();
            }
        }
        return new FusedSource(current, run, keep);
    }
}
