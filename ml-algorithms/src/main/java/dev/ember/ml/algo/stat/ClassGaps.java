package dev.ember.ml.algo.stat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Class indices with no rows. A classifier takes its labels as class indices 0..K-1 with K the largest label
 * plus one, as Spark's do; labels 1..3 therefore fit a 4-class model whose class 0 is empty and never predicted.
 * That is legal (a training fold may lack a class) but usually a mistake, so every classifier warns, naming the
 * empty classes and the fix, as Spark warns about a constant label; it does not refuse, so that cross-validation
 * folds missing a rare class still fit.
 */
public final class ClassGaps {
    private static final Logger LOG = LoggerFactory.getLogger(ClassGaps.class);

    private ClassGaps() {
    }

    /**
     * @param classWeights weight (or count) per class index
     * @return the class indices with no weight
     */
    public static List<Integer> emptyClasses(double[] classWeights) {
        List<Integer> missing = new ArrayList<>();
        for (int c = 0; c < classWeights.length; c++) {
            if (!(classWeights[c] > 0)) {
                missing.add(c);
            }
        }
        return missing;
    }

    /**
     * Logs a warning when some class indices below the largest label have no rows (and more than one class has).
     *
     * @param stage the classifier's name, for the message
     * @param labelCol the label column
     * @param classWeights weight per class index 0..K-1
     * @return the empty classes (empty when nothing was logged)
     */
    public static List<Integer> warnIfAny(String stage, String labelCol, double[] classWeights) {
        List<Integer> missing = emptyClasses(classWeights);
        if (missing.isEmpty() || classWeights.length - missing.size() < 2) {
            return List.of();
        }
        LOG.warn("{}: label column '{}' has no rows of class{} {} (labels are class indices 0..{}, the largest"
            + " label plus one), so the model has {} classes and never predicts {}. If the labels are not"
            + " 0-based indices, index them with StringIndexer (or subtract the smallest label)", stage, labelCol,
            missing.size() == 1 ? "" : "es", missing, classWeights.length - 1, classWeights.length,
            missing.size() == 1 ? "it" : "them");
        return missing;
    }
}
