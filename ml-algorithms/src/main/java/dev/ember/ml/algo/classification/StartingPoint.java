package dev.ember.ml.algo.classification;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * The logistic loss pass's sums at a point whose feature coefficients are all 0, from the training summary alone.
 * There every row has the same margins (the intercepts), so each row's probabilities are the same, and the sums a
 * pass would gather ({@code sum w r x}, {@code sum w r}, {@code sum w loss}, {@code sum w}, with residuals
 * {@code r = p - 1[y = c]}) follow from each class's weight and weighted feature sums. L-BFGS's first evaluation
 * at the usual cold start (zero coefficients, log-odds intercepts) then costs no pass.
 */
final class StartingPoint {
    private StartingPoint() {
    }

    /**
     * @param coef the effective coefficients {@code [beta (k x d), intercepts (k)]}, every beta 0
     * @param k 1 for the binary loss, else the number of classes (multinomial loss)
     * @param d the number of features
     * @param classWeights the weight of each class's rows
     * @param classSums each class's weighted feature sums ({@code sum_{y=c} w x}); missing rows are 0
     * @param weightSum the total weight
     * @return the sums in the loss kernels' layout: {@code k d} gradient sums, {@code k} residual sums, the loss
     *     sum and the weight sum
     */
    static double[] lossSums(double[] coef, int k, int d, double[] classWeights, double[][] classSums,
                             double weightSum) {
        for (int i = 0; i < k * d; i++) {
            if (coef[i] != 0) {
                throw new InvalidArgumentException("starting point: coefficient " + i + " is " + coef[i]
                    + ", expected 0");
            }
        }
        double[] total = new double[d];
        for (double[] row : classSums) {
            for (int j = 0; j < d; j++) {
                total[j] += row[j];
            }
        }
        double[] sums = new double[k * d + k + 2];
        if (k == 1) {
            double b = coef[d];
            double p = sigmoid(b);
            double w1 = weight(classWeights, 1);
            double w0 = weight(classWeights, 0);
            double[] s1 = classSums.length > 1 ? classSums[1] : new double[d];
            for (int j = 0; j < d; j++) {
                sums[j] = p * total[j] - s1[j];
            }
            sums[d] = p * weightSum - w1;
            sums[d + 1] = w1 * softplus(-b) + w0 * softplus(b);
        } else {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, coef[k * d + c]);
            }
            double z = 0;
            for (int c = 0; c < k; c++) {
                z += Math.exp(coef[k * d + c] - max);
            }
            double logZ = Math.log(z) + max;
            double loss = 0;
            for (int c = 0; c < k; c++) {
                double p = Math.exp(coef[k * d + c] - logZ);
                double[] sc = c < classSums.length ? classSums[c] : new double[d];
                for (int j = 0; j < d; j++) {
                    sums[c * d + j] = p * total[j] - sc[j];
                }
                double wc = weight(classWeights, c);
                sums[k * d + c] = p * weightSum - wc;
                loss += wc * (logZ - coef[k * d + c]);
            }
            sums[k * d + k] = loss;
        }
        sums[k * d + k + 1] = weightSum;
        return sums;
    }

    private static double weight(double[] classWeights, int c) {
        return c < classWeights.length ? classWeights[c] : 0;
    }

    private static double sigmoid(double m) {
        return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
    }

    /** {@code log(1 + e^m)} without overflow. */
    private static double softplus(double m) {
        return Math.max(m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
    }
}
