package dev.ember.ml.core.tracking;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;

import java.util.Arrays;
import java.util.List;

/** A test estimator: the mean of a column, with a made-up objective history; calls the tracking hook. */
final class MeanEstimator extends StageBase<MeanEstimator> implements Estimator<MeanEstimator.MeanModel> {
    static final Param<String> COL = Param.ofString("col", "column to average", "x", ParamValidators.nonEmpty());
    static final Param<Double> SHIFT = Param.ofDouble("shift", "added to the mean", 0.0, ParamValidators.any());

    MeanEstimator() {
        this(Uids.random("MeanEstimator"), ParamMap.empty());
    }

    private MeanEstimator(String uid, ParamMap params) {
        super(uid, params);
    }

    @Override
    public List<Param<?>> params() {
        return List.of(COL, SHIFT);
    }

    @Override
    protected MeanEstimator withParams(ParamMap params) {
        return new MeanEstimator(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        schema.require(get(COL), DataType.DOUBLE);
        return schema.add(Field.of("mean_" + get(COL), DataType.DOUBLE, false));
    }

    @Override
    public MeanModel fit(Frame frame) {
        Provenance.Recorder rec = Provenance.begin(this, frame, 7L);
        double mean = Arrays.stream(frame.collectDoubles(get(COL))).average().orElse(Double.NaN) + get(SHIFT);
        MeanModel model = new MeanModel(uid(), paramMap(), mean, rec.metric("mean", mean).finish());
        return Tracking.onFit(this, model, frame);
    }

    /** The fitted mean. */
    static final class MeanModel extends StageBase<MeanModel> implements Model, HasObjectiveHistory {
        final double mean;
        private final Provenance provenance;

        MeanModel(String uid, ParamMap params, double mean, Provenance provenance) {
            super(uid, params);
            this.mean = mean;
            this.provenance = provenance;
        }

        @Override
        public List<Param<?>> params() {
            return List.of(COL, SHIFT);
        }

        @Override
        protected MeanModel withParams(ParamMap params) {
            return new MeanModel(uid(), params, mean, provenance);
        }

        @Override
        public Schema transformSchema(Schema schema) {
            return schema.add(Field.of("mean_" + get(COL), DataType.DOUBLE, false));
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
            return new double[] {3, 2, 1.5};
        }
    }
}
