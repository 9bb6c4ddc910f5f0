package dev.ember.ml.core.tracking;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;

import java.util.List;

/** A test estimator that fits two others inside its own fit, as a pipeline does. */
final class PairEstimator extends StageBase<PairEstimator> implements Estimator<PairEstimator.PairModel> {
    private final MeanEstimator first;
    private final MeanEstimator second;

    PairEstimator(MeanEstimator first, MeanEstimator second) {
        super(Uids.random("PairEstimator"), ParamMap.empty());
        this.first = first;
        this.second = second;
    }

    @Override
    public List<Param<?>> params() {
        return List.of();
    }

    @Override
    protected PairEstimator withParams(ParamMap params) {
        return this;
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return second.transformSchema(first.transformSchema(schema));
    }

    @Override
    public PairModel fit(Frame frame) {
        try (FitScope scope = Tracking.enterFit(this)) {
            Provenance.Recorder rec = Provenance.begin(this, frame, null);
            MeanEstimator.MeanModel a = first.fit(frame);
            MeanEstimator.MeanModel b = second.fit(frame);
            return Tracking.onFit(this, new PairModel(uid(), a, b, rec.finish()), frame);
        }
    }

    /** Both fitted means. */
    static final class PairModel extends StageBase<PairModel> implements Model {
        final MeanEstimator.MeanModel a;
        final MeanEstimator.MeanModel b;
        private final Provenance provenance;

        PairModel(String uid, MeanEstimator.MeanModel a, MeanEstimator.MeanModel b, Provenance provenance) {
            super(uid, ParamMap.empty());
            this.a = a;
            this.b = b;
            this.provenance = provenance;
        }

        @Override
        public List<Param<?>> params() {
            return List.of();
        }

        @Override
        protected PairModel withParams(ParamMap params) {
            return this;
        }

        @Override
        public Schema transformSchema(Schema schema) {
            return b.transformSchema(a.transformSchema(schema));
        }

        @Override
        public Frame transform(Frame frame) {
            return frame;
        }

        @Override
        public Provenance provenance() {
            return provenance;
        }
    }
}
