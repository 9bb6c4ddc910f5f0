package dev.ember.ml.pipeline;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.tracking.FitScope;
import dev.ember.ml.core.status.StatusRegistry;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.pipeline.plan.CompiledPlan;
import dev.ember.ml.pipeline.plan.PlanExecutor;
import dev.ember.ml.pipeline.plan.PlanCompiler;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of stages fitted in order: each estimator is fitted on the output of the stages before it, and
 * every stage but the last transforms the data for the next. {@link #fit} compiles the stages into a plan
 * ({@link #explain(Frame)}), folding {@link PipelineStage#transformSchema} over them, so a missing or mistyped
 * column fails before any computation.
 */
@CheckReturnValue
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
                throw new InvalidArgumentException("pipeline stage " + s.uid() + " is neither a Transformer nor an"
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
            } catch (IllegalArgumentException | InvalidArgumentException e) {
                throw new InvalidArgumentException("pipeline stage " + stage.uid() + ": " + e.getMessage(), e);
            }
        }
        return s;
    }

    /**
     * Compiles the fit into a plan (nothing computed) and runs it: row maps fused into one pass per partition,
     * each estimator's declared statistics gathered in one shared pass (the pipeline input's fingerprint in the
     * first), an iterative estimator's input cached automatically. {@link PipelineModel#executedPlan()} holds the
     * plan with its figures; with tracking on, it is logged to the run as the artifact {@code plan/explain.txt}.
     * The schema is checked first, and the stages' fits run inside the pipeline's tracking context
     * ({@link Tracking#enterFit}), so they are logged with the pipeline's.
     */
    @Override
    public PipelineModel fit(Frame frame) {
        transformSchema(frame.schema());
        try (FitScope scope = Tracking.enterFit(this)) {
            return fitPlanned(frame);
        }
    }

    private PipelineModel fitPlanned(Frame frame) {
        CompiledPlan plan = compile(frame);
        if (StatusRegistry.enabled()) {
            StatusRegistry.fitPlan(uid(), plan.explain(), false);
        }
        long startNanos = System.nanoTime();
        PlanExecutor.Result result = PlanExecutor.execute(plan, frame);
        if (StatusRegistry.enabled()) {
            StatusRegistry.fitPlan(uid(), result.executed().explain(true), true);
        }
        Provenance.Recorder rec = result.sourceFingerprint() == null ? Provenance.begin(this, frame, null)
            : Provenance.begin(this, result.sourceFingerprint(), null);
        rec.metric("planSourcePasses", result.executed().sourcePasses())
            .metric("planMillis", (System.nanoTime() - startNanos) / 1e6);
        PipelineModel model = new PipelineModel(uid(), result.stages(), rec.finish(), result.executed());
        PlanArtifacts.log(result.executed());
        return Tracking.onFit(this, model, frame);
    }

    /**
     * @param frame the data a fit would read
     * @return the logical and physical plan of {@code fit(frame)}; nothing is computed
     */
    public String explain(Frame frame) {
        return compile(frame).explain();
    }

    /**
     * @param frame the data a fit would read
     * @return the compiled plan of {@code fit(frame)}; nothing is computed
     */
    public CompiledPlan compile(Frame frame) {
        boolean sourceCached = frame.runtime().isPersisted(frame.source());
        return PlanCompiler.compile(stages, frame.schema(), "[" + frame.numPartitions() + " partitions, "
            + frame.schema().size() + " columns" + (sourceCached ? ", cached" : "") + "]", !sourceCached);
    }

    @Override
    public void writeData(StageWriter writer) {
        stages.forEach(writer::child);
    }

    static Pipeline load(StageReader reader) {
        return new Pipeline(reader.uid(), reader.children());
    }
}
