package dev.ember.ml.core.persist;

import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;

import java.util.List;

/** A test model with a param, an array, a string list and provenance, to exercise persistence. */
final class ShiftModel extends StageBase<ShiftModel> implements Model {
    static final Param<String> COL = Param.ofString("col", "column to shift", "x", ParamValidators.nonEmpty());
    static final Param<Integer> TIMES = Param.ofInt("times", "repetitions", 1, ParamValidators.gtEq(1));

    private final double[] shifts;
    private final List<String> labels;
    private final Provenance provenance;

    ShiftModel(String uid, ParamMap params, double[] shifts, List<String> labels, Provenance provenance) {
        super(uid, params);
        this.shifts = shifts.clone();
        this.labels = List.copyOf(labels);
        this.provenance = provenance;
    }

    double[] shifts() {
        return shifts.clone();
    }

    List<String> labels() {
        return labels;
    }

    @Override
    public List<Param<?>> params() {
        return List.of(COL, TIMES);
    }

    @Override
    protected ShiftModel withParams(ParamMap params) {
        return new ShiftModel(uid(), params, shifts, labels, provenance);
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
    public void writeData(StageWriter writer) {
        writer.array("shifts", shifts);
        writer.matrix("grid", new double[][] {{1, 2}, {3, 4}});
        writer.strings("labels", labels);
    }

    static ShiftModel load(StageReader r) {
        return new ShiftModel(r.uid(), r.params(List.of(COL, TIMES)), r.array("shifts"), r.strings("labels"),
            r.provenance());
    }

    /** A stage holding children, to exercise nested directories. */
    static final class Holder extends StageBase<Holder> implements Transformer {
        private final List<ShiftModel> children;

        Holder(String uid, List<ShiftModel> children) {
            super(uid, ParamMap.empty());
            this.children = children;
        }

        List<ShiftModel> children() {
            return children;
        }

        @Override
        public List<Param<?>> params() {
            return List.of();
        }

        @Override
        protected Holder withParams(ParamMap params) {
            return new Holder(uid(), children);
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
        public void writeData(StageWriter writer) {
            children.forEach(writer::child);
        }

        static Holder load(StageReader r) {
            return new Holder(r.uid(), r.children().stream().map(ShiftModel.class::cast).toList());
        }
    }

    /** Registers the test stages. */
    public static final class Provider implements StageProvider {
        @Override
        public void registerStages(StageRegistry registry) {
            registry.register(ShiftModel.class, ShiftModel::load);
            registry.register(Holder.class, 2, Holder::load);
        }
    }
}
