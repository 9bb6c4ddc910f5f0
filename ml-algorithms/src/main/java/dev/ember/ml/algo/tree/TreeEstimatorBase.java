package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.stat.LabelClasses;
import dev.ember.ml.algo.tree.hist.FeatureBins;
import dev.ember.ml.algo.tree.hist.HistogramTrainer;
import dev.ember.ml.algo.tree.hist.QuantileSketch;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.TwoPhaseEstimatorBase;

import java.util.List;

/**
 * The two-phase contract of every tree estimator: from the input schema it declares a quantile sketch of the
 * features (the bins of {@code maxBins}), the label statistics and the fingerprint, which a plan gathers in its
 * shared statistics pass; the fit then bins the features once ({@link HistogramTrainer}) and grows its trees.
 *
 * @param <E> the concrete estimator
 * @param <M> its model
 */
public abstract class TreeEstimatorBase<E extends TreeEstimatorBase<E, M>, M extends TreeEnsembleModel<M>>
    extends TwoPhaseEstimatorBase<E, M> {

    TreeEstimatorBase(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @return whether the estimator predicts classes */
    abstract boolean classifier();

    /** Fits from the bins and label statistics; the schema is checked. */
    abstract M fitBinned(Frame frame, FeatureBins bins, LabelInfo labels, Provenance.Recorder provenance);

    /**
     * What the statistics pass found of the labels.
     *
     * @param rows the number of rows
     * @param weightSum the weight sum
     * @param min the smallest label
     * @param max the largest label
     * @param nonIntegers how many labels are not integers
     * @param mean the weighted mean label
     */
    record LabelInfo(long rows, double weightSum, double min, double max, long nonIntegers, double mean) {
    }

    @Override
    public Schema transformSchema(Schema schema) {
        schema.require(get(TreeParams.FEATURES_COL), DataType.VECTOR);
        schema.require(get(TreeParams.LABEL_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        if (!get(TreeParams.WEIGHT_COL).isEmpty()) {
            schema.require(get(TreeParams.WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        }
        Schema out = schema;
        if (classifier()) {
            out = out.add(Field.vectorOfUnknownWidth(get(TreeParams.RAW_PREDICTION_COL), DataType.DOUBLE))
                .add(Field.vectorOfUnknownWidth(get(TreeParams.PROBABILITY_COL), DataType.DOUBLE));
        }
        return out.add(Field.of(get(TreeParams.PREDICTION_COL), DataType.DOUBLE, false));
    }

    /** Declares the features' quantile sketch, the label statistics and the fingerprint. */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        return List.of(HistogramTrainer.sketchStatistic(get(TreeParams.FEATURES_COL)),
            HistogramTrainer.labelStatistic(get(TreeParams.LABEL_COL), get(TreeParams.WEIGHT_COL)),
            Statistic.fingerprint());
    }

    /** Every tree level is a pass over the binned input: a planner caches the input. */
    @Override
    public boolean iterative() {
        return true;
    }

    @Override
    protected Long seed() {
        return get(TreeParams.SEED);
    }

    @Override
    protected final M fitModel(Frame frame, FitContext context, Provenance.Recorder provenance) {
        QuantileSketch[] sketches = context.get(HistogramTrainer.sketchStatistic(get(TreeParams.FEATURES_COL)));
        double[] l = context.get(HistogramTrainer.labelStatistic(get(TreeParams.LABEL_COL),
            get(TreeParams.WEIGHT_COL)));
        if (l[0] == 0) {
            throw new InvalidArgumentException(getClass().getSimpleName() + " " + uid() + ": found no rows, expected"
                + " at least one to fit on");
        }
        if (l[1] <= 0) {
            throw new InvalidArgumentException("column '" + get(TreeParams.WEIGHT_COL) + "': found weights summing"
                + " to " + l[1] + ", expected a positive sum");
        }
        LabelInfo labels = new LabelInfo((long) l[0], l[1], l[2], l[3], (long) l[4], l[5] / l[1]);
        FeatureBins bins = FeatureBins.fromSketches(sketches, get(TreeParams.MAX_BINS),
            CategoricalFeatures.counts(frame.schema(), get(TreeParams.FEATURES_COL), sketches.length));
        provenance.metric("rowCount", labels.rows());
        return fitBinned(frame, bins, labels, provenance);
    }

    /**
     * @param schema the training frame's schema
     * @param labels the label statistics
     * @return the number of classes: the labels StringIndexer recorded on the label column, else the largest label
     *     plus one ({@link LabelClasses})
     * @throws InvalidArgumentException for labels that are not class indices
     */
    int numClasses(Schema schema, LabelInfo labels) {
        int fromData = numClasses(labels);
        return Math.max(fromData, LabelClasses.numClasses(getClass().getSimpleName(), schema,
            get(TreeParams.LABEL_COL), (int) labels.max() + 1));
    }

    /**
     * @param labels the label statistics
     * @return the number of classes: the largest label plus one
     * @throws InvalidArgumentException for labels that are not class indices
     */
    int numClasses(LabelInfo labels) {
        if (labels.nonIntegers() > 0 || labels.min() < 0) {
            throw new InvalidArgumentException("column '" + get(TreeParams.LABEL_COL) + "': found "
                + (labels.nonIntegers() > 0 ? labels.nonIntegers() + " labels that are not integers"
                : "label " + labels.min()) + ", expected class indices 0, 1, ... (use StringIndexer)");
        }
        if (labels.max() >= 10_000) {
            throw new InvalidArgumentException("column '" + get(TreeParams.LABEL_COL) + "': found label "
                + labels.max() + ", expected at most 10000 classes");
        }
        return Math.max(2, (int) labels.max() + 1);
    }
}
