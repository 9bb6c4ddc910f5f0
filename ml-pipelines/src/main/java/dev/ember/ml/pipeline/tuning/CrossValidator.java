package dev.ember.ml.pipeline.tuning;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.tracking.FitScope;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;

import java.util.List;
import java.util.Optional;

/**
 * K-fold cross-validation over a grid of param maps (Spark's {@code CrossValidator}): each setting is fitted on
 * the complement of each fold and scored on the fold with the evaluator; the setting with the best mean metric
 * (larger or smaller as the evaluator says) is refitted on the whole input.
 *
 * <pre>{@code
 * CrossValidatorModel cv = new CrossValidator()
 *     .estimator(lr).estimatorParamMaps(grid).evaluator(new BinaryClassificationEvaluator())
 *     .numFolds(3).seed(7).parallelism(2)
 *     .fit(train);
 * cv.avgMetrics(); cv.bestModel().transform(test);
 * }</pre>
 *
 * <p>The input is cached once with a fold-id column; folds are row masks over it, not copies (package
 * documentation). With an MLflow run active (or autolog on), each setting is logged as a child run with its
 * fold metrics. The estimator, evaluator and param maps are not params: a {@code CrossValidator} itself is not
 * saved, its model is.
 */
@CheckReturnValue
public final class CrossValidator extends StageBase<CrossValidator> implements Estimator<CrossValidatorModel> {
    /** Number of folds. */
    public static final Param<Integer> NUM_FOLDS = Param.ofInt("numFolds", "number of folds (>= 2)", 3,
        ParamValidators.gtEq(2));
    /** Seed of the fold assignment. */
    public static final Param<Long> SEED = Param.ofLong("seed", "seed of the random fold assignment",
        (long) CrossValidator.class.getName().hashCode(), ParamValidators.any());
    /** Settings fitted at once. */
    public static final Param<Integer> PARALLELISM = Param.ofInt("parallelism",
        "number of (setting group, fold) fits run concurrently (>= 1)", 1, ParamValidators.gtEq(1));
    /** Keep every fold's models. */
    public static final Param<Boolean> COLLECT_SUB_MODELS = Param.ofBoolean("collectSubModels",
        "keep the model of every setting on every fold (memory: numFolds x settings models)", false);
    /** User-given folds. */
    public static final Param<String> FOLD_COL = Param.ofString("foldCol",
        "int column of fold ids 0..numFolds-1 (empty: random folds from seed)", "", ParamValidators.any());

    static final List<Param<?>> PARAMS = List.of(NUM_FOLDS, SEED, PARALLELISM, COLLECT_SUB_MODELS, FOLD_COL);

    private final Estimator<?> estimator;
    private final List<ParamMap> estimatorParamMaps;
    private final Evaluator evaluator;

    /** A cross-validator with default params and no estimator, grid or evaluator yet. */
    public CrossValidator() {
        this(Uids.random("CrossValidator"), ParamMap.empty(), null, List.of(), null);
    }

    private CrossValidator(String uid, ParamMap params, Estimator<?> estimator, List<ParamMap> maps,
                           Evaluator evaluator) {
        super(uid, params);
        this.estimator = estimator;
        this.estimatorParamMaps = List.copyOf(maps);
        this.evaluator = evaluator;
    }

    /** @param e the estimator to tune @return a copy with it set */
    public CrossValidator estimator(Estimator<?> e) {
        return new CrossValidator(uid(), paramMap(), e, estimatorParamMaps, evaluator);
    }

    /** @param maps the settings to try (see {@link ParamGridBuilder}) @return a copy with them set */
    public CrossValidator estimatorParamMaps(List<ParamMap> maps) {
        return new CrossValidator(uid(), paramMap(), estimator, maps, evaluator);
    }

    /** @param e the evaluator that scores each fold @return a copy with it set */
    public CrossValidator evaluator(Evaluator e) {
        return new CrossValidator(uid(), paramMap(), estimator, estimatorParamMaps, e);
    }

    /** @param k numFolds @return a copy with it set */
    public CrossValidator numFolds(int k) {
        return with(NUM_FOLDS, k);
    }

    /** @param s seed @return a copy with it set */
    public CrossValidator seed(long s) {
        return with(SEED, s);
    }

    /** @param n parallelism @return a copy with it set */
    public CrossValidator parallelism(int n) {
        return with(PARALLELISM, n);
    }

    /** @param on collectSubModels @return a copy with it set */
    public CrossValidator collectSubModels(boolean on) {
        return with(COLLECT_SUB_MODELS, on);
    }

    /** @param column foldCol @return a copy with it set */
    public CrossValidator foldCol(String column) {
        return with(FOLD_COL, column);
    }

    /** @return the estimator, or null if not set */
    public Estimator<?> estimator() {
        return estimator;
    }

    /** @return the settings */
    public List<ParamMap> estimatorParamMaps() {
        return estimatorParamMaps;
    }

    /** @return the evaluator, or null if not set */
    public Evaluator evaluator() {
        return evaluator;
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected CrossValidator withParams(ParamMap params) {
        return new CrossValidator(uid(), params, estimator, estimatorParamMaps, evaluator);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        TuningChecks.check("CrossValidator " + uid(), estimator, estimatorParamMaps, evaluator);
        return estimator.transformSchema(schema);
    }

    @Override
    public CrossValidatorModel fit(Frame frame) {
        transformSchema(frame.schema());
        int k = get(NUM_FOLDS);
        Provenance.Recorder rec = Provenance.begin(this, frame, get(SEED));
        Optional<Run> active = Tracking.activeRun();
        Run own = active.isEmpty() && Tracking.isAutologEnabled()
            ? Tracking.newRun().name("CrossValidator").start() : null;
        FitScope scope = Tracking.enterFit(this);
        try (Folds folds = get(FOLD_COL).isEmpty() ? Folds.kFold(frame, k, get(SEED))
            : Folds.fromColumn(frame, get(FOLD_COL), k)) {
            int[] splits = new int[k];
            for (int f = 0; f < k; f++) {
                splits[f] = f;
            }
            SettingsSearch.Result r = SettingsSearch.run(this, estimator, estimatorParamMaps, evaluator, folds,
                splits, get(PARALLELISM), get(COLLECT_SUB_MODELS));
            double[] avg = new double[estimatorParamMaps.size()];
            double[] std = new double[avg.length];
            for (int i = 0; i < avg.length; i++) {
                avg[i] = Stats.mean(r.metrics()[i]);
                std[i] = Stats.std(r.metrics()[i]);
            }
            int best = TuningChecks.best(avg, evaluator.isLargerBetter());
            Model bestModel = estimator.fit(folds.whole(), estimatorParamMaps.get(best));
            Provenance p = rec.metric("best." + evaluator.metricName(), avg[best]).metric("bestIndex", best)
                .finish();
            CrossValidatorModel model = new CrossValidatorModel(uid(), bestModel, new TuningResult(
                evaluator.metricName(), evaluator.isLargerBetter(), estimatorParamMaps.stream()
                .map(m -> GridMaps.describe(m, estimator).toString()).toList(), avg, std, best), r.models(), p);
            Optional<Run> run = active.isPresent() ? active : Optional.ofNullable(own);
            run.ifPresent(parent -> TuningTracking.logSettings(parent, estimator, estimatorParamMaps,
                evaluator.metricName(), r.metrics(), best));
            return Tracking.onFit(this, model, frame);
        } finally {
            scope.close();
            if (own != null) {
                own.close();
            }
        }
    }
}
