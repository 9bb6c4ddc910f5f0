package dev.ember.ml.pipeline.tuning;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.InvalidArgumentException;
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
 * Model selection on one random split (Spark's {@code TrainValidationSplit}): each setting is fitted on a
 * {@code trainRatio} share of the rows and scored on the rest; the best is refitted on the whole input. Cheaper
 * than {@link CrossValidator} by a factor of the fold count, noisier for small data. The split is a row mask over
 * the input cached once, as for cross-validation.
 */
@CheckReturnValue
public final class TrainValidationSplit extends StageBase<TrainValidationSplit>
    implements Estimator<TrainValidationSplitModel> {
    /** Training share. */
    public static final Param<Double> TRAIN_RATIO = Param.ofDouble("trainRatio",
        "share of the rows to train on, the rest validates (0 < r < 1)", 0.75, ParamValidators.inRange(0, 1));
    /** Seed of the split. */
    public static final Param<Long> SEED = Param.ofLong("seed", "seed of the random split",
        (long) TrainValidationSplit.class.getName().hashCode(), ParamValidators.any());
    /** Settings fitted at once. */
    public static final Param<Integer> PARALLELISM = Param.ofInt("parallelism",
        "number of setting groups fitted concurrently (>= 1)", 1, ParamValidators.gtEq(1));
    /** Keep every setting's model. */
    public static final Param<Boolean> COLLECT_SUB_MODELS = Param.ofBoolean("collectSubModels",
        "keep the model of every setting", false);

    static final List<Param<?>> PARAMS = List.of(TRAIN_RATIO, SEED, PARALLELISM, COLLECT_SUB_MODELS);

    private final Estimator<?> estimator;
    private final List<ParamMap> estimatorParamMaps;
    private final Evaluator evaluator;

    /** A train-validation split with default params and no estimator, grid or evaluator yet. */
    public TrainValidationSplit() {
        this(Uids.random("TrainValidationSplit"), ParamMap.empty(), null, List.of(), null);
    }

    private TrainValidationSplit(String uid, ParamMap params, Estimator<?> estimator, List<ParamMap> maps,
                                 Evaluator evaluator) {
        super(uid, params);
        this.estimator = estimator;
        this.estimatorParamMaps = List.copyOf(maps);
        this.evaluator = evaluator;
    }

    /** @param e the estimator to tune @return a copy with it set */
    public TrainValidationSplit estimator(Estimator<?> e) {
        return new TrainValidationSplit(uid(), paramMap(), e, estimatorParamMaps, evaluator);
    }

    /** @param maps the settings to try @return a copy with them set */
    public TrainValidationSplit estimatorParamMaps(List<ParamMap> maps) {
        return new TrainValidationSplit(uid(), paramMap(), estimator, maps, evaluator);
    }

    /** @param e the evaluator @return a copy with it set */
    public TrainValidationSplit evaluator(Evaluator e) {
        return new TrainValidationSplit(uid(), paramMap(), estimator, estimatorParamMaps, e);
    }

    /** @param r trainRatio @return a copy with it set */
    public TrainValidationSplit trainRatio(double r) {
        return with(TRAIN_RATIO, r);
    }

    /** @param s seed @return a copy with it set */
    public TrainValidationSplit seed(long s) {
        return with(SEED, s);
    }

    /** @param n parallelism @return a copy with it set */
    public TrainValidationSplit parallelism(int n) {
        return with(PARALLELISM, n);
    }

    /** @param on collectSubModels @return a copy with it set */
    public TrainValidationSplit collectSubModels(boolean on) {
        return with(COLLECT_SUB_MODELS, on);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected TrainValidationSplit withParams(ParamMap params) {
        return new TrainValidationSplit(uid(), params, estimator, estimatorParamMaps, evaluator);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        TuningChecks.check("TrainValidationSplit " + uid(), estimator, estimatorParamMaps, evaluator);
        return estimator.transformSchema(schema);
    }

    @Override
    public TrainValidationSplitModel fit(Frame frame) {
        transformSchema(frame.schema());
        double ratio = get(TRAIN_RATIO);
        if (ratio <= 0 || ratio >= 1) {
            throw new InvalidArgumentException("trainRatio: found " + ratio + ", expected 0 < trainRatio < 1");
        }
        Provenance.Recorder rec = Provenance.begin(this, frame, get(SEED));
        Optional<Run> active = Tracking.activeRun();
        Run own = active.isEmpty() && Tracking.isAutologEnabled()
            ? Tracking.newRun().name("TrainValidationSplit").start() : null;
        FitScope scope = Tracking.enterFit(this);
        try (Folds folds = Folds.assign(frame, new double[] {ratio, 1.0}, get(SEED))) {
            SettingsSearch.Result r = SettingsSearch.run(this, estimator, estimatorParamMaps, evaluator, folds,
                new int[] {1}, get(PARALLELISM), get(COLLECT_SUB_MODELS));
            double[] metrics = new double[estimatorParamMaps.size()];
            for (int i = 0; i < metrics.length; i++) {
                metrics[i] = r.metrics()[i][0];
            }
            int best = TuningChecks.best(metrics, evaluator.isLargerBetter());
            Model bestModel = estimator.fit(folds.whole(), estimatorParamMaps.get(best));
            Provenance p = rec.metric("best." + evaluator.metricName(), metrics[best]).metric("bestIndex", best)
                .finish();
            List<String> settings = estimatorParamMaps.stream()
                .map(m -> GridMaps.describe(m, estimator).toString()).toList();
            TrainValidationSplitModel model = new TrainValidationSplitModel(uid(), bestModel, new TuningResult(
                evaluator.metricName(), evaluator.isLargerBetter(), settings, metrics, new double[metrics.length],
                best), r.models() == null ? null : r.models()[0], p);
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
