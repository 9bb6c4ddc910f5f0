package dev.ember.ml.algo.classification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Checks on a label histogram before a classifier fits: one class only, and class indices with no rows. */
final class LabelChecks {
    private static final Logger LOG = LoggerFactory.getLogger(LabelChecks.class);

    private LabelChecks() {
    }

    /**
     * @param classWeights weight per class index
     * @return the only class with positive weight, or -1 if there are two or more
     */
    static int onlyClass(double[] classWeights) {
        int only = -1;
        for (int c = 0; c < classWeights.length; c++) {
            if (classWeights[c] > 0) {
                if (only >= 0) {
                    return -1;
                }
                only = c;
            }
        }
        return only;
    }

    /**
     * @param classWeights weight per class index
     * @return the class indices below the largest one that have no weight (gaps in numeric labels)
     */
    static List<Integer> missingClasses(double[] classWeights) {
        List<Integer> missing = new ArrayList<>();
        for (int c = 0; c < classWeights.length; c++) {
            if (!(classWeights[c] > 0)) {
                missing.add(c);
            }
        }
        return missing;
    }

    /** Logs Spark's warning for a label with one class. */
    static void warnConstantLabel(String labelCol, int constantClass) {
        LOG.warn("label column '{}': all labels are {}; the coefficients are zero and the intercept infinite, so"
            + " that class {} has probability 1 (no optimization needed)", labelCol, constantClass, constantClass);
    }
}
