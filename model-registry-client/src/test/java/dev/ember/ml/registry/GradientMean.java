package dev.ember.ml.registry;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.tracking.HasObjectiveHistory;
import dev.ember.ml.core.tracking.Tracking;

import java.util.List;

/**
 * A test estimator with an iterative fit: the mean of a column found by gradient descent on the mean squared
 * error, keeping the loss of every iteration ({@link HasObjectiveHistory}); calls the tracking hook as every
 * estimator does.
 */
public final class GradientMean extends StageBase<GradientMean> implements Estimator<GradientMean.Fitted> {
    /** The column to average. */
    public static final Param<String> COL = Param.ofString("col", "column to average", "x", ParamValidators.nonEmpty());
    /** Gradient-descent iterations. */
    public static final Param<Integer> MAX_ITER = Param.ofInt("maxIter", "iterations (>= 1)", 10,
        ParamValidators.gtEq(1));
    /** The step size. */
    public static final Param<Double> STEP = Param.ofDouble("stepSize", "step size (> 0)", 0.5, ParamValidators.gt(0));

    /** A new estimator with default params. */
    public GradientMean() {
        this(Uids.random("GradientMean"), ParamMap.empty());
    }

    private GradientMean(String uid, ParamMap params) {
        super(uid, params);
    }

    @Override
    public List<Param<?>> params() {
        return List.of(COL, MAX_ITER, STEP);
    }

    @Override
    protected GradientMean withParams(ParamMap params) {
        return new GradientMean(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        schema.require(get(COL), DataType.DOUBLE, DataType.FLOAT);
        return schema;
    }

    @Override
    public Fitted fit(Frame frame) {
        transformSchema(frame.schema());
        Provenance.Recorder rec = Provenance.begin(this, frame, 11L);
        double[] x = frame.collectDoubles(get(COL));
        double mu = 0;
        int iters = get(MAX_ITER);
        double[] history = new double[iters + 1];
        for (int it = 0; it <= iters; it++) {
            double grad = 0;
            double loss = 0;
            for (double v : x) {
                grad += (mu - v);
                loss += (mu - v) * (mu - v);
            }
            history[it] = loss / x.length / 2;
            if (it < iters) {
                mu -= get(STEP) * grad / x.length;
            }
        }
        Fitted model = new Fitted(uid(), paramMap(), mu, history,
            rec.metric("objective", history[iters]).metric("iterations", iters).finish());
        return Tracking.onFit(this, model, frame);
    }

    /** The fitted mean and its loss history. */
    public static final class Fitted extends StageBase<Fitted> implements Model, HasObjectiveHistory {
        private final double mean;
        private final double[] history;
        private final Provenance provenance;

        Fitted(String uid, ParamMap params, double mean, double[] history, Provenance provenance) {
            super(uid, params);
            this.mean = mean;
            this.history = history.clone();
            this.provenance = provenance;
        }

        /** @return the fitted mean */
        public double mean() {
            return mean;
        }

        @Override
        public List<Param<?>> params() {
            return List.of(COL, MAX_ITER, STEP);
        }

        @Override
        protected Fitted withParams(ParamMap params) {
            return new Fitted(uid(), params, mean, history, provenance);
        }

        @Override
        public Schema transformSchema(Schema schema) {
            return schema;
        }

        @Override
        public Frame transform(Frame frame) {
            return frame;
        }

        @Override
        public Provenance provenance() {
            return provenance;
        }

        @Override
        public double[] objectiveHistory() {
            return history.clone();
        }

        @Override
        public void writeData(StageWriter writer) {
            writer.array("mean", new double[] {mean});
            writer.array("history", history);
        }

        static Fitted load(StageReader r) {
            return new Fitted(r.uid(), r.params(List.of(COL, MAX_ITER, STEP)), r.array("mean")[0], r.array("history"),
                r.provenance());
        }
    }

    /** Registers the fitted model for loading. */
    public static final class Provider implements StageProvider {
        @Override
        public void registerStages(StageRegistry registry) {
            registry.register(Fitted.class, Fitted::load);
        }
    }
}
