package dev.ember.ml.pipeline.tuning;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.PersistenceException;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;

import java.util.List;

/**
 * The result of a {@link TrainValidationSplit}: the best setting's model refitted on the whole input (which
 * {@link #transform} applies), every setting's validation metric and, if asked for, every setting's model.
 */
@CheckReturnValue
public final class TrainValidationSplitModel extends StageBase<TrainValidationSplitModel> implements Model {
    private final Model bestModel;
    private final TuningResult result;
    private final Model[] subModels;
    private final Provenance provenance;

    TrainValidationSplitModel(String uid, Model bestModel, TuningResult result, Model[] subModels,
                              Provenance provenance) {
        super(uid, ParamMap.empty());
        this.bestModel = bestModel;
        this.result = result;
        this.subModels = subModels == null ? null : subModels.clone();
        this.provenance = provenance;
    }

    /** @return the best setting's model, fitted on the whole input */
    public Model bestModel() {
        return bestModel;
    }

    /** @return the index of the best setting */
    public int bestIndex() {
        return result.bestIndex();
    }

    /** @return each setting's metric on the validation rows, in the order of the param maps */
    public double[] validationMetrics() {
        return result.avgMetrics().clone();
    }

    /** @return the evaluator's metric name */
    public String metricName() {
        return result.metricName();
    }

    /** @return each setting's param map, as text */
    public List<String> settings() {
        return result.settings();
    }

    /** @return whether the sub-models were collected */
    public boolean hasSubModels() {
        return subModels != null;
    }

    /**
     * @return each setting's model fitted on the training rows
     * @throws InvalidStateException if they were not collected
     */
    public List<Model> subModels() {
        if (subModels == null) {
            throw new InvalidStateException("TrainValidationSplitModel " + uid() + " has no sub-models; fit with"
                + " collectSubModels(true)");
        }
        return List.of(subModels);
    }

    @Override
    public List<Param<?>> params() {
        return List.of();
    }

    @Override
    protected TrainValidationSplitModel withParams(ParamMap params) {
        return new TrainValidationSplitModel(uid(), bestModel, result, subModels, provenance);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return bestModel.transformSchema(schema);
    }

    @Override
    public Frame transform(Frame frame) {
        return bestModel.transform(frame);
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void writeData(StageWriter writer) {
        result.write(writer);
        writer.child(bestModel);
        if (subModels != null) {
            for (Model m : subModels) {
                writer.child(m);
            }
        }
        writer.json("subModelCount", JsonNodeFactory.instance.numberNode(subModels == null ? -1 : subModels.length));
    }

    static TrainValidationSplitModel load(StageReader reader) {
        TuningResult result = TuningResult.read(reader);
        List<PipelineStage> children = reader.children();
        int n = reader.json("subModelCount").asInt(-1);
        if (children.size() != 1 + Math.max(n, 0)) {
            throw new PersistenceException(reader.dir() + ": found " + children.size() + " child stages, expected "
                + (1 + Math.max(n, 0)));
        }
        Model[] sub = null;
        if (n >= 0) {
            sub = new Model[n];
            for (int i = 0; i < n; i++) {
                sub[i] = CrossValidatorModel.asModel(reader, children.get(1 + i));
            }
        }
        return new TrainValidationSplitModel(reader.uid(), CrossValidatorModel.asModel(reader, children.get(0)),
            result, sub, reader.provenance());
    }
}
