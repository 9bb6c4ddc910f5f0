package dev.ember.ml.pipeline;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;

import dev.ember.ml.pipeline.plan.ExecutedPlan;
import dev.ember.ml.pipeline.plan.PlanExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A fitted {@link Pipeline}: its transformers and fitted models, applied in order. */
@CheckReturnValue
public final class PipelineModel extends StageBase<PipelineModel> implements Model {
    private final List<Transformer> stages;
    private final Provenance provenance;
    private final ExecutedPlan executedPlan;

    PipelineModel(String uid, List<Transformer> stages, Provenance provenance) {
        this(uid, stages, provenance, null);
    }

    PipelineModel(String uid, List<Transformer> stages, Provenance provenance, ExecutedPlan executedPlan) {
        super(uid, ParamMap.empty());
        this.stages = List.copyOf(stages);
        this.provenance = provenance;
        this.executedPlan = executedPlan;
        StageUids.requireUnique(this, this.stages);
    }

    /**
     * @return the plan of the fit that made this model, with its figures; empty for a loaded model
     */
    public Optional<ExecutedPlan> executedPlan() {
        return Optional.ofNullable(executedPlan);
    }

    /**
     * @param analyze whether to add the figures the fit measured (passes, rows, bytes, time, cache hits)
     * @return the plan of the fit that made this model
     * @throws InvalidStateException if the model was loaded rather than fitted in this process
     */
    public String explain(boolean analyze) {
        if (executedPlan == null) {
            throw new InvalidStateException("pipeline model " + uid() + " was loaded, not fitted here: it has no plan");
        }
        return executedPlan.explain(analyze);
    }

    /** @return the fitted stages, in order */
    public List<Transformer> stages() {
        return stages;
    }

    /**
     * @param type a stage type
     * @param <T> the type
     * @return the first stage of that type
     * @throws InvalidArgumentException if there is none
     */
    public <T extends Transformer> T stage(Class<T> type) {
        return stages.stream().filter(type::isInstance).map(type::cast).findFirst()
            .orElseThrow(() -> new InvalidArgumentException("pipeline model " + uid() + " has no "
                + type.getSimpleName() + " stage"));
    }

    @Override
    public List<Transformer> childStages() {
        return stages;
    }

    @Override
    public List<Param<?>> params() {
        return List.of();
    }

    @Override
    protected PipelineModel withParams(ParamMap params) {
        return new PipelineModel(uid(), stages, provenance, executedPlan);
    }

    /**
     * Copies the model and, through it, every fitted stage: each takes the entries of {@code extra} for its uid
     * (a fitted model keeps its estimator's uid).
     *
     * @param values the model's own values (it has none)
     * @param extra the per-call map
     * @return the copy
     */
    @Override
    protected PipelineModel copyWith(ParamMap values, ParamMap extra) {
        List<Transformer> copies = new ArrayList<>(stages.size());
        for (Transformer t : stages) {
            copies.add((Transformer) t.copy(extra));
        }
        return new PipelineModel(uid(), copies, provenance, executedPlan);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        Schema s = schema;
        for (Transformer t : stages) {
            s = t.transformSchema(s);
        }
        return s;
    }

    /**
     * Plans the transform as the fit plans its passes: the stages' row maps are fused into one lazy node that runs
     * their kernels in sequence on each partition (a stage that cannot be fused is applied as it is between fused
     * runs). Nothing is computed here.
     */
    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        if (stages.isEmpty()) {
            return frame;
        }
        return new Frame(PlanExecutor.fuse(frame.source(), stages, out.names(), frame.runtime()), frame.runtime());
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void writeData(StageWriter writer) {
        stages.forEach(writer::child);
    }

    static PipelineModel load(StageReader reader) {
        return new PipelineModel(reader.uid(), reader.children().stream().map(s -> {
            if (!(s instanceof Transformer t)) {
                throw new InvalidArgumentException(reader.dir() + ": child stage " + s.uid() + " is not a Transformer");
            }
            return t;
        }).toList(), reader.provenance());
    }
}
