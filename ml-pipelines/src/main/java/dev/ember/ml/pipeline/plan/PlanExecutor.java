package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.CoreKernels;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.StatisticValues;
import dev.ember.ml.core.stats.TwoPhaseEstimator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link CompiledPlan} over a frame: builds each pass's lineage (the source under a read counter, the
 * fused row maps of the stages before the estimator, the cache point), gathers the declared statistics in one
 * shared aggregate, derives the statistics the plan derives, fits, and releases automatic caches. Returns the
 * fitted stages and the {@link ExecutedPlan} with per step figures.
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

    private final CompiledPlan plan;
    private final Frame frame;
    private final Runtime runtime;
    private final Transformer[] fitted;
    private final Map<Integer, FitContext> contexts = new HashMap<>();
    private final List<StepMetrics> figures = new ArrayList<>();
    private DataFingerprint sourceFingerprint;
    private Frame input;
    private ProbeSource sourceProbe;
    private FusedSource fused;
    private boolean autoCached;
    private FitContext context;
    private ProbeSource retainedProbe;
    private long[] sourceAccumulator;
    /** The fingerprint accumulator (rows, hash) of each estimator's fit input, by estimator index. */
    private final Map<Integer, long[]> inputFingerprints = new HashMap<>();
    private static final Statistic<Long> ROW_COUNT = Statistic.of("rows", "",
        AggregateCall.of(CoreKernels.Count.class, KernelParams.empty()));
    private final Map<Integer, FusedSource> retained = new HashMap<>();
    private final Map<Integer, Boolean> retainedAuto = new HashMap<>();

    private PlanExecutor(CompiledPlan plan, Frame frame) {
        this.plan = plan;
        this.frame = frame;
        this.runtime = frame.runtime();
        List<PipelineStage> stages = plan.stages();
        this.fitted = new Transformer[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) instanceof Transformer t && !(stages.get(i) instanceof Estimator<?>)) {
                fitted[i] = t;
            }
        }
    }

    /**
     * @param plan a plan compiled for {@code frame}'s schema
     * @param frame the training data
     * @return the fitted stages and the figures
     */
    public static Result execute(CompiledPlan plan, Frame frame) {
        return new PlanExecutor(plan, frame).run();
    }

    private Result run() {
        int n = frame.numPartitions();
        for (PhysicalStep step : plan.physical().steps()) {
            long t0 = System.nanoTime();
            switch (step.kind()) {
                case PASS -> {
                    pass(step);
                    figures.add(new StepMetrics(sourceProbe.metrics().snapshot(), fused.metrics().snapshot(),
                        input.source() instanceof ProbeSource p && step.cache() ? p.metrics().snapshot() : null,
                        retainedProbe == null ? null : retainedProbe.metrics().snapshot(), n,
                        System.nanoTime() - t0));
                }
                case DERIVE -> {
                    boolean derivedAll = derive(step);
                    figures.add(new StepMetrics(derivedAll ? null : sourceProbe.metrics().snapshot(),
                        derivedAll ? null : fused.metrics().snapshot(), null,
                        derivedAll || retainedProbe == null ? null : retainedProbe.metrics().snapshot(), n,
                        System.nanoTime() - t0));
                }
                case FIT -> {
                    NodeMetrics sourceBefore = sourceProbe.metrics().snapshot();
                    NodeMetrics fusedBefore = fused.metrics().snapshot();
                    Optional<ProbeSource> cacheProbe = input.source() instanceof ProbeSource p
                        && p.describe().endsWith("cached block") ? Optional.of(p) : Optional.empty();
                    NodeMetrics cacheBefore = cacheProbe.map(p -> p.metrics().snapshot()).orElse(null);
                    ProbeSource retainedDuringFit = retainedProbe;
                    NodeMetrics retainedBefore = retainedDuringFit == null ? null
                        : retainedDuringFit.metrics().snapshot();
                    Estimator<?> e = (Estimator<?>) plan.stages().get(step.estimator());
                    fitted[step.estimator()] = fit(e, input, context);
                    figures.add(new StepMetrics(sourceProbe.metrics().since(sourceBefore),
                        fused.metrics().since(fusedBefore),
                        cacheProbe.map(p -> p.metrics().since(cacheBefore)).orElse(null),
                        retainedDuringFit == null ? null : retainedDuringFit.metrics().since(retainedBefore), n,
                        System.nanoTime() - t0));
                }
                case UNPERSIST -> {
                    if (autoCached) {
                        runtime.unpersist(fused);
                    }
                    figures.add(new StepMetrics(null, null, null, n, System.nanoTime() - t0));
                }
                case RELEASE -> {
                    release(step.readsFrom());
                    figures.add(new StepMetrics(null, null, null, n, System.nanoTime() - t0));
                }
            }
        }
        for (int i = 0; i < fitted.length; i++) {
            if (fitted[i] == null) {
                throw new InvalidStateException("plan left stage " + i + " (" + plan.stages().get(i).uid()
                    + ") unfitted");
            }
        }
        return new Result(Arrays.asList(fitted), sourceFingerprint, new ExecutedPlan(plan, figures));
    }

    /** Drops the retained output of estimator {@code i}'s pass (if this fit cached it). */
    private void release(int i) {
        FusedSource node = retained.remove(i);
        if (node != null && Boolean.TRUE.equals(retainedAuto.remove(i))) {
            runtime.unpersist(node);
        }
    }

    /**
     * The node a pass starts from: the source, or the output an earlier pass retained (when the source is cached
     * already, or the earlier pass's output is gone, the source).
     */
    private PartitionSource passBase(int readsFrom) {
        sourceProbe = new ProbeSource(frame.source(), "source");
        retainedProbe = null;
        FusedSource kept = readsFrom < 0 ? null : retained.get(readsFrom);
        if (kept == null) {
            return sourceProbe;
        }
        retainedProbe = new ProbeSource(kept, "retained output");
        return retainedProbe;
    }

    /** The transformers a pass applies: from the retained estimator's fitted model on, or all of the step's. */
    private List<Transformer> passMaps(PhysicalStep step, int readsFrom) {
        List<Integer> stages = step.fused();
        if (readsFrom >= 0 && retainedProbe == null) {
            stages = new ArrayList<>();
            for (int j = 0; j < step.estimator(); j++) {
                stages.add(j);
            }
        }
        return stages.stream().map(i -> fitted[i]).toList();
    }

    /** One pass over the source through the fused maps, gathering every statistic it serves in one aggregate. */
    private void pass(PhysicalStep step) {
        PartitionSource base = passBase(step.readsFrom());
        boolean first = step.statistics().contains(PlanCompiler.SOURCE_FINGERPRINT);
        List<String> keep = new ArrayList<>(step.keep());
        if (first) {
            for (String c : frame.schema().names()) {
                if (!keep.contains(c)) {
                    keep.add(c);
                }
            }
        }
        fused = fuse(base, passMaps(step, step.readsFrom()), keep, runtime);
        boolean keepOutput = step.retain() && !runtime.isPersisted(frame.source());
        autoCached = (step.cache() || keepOutput) && !runtime.isPersisted(fused);
        if (autoCached) {
            runtime.persist(fused);
        }
        if (keepOutput) {
            retained.put(step.estimator(), fused);
            retainedAuto.put(step.estimator(), autoCached);
        }
        PartitionSource read = step.cache() ? new ProbeSource(fused, "cached block") : fused;
        Estimator<?> e = (Estimator<?>) plan.stages().get(step.estimator());
        List<Statistic<?>> declared = PlanCompiler.declared(e, fused.schema());
        List<Statistic<?>> stats = new ArrayList<>();
        List<String> lineageFingerprints = new ArrayList<>();
        for (Statistic<?> st : declared) {
            if (Statistic.FINGERPRINT.equals(st.kind())) {
                // the fit input's fingerprint comes from the lineage: what the pass read, and what it computed
                lineageFingerprints.add(st.key());
            } else {
                stats.add(st);
            }
        }
        if (!lineageFingerprints.isEmpty()) {
            stats.add(ROW_COUNT);
        }
        for (List<DerivedStatistic> ds : plan.derived().values()) {
            for (DerivedStatistic d : ds) {
                if (d.deriver() == step.estimator() && d.derivation() != null) {
                    stats.addAll(d.derivation().needs());
                }
            }
        }
        Statistic<long[]> sourceFp = Statistic.of(PlanCompiler.SOURCE_FINGERPRINT, "",
            AggregateCall.of(SourceFingerprintKernel.class,
                new SourceFingerprintKernel.Args(frame.schema().names().toArray(new String[0])).toParams()));
        if (first) {
            stats.add(sourceFp);
        }
        context = null;
        if (!stats.isEmpty()) {
            List<Statistic<?>> distinct = distinct(stats);
            StatisticValues values = new Frame(read, runtime).treeAggregate(FitContext.sharedCall(distinct), DEPTH);
            if (first) {
                sourceAccumulator = (long[]) values.value(distinct.indexOf(sourceFp));
                sourceFingerprint = DataFingerprint.fromAccumulator(frame.schema(), sourceAccumulator);
            }
            Schema fitSchema = fused.schema().select(step.keep());
            Map<String, Object> byKey = new LinkedHashMap<>();
            for (int i = 0; i < distinct.size(); i++) {
                byKey.put(distinct.get(i).key(), values.value(i));
            }
            if (!lineageFingerprints.isEmpty()) {
                long[] origin = retainedProbe != null ? inputFingerprints.get(step.readsFrom())
                    : sourceFingerprintAccumulator();
                long[] fp = lineageFingerprint(origin, (Long) byKey.get(ROW_COUNT.key()),
                    fused.lineageKey() + "\nfit input " + String.join(",", step.keep()));
                inputFingerprints.put(step.estimator(), fp);
                lineageFingerprints.forEach(k -> byKey.put(k, fp));
            }
            context = new FitContext(fitSchema, byKey);
            contexts.put(step.estimator(), context);
        }
        if (!step.keep().equals(keep)) {
            // the fit sees only the pruned columns; the source's extra columns served the fingerprint
            PartitionSource pruned = new FusedSource(fused, List.of(), step.keep());
            input = new Frame(step.cache() ? new ProbeSource(pruned, "cached block") : pruned, runtime);
        } else {
            input = new Frame(read, runtime);
        }
    }

    /**
     * The statistics of an estimator derived from an earlier pass and fitted model; if the data makes one
     * underivable, the pass runs after all.
     *
     * @return whether every statistic was derived (no pass)
     */
    private boolean derive(PhysicalStep step) {
        int from = retained.containsKey(step.derivedFrom()) ? step.derivedFrom() : -1;
        PartitionSource base = passBase(from);
        List<Transformer> maps = from < 0 ? step.fused().stream().map(i -> fitted[i]).toList()
            : step.fused().subList(from, step.fused().size()).stream().map(i -> fitted[i]).toList();
        fused = fuse(base, maps, step.keep(), runtime);
        FitContext gathered = contexts.get(step.derivedFrom());
        Model model = (Model) fitted[step.derivedFrom()];
        Map<String, Object> values = new LinkedHashMap<>();
        for (DerivedStatistic d : plan.derived().get(step.estimator())) {
            if (d.derivation() == null) {
                values.put(d.target().key(), lineageFingerprint(gathered, fused));
                continue;
            }
            Optional<Object> v = d.derivation().value(model, gathered);
            if (v.isEmpty()) {
                List<Integer> passStages = from < 0 ? step.fused() : step.fused().subList(from, step.fused().size());
                pass(new PhysicalStep(PhysicalStep.Kind.PASS, step.estimator(), passStages, step.keep(), false,
                    step.statistics(), "derivation refused by the data", -1, from, false));
                return false;
            }
            values.put(d.target().key(), v.get());
        }
        context = new FitContext(fused.schema(), values);
        contexts.put(step.estimator(), context);
        input = new Frame(fused, runtime);
        return true;
    }

    /** The source's fingerprint accumulator, from the first pass. */
    private long[] sourceFingerprintAccumulator() {
        if (sourceAccumulator == null) {
            throw new InvalidStateException("plan: a pass needs the source fingerprint before the first pass ran");
        }
        return sourceAccumulator;
    }

    /** A fingerprint accumulator {@code (rows, hash)} from a base's hash and what was computed from it. */
    private static long[] lineageFingerprint(long[] base, long rows, String lineage) {
        return new long[] {rows, digest(ByteBuffer.allocate(2 * Long.BYTES).putLong(base[0]).putLong(base[1]).array(),
            lineage)};
    }

    /**
     * The fingerprint of a derived input, from the lineage: the row count and content hash of the data the
     * deriving pass read, combined with what the fused maps compute ({@link FusedSource#lineageKey()}).
     */
    private static long[] lineageFingerprint(FitContext gathered, FusedSource node) {
        long[] base = gathered.get(Statistic.fingerprint());
        return new long[] {base[0], digest(ByteBuffer.allocate(Long.BYTES).putLong(base[1]).array(),
            node.lineageKey())};
    }

    /** The first eight bytes of the SHA-256 of {@code prefix} followed by {@code lineage} in UTF-8. */
    private static long digest(byte[] prefix, String lineage) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prefix);
            d.update(lineage.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static Model fit(Estimator<?> e, Frame input, FitContext context) {
        try {
            if (e instanceof TwoPhaseEstimator<?> t && context != null && !t.statistics(input.schema()).isEmpty()) {
                return t.fitFrom(input, context);
            }
            return e.fit(input);
        } catch (IllegalArgumentException | InvalidArgumentException ex) {
            throw new InvalidArgumentException("pipeline stage " + e.uid() + ": " + ex.getMessage(), ex);
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
     *
     * @param source the input node
     * @param transformers the transformers, in order
     * @param keep the columns to output, present in the last transformer's output
     * @param runtime the runtime whose kernels they use
     * @return the fused node (lazy)
     */
    public static FusedSource fuse(PartitionSource source, List<Transformer> transformers, List<String> keep,
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
