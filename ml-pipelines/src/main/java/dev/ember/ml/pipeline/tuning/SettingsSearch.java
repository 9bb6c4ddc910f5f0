package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.TwoPhaseEstimator;
import dev.ember.ml.core.tracking.FitScope;
import dev.ember.ml.core.tracking.Tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fits every setting on every split and scores it: the engine under {@link CrossValidator} and
 * {@link TrainValidationSplit}.
 *
 * <p>Settings that differ only in {@code regParam} form one path group, fitted by one call of the estimator's
 * multi-setting hook with the maps ordered from large to small {@code regParam} (glmnet's order, for warm
 * starts). When {@code parallelism} is at most the number of splits, each split is one task whose groups go to
 * one hook call, path after path (so the estimator may also share one statistics pass per split); otherwise each
 * (group, split) is one task. Tasks run {@code parallelism} at a time on worker threads (never on the caller's
 * thread, whose tracking context then holds only the tuning fit and its refit), each fit's passes on the shared
 * runtime. Results do not depend on the parallelism: every fit is deterministic and lands in its own slot.
 *
 * <p>For an estimator that declares its statistics ({@link TwoPhaseEstimator}), every split's training statistics
 * come from one shared pass over the cached input before any fit ({@link Folds#trainingStatistics}); each fit then
 * starts from them ({@link TwoPhaseEstimator#fitFrom(Frame, List, FitContext)}) instead of its own statistics pass.
 */
final class SettingsSearch {
    private SettingsSearch() {
    }

    /**
     * @param metrics {@code metrics[setting][split]}
     * @param models {@code models[split][setting]} when collected, else null
     */
    record Result(double[][] metrics, Model[][] models) {
    }

    /**
     * @param owner the tuning estimator: its fit is opened on the worker threads, so that the fold fits there are
     *     nested in it for tracking (not logged on their own)
     */
    static Result run(Estimator<?> owner, Estimator<?> estimator, List<ParamMap> maps, Evaluator evaluator,
                      Folds folds, int[] splits, int parallelism, boolean collectModels) {
        List<List<Integer>> groups = pathGroups(estimator, maps);
        double[][] metrics = new double[maps.size()][splits.length];
        Model[][] models = collectModels ? new Model[splits.length][maps.size()] : null;
        List<Runnable> tasks = new ArrayList<>();
        // every split's training statistics, for every setting, from one shared pass over the cached input
        Map<Integer, FitContext> contexts = folds.trainingStatistics(estimator, maps, splits).orElse(Map.of());
        List<List<Integer>> units = groups;
        if (parallelism <= splits.length) {
            // one task per split, its groups in one hook call: the estimator can share one statistics pass
            List<Integer> all = new ArrayList<>();
            groups.forEach(all::addAll);
            units = List.of(all);
        }
        for (int s = 0; s < splits.length; s++) {
            for (List<Integer> group : units) {
                int split = s;
                tasks.add(dev.ember.ml.core.observe.TraceScope.propagate(() -> {
                    try (FitScope scope = Tracking.enterFit(owner)) {
                        fitGroup(estimator, maps, group, evaluator, folds, splits[split], split, metrics, models,
                            contexts.get(splits[split]));
                    }
                }));
            }
        }
        runAll(tasks, parallelism);
        return new Result(metrics, models);
    }

    private static void fitGroup(Estimator<?> estimator, List<ParamMap> maps, List<Integer> group,
                                 Evaluator evaluator, Folds folds, int fold, int split, double[][] metrics,
                                 Model[][] models, FitContext context) {
        Folds.Training training = folds.training(fold, estimator);
        Estimator<?> masked = training.mask().isEmpty() ? estimator
            : (Estimator<?>) estimator.copy(training.mask());
        List<ParamMap> path = group.stream().map(maps::get).toList();
        List<? extends Model> fitted = context != null && masked instanceof TwoPhaseEstimator<?> t
            ? t.fitFrom(training.frame(), path, context) : masked.fit(training.frame(), path);
        if (fitted.size() != path.size()) {
            throw new MlException(estimator.getClass().getSimpleName() + ".fit(frame, maps) returned "
                + fitted.size() + " models for " + path.size() + " param maps");
        }
        for (int i = 0; i < group.size(); i++) {
            Model m = fitted.get(i);
            metrics[group.get(i)][split] = evaluator.evaluate(m.transform(folds.validation(fold)));
            if (models != null) {
                models[split][group.get(i)] = m;
            }
        }
    }

    /**
     * Groups the settings that differ only in {@code regParam}, each group ordered by decreasing
     * {@code regParam}; without such a param, one setting per group. Groups keep the grid's order of first
     * appearance.
     */
    static List<List<Integer>> pathGroups(Estimator<?> estimator, List<ParamMap> maps) {
        Optional<Param<Double>> reg = regParam(estimator);
        if (reg.isEmpty()) {
            List<List<Integer>> out = new ArrayList<>();
            for (int i = 0; i < maps.size(); i++) {
                out.add(List.of(i));
            }
            return out;
        }
        Param<Double> p = reg.get();
        Map<ParamMap, List<Integer>> byRest = new LinkedHashMap<>();
        for (int i = 0; i < maps.size(); i++) {
            byRest.computeIfAbsent(GridMaps.without(maps.get(i), estimator, p), k -> new ArrayList<>()).add(i);
        }
        double fallback = estimator.get(p);
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> g : byRest.values()) {
            List<Integer> sorted = new ArrayList<>(g);
            sorted.sort(Comparator.comparingDouble(
                (Integer i) -> GridMaps.get(maps.get(i), estimator, p).orElse(fallback)).reversed());
            out.add(List.copyOf(sorted));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Param<Double>> regParam(Estimator<?> estimator) {
        for (Param<?> q : estimator.params()) {
            if (q.name().equals("regParam") && q.type().valueClass() == Double.class) {
                return Optional.of((Param<Double>) q);
            }
        }
        return Optional.empty();
    }

    /** Runs the tasks on {@code parallelism} worker threads (one for parallelism 1: off the caller's thread). */
    private static void runAll(List<Runnable> tasks, int parallelism) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, tasks.size())), r -> {
            Thread t = new Thread(r, "ember-tuning-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable t : tasks) {
                futures.add(pool.submit(t));
            }
            for (Future<?> f : futures) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlException("interrupted while tuning", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new MlException("a tuning fit failed: " + e.getCause(), e.getCause());
        }
    }
}
