package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.core.runtime.KernelParams;

/**
 * The fixed part of a fit's rounds, as the kernels read it from their params.
 *
 * @param trainingId names the fit's partition states
 * @param binnedCol the packed bin column
 * @param labelCol the label column
 * @param weightCol the weight column, or "" for weight 1
 * @param validationCol the boolean column marking validation rows, or ""
 * @param task what the histograms sum
 * @param numOutputs K: classes for classification, else 1
 * @param initScore the margin before the first boosted tree
 * @param seed the fit's seed
 * @param subsamplingRate the fraction of rows each tree samples
 * @param bootstrap whether rows are drawn with replacement (Poisson)
 * @param numBins per feature its non-missing bins (its missing bin's number)
 * @param rowOffsets per partition index the global index of its first row
 */
record TrainingSpec(String trainingId, String binnedCol, String labelCol, String weightCol, String validationCol,
                    TreeTask task, int numOutputs, double initScore, long seed, double subsamplingRate,
                    boolean bootstrap, long[] numBins, long[] rowOffsets) {

    /** @return the spec as kernel params */
    KernelParams.Builder toParams() {
        return KernelParams.builder().put("trainingId", trainingId).put("binnedCol", binnedCol)
            .put("labelCol", labelCol).put("weightCol", weightCol).put("validationCol", validationCol)
            .put("task", task.key()).put("numOutputs", numOutputs).put("initScore", initScore).put("seed", seed)
            .put("subsamplingRate", subsamplingRate).put("bootstrap", bootstrap).put("numBins", numBins)
            .put("rowOffsets", rowOffsets);
    }

    static TrainingSpec of(KernelParams p) {
        return new TrainingSpec(p.getString("trainingId"), p.getString("binnedCol"), p.getString("labelCol"),
            p.getString("weightCol"), p.getString("validationCol"), TreeTask.of(p.getString("task")),
            p.getInt("numOutputs"), p.getDouble("initScore"), p.getLong("seed"), p.getDouble("subsamplingRate"),
            p.getBoolean("bootstrap"), p.getLongArray("numBins"), p.getLongArray("rowOffsets"));
    }

    /** @return what a label must be, for error messages */
    String labelDescription() {
        return switch (task) {
            case CLASSIFICATION -> "a class index 0.." + (numOutputs - 1);
            case LOGISTIC -> "0 or 1";
            default -> "a finite number";
        };
    }

    /** @return the number of features */
    int numFeatures() {
        return numBins.length;
    }

    /** @return per feature where its slots start in a histogram */
    int[] slotOffsets() {
        int[] o = new int[numBins.length + 1];
        for (int f = 0; f < numBins.length; f++) {
            o[f + 1] = o[f] + (int) numBins[f] + 1;
        }
        return o;
    }

    /** @return per feature its missing bin */
    int[] missingBins() {
        int[] m = new int[numBins.length];
        for (int f = 0; f < m.length; f++) {
            m[f] = (int) numBins[f];
        }
        return m;
    }
}
