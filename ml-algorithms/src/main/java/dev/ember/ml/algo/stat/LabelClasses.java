package dev.ember.ml.algo.stat;

import dev.ember.ml.core.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many classes a classifier fits: the number of labels {@code StringIndexer} recorded on the label column
 * (its column metadata) when there are any, as Spark's classifiers read {@code NominalAttribute.numValues}, else
 * the largest label plus one. So a train split or a cross-validation fold that lacks the rarest class still gives
 * a model of every class (its probability vectors as wide as the labels, and predictions that line up with the
 * other folds' models and with {@code IndexToString}). Where the data and the metadata disagree it warns: a class
 * with no rows (named by its label) or a class index past the labels (the data wins: the model gets that many
 * classes).
 */
public final class LabelClasses {
    private static final Logger LOG = LoggerFactory.getLogger(LabelClasses.class);

    private LabelClasses() {
    }

    /**
     * @param schema the training frame's schema
     * @param labelCol the label column
     * @return the labels StringIndexer recorded on it, or null when it carries none
     */
    public static List<String> labels(Schema schema, String labelCol) {
        return schema.contains(labelCol) ? schema.field(labelCol).labels() : null;
    }

    /**
     * @param stage the classifier's name, for the message
     * @param schema the training frame's schema
     * @param labelCol the label column
     * @param fromData the number of classes the data shows: its largest class index plus one
     * @return the number of labels in the column's metadata, or {@code fromData} when it has none or when the
     *     data holds a larger class index (then with a warning)
     */
    public static int numClasses(String stage, Schema schema, String labelCol, int fromData) {
        List<String> labels = labels(schema, labelCol);
        if (labels == null || labels.isEmpty()) {
            return fromData;
        }
        if (fromData > labels.size()) {
            LOG.warn("{}: label column '{}' holds class index {}, but its metadata names {} classes {} (from"
                + " StringIndexer): the data and the labels disagree, so the model has {} classes. Index the label"
                + " with one StringIndexer model fitted on all the data", stage, labelCol, fromData - 1,
                labels.size(), labels, fromData);
            return fromData;
        }
        return labels.size();
    }

    /**
     * @param classWeights weight per class index
     * @param numClasses the number of classes
     * @return the weights with zeros for the classes past the data's, or the same array when none are missing
     */
    public static double[] padded(double[] classWeights, int numClasses) {
        return classWeights.length >= numClasses ? classWeights : Arrays.copyOf(classWeights, numClasses);
    }

    /**
     * @param rows one row per class index
     * @param numClasses the number of classes
     * @return the rows with rows of zeros for the classes past the data's (null stays null)
     */
    public static double[][] padded(double[][] rows, int numClasses) {
        if (rows == null || rows.length >= numClasses) {
            return rows;
        }
        double[][] out = Arrays.copyOf(rows, numClasses);
        int width = rows.length > 0 ? rows[0].length : 0;
        for (int c = rows.length; c < numClasses; c++) {
            out[c] = new double[width];
        }
        return out;
    }

    /**
     * Logs a warning when some classes have no rows: named by their labels when the column carries StringIndexer's
     * (the data lacks classes the labels name, as a fold may), else as {@link ClassGaps} does.
     *
     * @param stage the classifier's name
     * @param schema the training frame's schema
     * @param labelCol the label column
     * @param classWeights weight per class index, as many as the model's classes
     * @return the empty classes (empty when nothing was logged)
     */
    public static List<Integer> warnIfEmpty(String stage, Schema schema, String labelCol, double[] classWeights) {
        List<String> labels = labels(schema, labelCol);
        if (labels == null || labels.isEmpty()) {
            return ClassGaps.warnIfAny(stage, labelCol, classWeights);
        }
        List<Integer> missing = ClassGaps.emptyClasses(classWeights);
        if (missing.isEmpty()) {
            return missing;
        }
        List<String> named = new ArrayList<>();
        for (int c : missing) {
            named.add(c + " ('" + (c < labels.size() ? labels.get(c) : "?") + "')");
        }
        LOG.warn("{}: label column '{}' has no rows of class{} {}, which its StringIndexer labels {} name; the model"
            + " keeps all {} classes and never predicts {} (as when a split or a fold lacks a rare class)", stage,
            labelCol, missing.size() == 1 ? "" : "es", String.join(", ", named), labels, classWeights.length,
            missing.size() == 1 ? "it" : "them");
        return missing;
    }
}
