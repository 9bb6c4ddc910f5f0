package dev.ember.ml.cli.sweep;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.regression.LinearRegression;
import dev.ember.ml.algo.tree.GBTClassifier;
import dev.ember.ml.algo.tree.GBTRegressor;
import dev.ember.ml.algo.tree.TreeParams;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.FitMonitor;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.pipeline.sweep.AshaPruner;
import dev.ember.ml.pipeline.sweep.MedianPruner;
import dev.ember.ml.pipeline.sweep.Objective;
import dev.ember.ml.pipeline.sweep.Pruner;
import dev.ember.ml.pipeline.sweep.Trial;
import dev.ember.ml.pipeline.tuning.CrossValidator;
import dev.ember.ml.pipeline.tuning.FoldedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objective of a pipeline sweep. The data is read, split and cached once; the pipeline's leading stages that
 * no searched parameter touches (reading, indexing, assembling, scaling: their statistics included) are fitted
 * once on the training rows and their output cached, so every trial starts from the same planned feature frame.
 * A trial fits the remaining stages with its setting and returns the validation metric, or with folds the mean
 * over folds: the folds are drawn once ({@link FoldedFrame}, as {@link CrossValidator} draws them from the same
 * seed), so trials share the fold ids, each fold's training weights and the folds' statistics, and no trial
 * refits on all rows.
 *
 * <p>With early stopping and a {@link LogisticRegression} or {@link LinearRegression} last, the resource is
 * optimizer iterations, with a {@link GBTClassifier} or {@link GBTRegressor} last it is trees: one fit per trial,
 * watched by a {@link FitMonitor}; at each rung (ASHA's resources, or every tenth of {@code maxIter} for the median
 * rule) the current iterate (the trees so far) is scored on the validation rows and reported, and a pruned trial's
 * fit stops there, inside the optimizer's (the boosting) loop. A trial that is not pruned is the same fit as without
 * early stopping.
 */
public final class PipelineObjective implements Objective, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineObjective.class);
    private final SweepSpec spec;
    private final List<SweepSpec.Stage> searched;
    private final Frame train;
    private final Frame validation;
    private final FoldedFrame folds;
    private final Frame rawTrain;
    private final long prepareMillis;

    /**
     * Reads, splits and prepares the data (once).
     *
     * @param spec    the sweep
     * @param runtime the runtime the frames live on
     */
    public PipelineObjective(SweepSpec spec, Runtime runtime) {
        this.spec = spec;
        long t0 = System.currentTimeMillis();
        int first = firstSearchedStage(spec);
        List<PipelineStage> fixed = new ArrayList<>();
        for (int i = 0; i < first; i++) {
            fixed.add(spec.pipeline().get(i).stage());
        }
        this.searched = List.copyOf(spec.pipeline().subList(first, spec.pipeline().size()));
        Frame data = readData(spec.data(), runtime).cache();
        if (spec.data().folds() > 0) {
            Frame prepared = fixed.isEmpty() ? data : new Pipeline(fixed.toArray(PipelineStage[]::new)).fit(data)
                .transform(data);
            this.folds = FoldedFrame.kFold(prepared, spec.data().folds(), spec.data().seed());
            this.rawTrain = data;
            this.train = null;
            this.validation = null;
        } else {
            Frame[] split = data.randomSplit(new double[] {spec.data().trainRatio(), 1 - spec.data().trainRatio()},
                spec.data().seed());
            Frame tr = split[0];
            Frame va = split[1];
            this.rawTrain = tr;
            if (!fixed.isEmpty()) {
                PipelineModel prep = new Pipeline(fixed.toArray(PipelineStage[]::new)).fit(tr);
                tr = prep.transform(tr);
                va = prep.transform(va);
            }
            this.train = tr.cacheNow();
            this.validation = va.cacheNow();
            this.folds = null;
        }
        this.prepareMillis = System.currentTimeMillis() - t0;
        LOG.info("sweep {}: data read, split and {} fixed stage(s) fitted once in {} ms", spec.name(), first,
            prepareMillis);
    }

    /** @return how long reading, splitting and the shared stages took */
    public long prepareMillis() {
        return prepareMillis;
    }

    /**
     * @param data    the data section
     * @param runtime the runtime
     * @return the files read (and unioned), not cached
     */
    public static Frame readData(SweepSpec.Data data, Runtime runtime) {
        Frame out = null;
        for (Path p : data.paths()) {
            Frame f;
            if (data.format().equals("parquet")) {
                f = ParquetReader.options().runtime(runtime).read(p);
            } else {
                CsvReader.Builder b = CsvReader.builder().runtime(runtime);
                Map<String, Object> o = data.options();
                if (o.get("delimiter") instanceof String d && d.length() == 1) {
                    b.delimiter(d.charAt(0));
                }
                if (o.get("header") instanceof Boolean h) {
                    b.header(h);
                }
                if (o.get("nullValues") instanceof String nv) {
                    b.nullValues(nv);
                }
                f = b.read(p);
            }
            out = out == null ? f : out.union(f);
        }
        return out;
    }

    private static int firstSearchedStage(SweepSpec spec) {
        int last = spec.pipeline().size() - 1;
        for (int i = 0; i < last; i++) {
            String prefix = spec.pipeline().get(i).name() + ".";
            if (spec.space().params().stream().anyMatch(p -> p.name().startsWith(prefix))) {
                return i;
            }
        }
        return last;
    }

    /**
     * @param trial a trial's setting
     * @return the searched stages, each copied with its parameters from the setting
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<PipelineStage> stagesFor(Map<String, Object> setting) {
        List<PipelineStage> out = new ArrayList<>();
        for (SweepSpec.Stage s : searched) {
            ParamMap m = ParamMap.empty();
            for (Map.Entry<String, Object> e : setting.entrySet()) {
                if (e.getKey().startsWith(s.name() + ".")) {
                    Param p = s.stage().param(e.getKey().substring(s.name().length() + 1));
                    m = m.with(p, convert(p, e.getValue()));
                }
            }
            out.add(s.stage().copy(m));
        }
        return out;
    }

    private static Object convert(Param<?> p, Object v) {
        return switch (p.type().name()) {
            case "double" -> ((Number) v).doubleValue();
            case "int" -> ((Number) v).intValue();
            case "long" -> ((Number) v).longValue();
            default -> v;
        };
    }

    @Override
    public double evaluate(Trial trial) {
        List<PipelineStage> stages = stagesFor(trial.params());
        if (folds != null) {
            Estimator<?> est = stages.size() == 1 && stages.get(0) instanceof Estimator<?> e ? e
                : new Pipeline(stages.toArray(PipelineStage[]::new));
            return folds.meanScore(est, ParamMap.empty(), spec.objective().evaluator());
        }
        PipelineStage last = stages.get(stages.size() - 1);
        Param<Integer> resource = last instanceof Estimator<?> e ? iterationsParam(e) : null;
        if (spec.pruner() != Pruner.NONE && resource != null) {
            return iterative(trial, stages.subList(0, stages.size() - 1), (Estimator<?>) last, resource);
        }
        PipelineModel model = new Pipeline(stages.toArray(PipelineStage[]::new)).fit(train);
        return spec.objective().evaluator().evaluate(model.transform(validation));
    }

    /**
     * @param last the pipeline's last stage
     * @return its iteration count param if its fit reports to a {@link FitMonitor} (logistic and linear regression:
     *     optimizer iterations; boosted trees: trees), else null
     */
    static Param<Integer> iterationsParam(Estimator<?> last) {
        if (last instanceof LogisticRegression) {
            return LogisticRegression.MAX_ITER;
        }
        if (last instanceof LinearRegression) {
            return LinearRegression.MAX_ITER;
        }
        if (last instanceof GBTClassifier || last instanceof GBTRegressor) {
            return TreeParams.MAX_ITER;
        }
        return null;
    }

    private double iterative(Trial trial, List<PipelineStage> middle, Estimator<?> last, Param<Integer> resource) {
        Frame tr = train;
        Frame va = validation;
        if (!middle.isEmpty()) {
            PipelineModel m = new Pipeline(middle.toArray(PipelineStage[]::new)).fit(tr);
            tr = m.transform(tr).cacheNow();
            va = m.transform(va).cacheNow();
        }
        int maxIter = last.get(resource);
        Set<Integer> steps = new TreeSet<>(steps(spec.pruner(), maxIter));
        Frame validationRows = va;
        int[] reported = {0};
        int[] seen = {0};
        // scored mid-fit: at each step the current iterate (or the trees so far) is evaluated and the pruner may
        // stop the fit there (TrialPruned propagates out of fit)
        FitMonitor monitor = (iteration, objective, model) -> {
            seen[0] = iteration;
            if (steps.contains(iteration)) {
                reported[0] = iteration;
                trial.reportAndPrune(iteration, spec.objective().evaluator().evaluate(
                    model.get().transform(validationRows)));
            }
        };
        Model model;
        try (FitMonitor.Scope scope = FitMonitor.install(monitor)) {
            model = last.fit(tr);
        }
        double value = spec.objective().evaluator().evaluate(model.transform(va));
        int ran = seen[0];
        if (ran > reported[0] || reported[0] == 0) {
            // converged (or stopped early on validation) before the next step, or a solver without iterations (linear
            // regression's normal equations): its final value is what it would report there (and at any later
            // step), so it competes at that rung like the trials that ran to it
            int step = steps.stream().filter(st -> st >= ran).findFirst().orElse(ran);
            trial.reportAndPrune(step, value);
        }
        return value;
    }

    /**
     * @param pruner  the pruner
     * @param maxIter the estimator's maxIter
     * @return the iteration counts at which a trial reports: ASHA's rungs and maxIter, or tenths of maxIter
     */
    static List<Integer> steps(Pruner pruner, int maxIter) {
        List<Integer> out = new ArrayList<>();
        if (pruner instanceof AshaPruner a) {
            for (int r : a.rungResources()) {
                if (r < maxIter) {
                    out.add(r);
                }
            }
        } else if (pruner instanceof MedianPruner) {
            int chunk = Math.max(1, maxIter / 10);
            for (int s = chunk; s < maxIter; s += chunk) {
                out.add(s);
            }
        }
        out.add(maxIter);
        return out;
    }

    /**
     * Fits the whole pipeline with a setting on the training rows (all rows with folds), for registering the best
     * trial's model.
     *
     * @param setting a trial's setting
     * @return the fitted pipeline model, fixed stages included
     */
    public PipelineModel fitFull(Map<String, Object> setting) {
        List<PipelineStage> stages = new ArrayList<>();
        int first = spec.pipeline().size() - searched.size();
        for (int i = 0; i < first; i++) {
            stages.add(spec.pipeline().get(i).stage());
        }
        stages.addAll(stagesFor(setting));
        return new Pipeline(stages.toArray(PipelineStage[]::new)).fit(rawTrain);
    }

    @Override
    public void close() {
        if (folds != null) {
            folds.close();
        }
        // the other cached frames are released with the runtime
    }
}
