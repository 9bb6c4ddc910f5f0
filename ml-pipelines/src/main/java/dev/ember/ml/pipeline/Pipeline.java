package dev.ember.ml.pipeline;

import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.tracking.FitScope;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of stages fitted in order: each estimator is fitted on the output of the stages before it, and
 * every stage but the last transforms the data for the next. {@link #fit} first folds
 * {@link PipelineStage#transformSchema} over the stages, so a missing or mistyped column fails before any
 * computation.
 */
public final class Pipeline extends StageBase<Pipeline> implements Estimator<PipelineModel> {
    private final List<PipelineStage> stages;

    /** @param stages the stages, in order (transformers and estimators) */
    public Pipeline(PipelineStage... stages) {
        this(Uids.random("Pipeline"), List.of(stages));
    }

    private Pipeline(String uid, List<PipelineStage> stages) {
        super(uid, ParamMap.empty());
        for (PipelineStage s : stages) {
            if (!(s instanceof Transformer) && !(s instanceof Estimator)) {
                throw new IllegalArgumentException("pipeline stage " + s.uid() + " is neither a Transformer nor an"
                    + " Estimator");
            }
        }
        this.stages = List.copyOf(stages);
        StageUids.requireUnique(this, this.stages);
    }

    /** @return the stages */
    public List<PipelineStage> stages() {
        return stages;
    }

    @Override
    public List<PipelineStage> childStages() {
        return stages;
    }

    @Override
    public List<Param<?>> params() {
        return List.of();
    }

    @Override
    protected Pipeline withParams(ParamMap params) {
        return new Pipeline(uid(), stages);
    }

    /**
     * Copies the pipeline and, through it, every stage (nested pipelines too): each stage takes the entries of
     * {@code extra} for its own uid and the stage-local entries for its own params, so two stages of one class
     * take different values. {@link #fit(Frame, ParamMap)} fits such a copy.
     *
     * @param values the pipeline's own values (it has none)
     * @param extra the per-call map
     * @return the copy
     */
    @Override
    protected Pipeline copyWith(ParamMap values, ParamMap extra) {
        List<PipelineStage> copies = new ArrayList<>(stages.size());
        for (PipelineStage s : stages) {
            copies.add(s.copy(extra));
        }
        return new Pipeline(uid(), copies);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        Schema s = schema;
        for (PipelineStage stage : stages) {
            try {
                s = stage.transformSchema(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pipeline stage " + stage.uid() + ": " + e.getMessage(), e);
            }
        }
        return s;
    }

    @Override
    public PipelineModel fit(Frame frame) {
        transformSchema(frame.schema());
        try (FitScope scope = Tracking.enterFit(this)) {
            return fitStages(frame);
        }
    }

    private PipelineModel fitStages(Frame frame) {
        Provenance.Recorder rec = Provenance.begin(this, frame, null);
        int lastEstimator = -1;
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) instanceof Estimator) {
                lastEstimator = i;
            }
        }
        List<Transformer> fitted = new ArrayList<>(stages.size());
        Frame current = frame;
        for (int i = 0; i < stages.size(); i++) {
            PipelineStage stage = stages.get(i);
            Transformer t = stage instanceof Estimator<?> e ? fitStage(e, current) : (Transformer) stage;
            fitted.add(t);
            if (i < lastEstimator) {
                current = t.transform(current);
            }
        }
        return Tracking.onFit(this, new PipelineModel(uid(), fitted, rec.finish()), frame);
    }

    private static Model fitStage(Estimator<?> e, Frame frame) {
        try {
            return e.fit(frame);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("pipeline stage " + e.uid() + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void writeData(StageWriter writer) {
        stages.forEach(writer::child);
    }

    static Pipeline load(StageReader reader) {
        return new Pipeline(reader.uid(), reader.children());
    }
}
