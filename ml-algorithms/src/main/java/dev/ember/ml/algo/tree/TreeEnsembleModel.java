package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.ModelBase;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;
import java.util.Map;

/**
 * What every fitted tree model does: predicts a block of rows at a time over its trees
 * ({@link TreeKernels.Predict}), reports feature importances, prints its trees, and saves them as a node matrix
 * ({@link Forest}). Classifiers add {@code rawPrediction} and {@code probability} vectors to the prediction.
 *
 * @param <M> the concrete model
 */
@CheckReturnValue
public abstract class TreeEnsembleModel<M extends TreeEnsembleModel<M>> extends ModelBase<M> {
    /**
     * The saved format's version (see the golden files in the tests): 2 added categorical splits
     * ({@link Forest}); version 1 models load as before.
     */
    public static final int FORMAT_VERSION = 2;

    final Forest forest;

    TreeEnsembleModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, provenance);
        this.forest = forest;
    }

    /** @return the trees */
    public List<DecisionTree> trees() {
        return forest.trees();
    }

    /** @return the trees' weights (a copy) */
    public double[] treeWeights() {
        return forest.treeWeights().clone();
    }

    /** @return the number of trees */
    public int getNumTrees() {
        return forest.trees().size();
    }

    /** @return the feature width the model was fitted on */
    public int numFeatures() {
        return forest.numFeatures();
    }

    /** @return the number of nodes over all trees */
    public int totalNumNodes() {
        return forest.trees().stream().mapToInt(DecisionTree::numNodes).sum();
    }

    /**
     * Spark's feature importances: each tree's split gains per feature normalized to sum 1, averaged over the
     * trees, normalized again.
     *
     * @return one importance per feature, summing to 1 (all 0 if no tree splits)
     */
    public double[] featureImportances() {
        return forest.importances();
    }

    /**
     * @return the name of each feature: the slot names of the features column the model was fitted on, or
     *     {@code features_0, ...} when it had none
     */
    public List<String> featureNames() {
        return FeatureNames.orIndexed(forest.featureNames(), get(TreeParams.FEATURES_COL), forest.numFeatures());
    }

    /** @return {@link #featureImportances()} by feature name, in feature order */
    public Map<String, Double> featureImportancesByName() {
        return FeatureNames.byName(featureNames(), featureImportances());
    }

    /**
     * @param type {@code gain} or {@code split} ({@link #featureImportances(String)})
     * @return those importances by feature name, in feature order
     */
    public Map<String, Double> featureImportancesByName(String type) {
        return FeatureNames.byName(featureNames(), featureImportances(type));
    }

    /**
     * @param type {@code gain} (the summed split gain per feature, LightGBM's importance_type="gain") or
     *     {@code split} (the number of splits per feature)
     * @return one value per feature
     */
    public double[] featureImportances(String type) {
        return switch (type) {
            case "gain" -> forest.gains();
            case "split" -> forest.splitCounts();
            default -> throw new InvalidArgumentException("importance type: found '" + type
                + "', expected gain or split");
        };
    }

    /** @return every tree as text, Spark's {@code toDebugString} format */
    public String toDebugString() {
        return forest.toDebugString(getClass().getSimpleName() + ": uid=" + uid());
    }

    /**
     * @param tree a tree's index
     * @return that tree as text, as in {@link #toDebugString()}, indented by two
     */
    public String toDebugString(int tree) {
        return forest.trees().get(tree).toDebugString(2, forest.categoryNames());
    }

    /** @return whether the model predicts classes */
    boolean isClassifier() {
        return forest.numClasses() > 0;
    }

    @Override
    public Schema transformSchema(Schema schema) {
        Field in = schema.require(get(TreeParams.FEATURES_COL), DataType.VECTOR);
        if (in.vectorSize() != forest.numFeatures()) {
            throw new InvalidArgumentException("column '" + get(TreeParams.FEATURES_COL) + "': found width "
                + in.vectorSize() + ", expected " + forest.numFeatures() + " (the width the model was fitted on)");
        }
        Schema out = schema;
        if (isClassifier()) {
            int width = forest.numClasses();
            out = out.add(Field.vector(get(TreeParams.RAW_PREDICTION_COL), width, DataType.DOUBLE))
                .add(Field.vector(get(TreeParams.PROBABILITY_COL), width, DataType.DOUBLE));
        }
        return out.add(Field.of(get(TreeParams.PREDICTION_COL), DataType.DOUBLE, false));
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        KernelParams.Builder p = KernelParams.builder()
            .put("featuresCol", get(TreeParams.FEATURES_COL))
            .put("predictionCol", get(TreeParams.PREDICTION_COL))
            .put("forest", forest.flat())
            .put("treeWeights", forest.treeWeights())
            .put("kind", forest.kind())
            .put("initScore", forest.initScore());
        if (isClassifier()) {
            p.put("rawPredictionCol", get(TreeParams.RAW_PREDICTION_COL))
                .put("probabilityCol", get(TreeParams.PROBABILITY_COL));
        }
        return frame.mapPartitions(MapCall.of(TreeKernels.Predict.class, p.build()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        forest.write(writer);
    }
}
