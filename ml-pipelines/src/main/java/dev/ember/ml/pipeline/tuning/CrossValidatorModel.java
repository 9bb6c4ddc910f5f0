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

import java.util.ArrayList;
import java.util.List;

/**
 * The result of a {@link CrossValidator}: the best setting's model refitted on the whole input (which
 * {@link #transform} applies), the mean and standard deviation of every setting's fold metrics and, if asked for,
 * every setting's model on every fold. Saved as a directory holding the best model (and the sub-models) as child
 * stages and the metrics as {@code .npy} arrays.
 */
@CheckReturnValue
public final class CrossValidatorModel extends StageBase<CrossValidatorModel> implements Model {
    private final Model bestModel;
    private final TuningResult result;
    private final Model[][] subModels;
    private final Provenance provenance;

    CrossValidatorModel(String uid, Model bestModel, TuningResult result, Model[][] subModels,
                        Provenance provenance) {
        super(uid, ParamMap.empty());
        this.bestModel = bestModel;
        this.result = result;
        this.subModels = subModels == null ? null : deepCopy(subModels);
        this.provenance = provenance;
    }

    private static Model[][] deepCopy(Model[][] m) {
        Model[][] out = new Model[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }

    /** @return the best setting's model, fitted on the whole input */
    public Model bestModel() {
        return bestModel;
    }

    /** @return the index of the best setting in the param maps */
    public int bestIndex() {
        return result.bestIndex();
    }

    /** @return the mean metric of each setting over the folds, in the order of the param maps */
    public double[] avgMetrics() {
        return result.avgMetrics().clone();
    }

    /** @return the (population) standard deviation of each setting's fold metrics */
    public double[] stdMetrics() {
        return result.stdMetrics().clone();
    }

    /** @return the evaluator's metric name */
    public String metricName() {
        return result.metricName();
    }

    /** @return whether a larger metric was better */
    public boolean isLargerBetter() {
        return result.largerBetter();
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
     * @return {@code subModels().get(fold).get(setting)}: each setting's model fitted without the fold
     * @throws InvalidStateException if the cross-validator did not collect them
     */
    public List<List<Model>> subModels() {
        if (subModels == null) {
            throw new InvalidStateException("CrossValidatorModel " + uid() + " has no sub-models; fit with"
                + " collectSubModels(true)");
        }
        List<List<Model>> out = new ArrayList<>();
        for (Model[] fold : subModels) {
            out.add(List.of(fold));
        }
        return out;
    }

    @Override
    public List<Param<?>> params() {
        return List.of();
    }

    @Override
    protected CrossValidatorModel withParams(ParamMap params) {
        return new CrossValidatorModel(uid(), bestModel, result, subModels, provenance);
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
        var shape = JsonNodeFactory.instance.arrayNode();
        if (subModels != null) {
            shape.add(subModels.length).add(subModels.length == 0 ? 0 : subModels[0].length);
            for (Model[] fold : subModels) {
                for (Model m : fold) {
                    writer.child(m);
                }
            }
        }
        writer.json("subModels", shape);
    }

    static CrossValidatorModel load(StageReader reader) {
        TuningResult result = TuningResult.read(reader);
        List<PipelineStage> children = reader.children();
        var shape = reader.json("subModels");
        Model[][] sub = null;
        int expected = 1;
        if (shape.size() == 2) {
            sub = new Model[shape.get(0).asInt()][shape.get(1).asInt()];
            expected += sub.length * (sub.length == 0 ? 0 : sub[0].length);
        }
        if (children.size() != expected) {
            throw new PersistenceException(reader.dir() + ": found " + children.size() + " child stages, expected "
                + expected + " (the best model and " + (expected - 1) + " sub-models)");
        }
        int at = 1;
        if (sub != null) {
            for (Model[] fold : sub) {
                for (int s = 0; s < fold.length; s++) {
                    fold[s] = asModel(reader, children.get(at++));
                }
            }
        }
        return new CrossValidatorModel(reader.uid(), asModel(reader, children.get(0)), result, sub,
            reader.provenance());
    }

    static Model asModel(StageReader reader, PipelineStage s) {
        if (!(s instanceof Model m)) {
            throw new PersistenceException(reader.dir() + ": child stage " + s.uid() + " is a "
                + s.getClass().getSimpleName() + ", expected a Model");
        }
        return m;
    }
}
