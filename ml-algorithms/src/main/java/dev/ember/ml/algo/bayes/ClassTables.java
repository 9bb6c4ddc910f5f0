package dev.ember.ml.algo.bayes;

/**
 * A fitted naive Bayes model's tables from the class statistics of one pass (see {@link NaiveBayes} for the
 * formulas).
 *
 * @param pi log priors, one per class
 * @param theta per class and feature, flat row-major
 * @param sigma Gaussian variances per class and feature, flat row-major (empty for the other types)
 */
record ClassTables(double[] pi, double[] theta, double[] sigma) {

    static ClassTables fit(String type, double[] st, int d, int k, double total, double smoothing,
                           double varSmoothing) {
        int s = NaiveBayesKernels.slot(d);
        double[] pi = new double[k];
        double[] theta = new double[k * d];
        double[] sigma = new double[0];
        boolean gaussian = "gaussian".equals(type);
        for (int c = 0; c < k; c++) {
            double wc = st[NaiveBayesKernels.HEADER + c * s];
            pi[c] = gaussian ? Math.log(wc / total) : Math.log((wc + smoothing) / (total + k * smoothing));
        }
        switch (type) {
            case "bernoulli" -> {
                for (int c = 0; c < k; c++) {
                    int at = NaiveBayesKernels.HEADER + c * s;
                    double denom = Math.log(st[at] + 2 * smoothing);
                    for (int j = 0; j < d; j++) {
                        theta[c * d + j] = Math.log(st[at + 2 + j] + smoothing) - denom;
                    }
                }
            }
            case "complement" -> {
                double[] feature = new double[d];
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        feature[j] += st[NaiveBayesKernels.HEADER + c * s + 2 + j];
                    }
                }
                for (int c = 0; c < k; c++) {
                    int at = NaiveBayesKernels.HEADER + c * s;
                    double sum = 0;
                    for (int j = 0; j < d; j++) {
                        sum += feature[j] - st[at + 2 + j] + smoothing;
                    }
                    for (int j = 0; j < d; j++) {
                        theta[c * d + j] = -Math.log((feature[j] - st[at + 2 + j] + smoothing) / sum);
                    }
                }
            }
            case "gaussian" -> {
                sigma = new double[k * d];
                double epsilon = varSmoothing * maxGlobalVariance(st, d, k, total);
                for (int c = 0; c < k; c++) {
                    int at = NaiveBayesKernels.HEADER + c * s;
                    double wc = st[at];
                    for (int j = 0; j < d; j++) {
                        theta[c * d + j] = wc > 0 ? st[at + 2 + j] / wc : 0;
                        sigma[c * d + j] = (wc > 0 ? st[at + 2 + d + j] / wc : 0) + epsilon;
                    }
                }
            }
            default -> {
                for (int c = 0; c < k; c++) {
                    int at = NaiveBayesKernels.HEADER + c * s;
                    double sum = 0;
                    for (int j = 0; j < d; j++) {
                        sum += st[at + 2 + j];
                    }
                    double denom = Math.log(sum + d * smoothing);
                    for (int j = 0; j < d; j++) {
                        theta[c * d + j] = Math.log(st[at + 2 + j] + smoothing) - denom;
                    }
                }
            }
        }
        return new ClassTables(pi, theta, sigma);
    }

    /** The largest weighted population variance of a feature over all rows, from the per-class statistics. */
    private static double maxGlobalVariance(double[] st, int d, int k, double total) {
        int s = NaiveBayesKernels.slot(d);
        double max = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int c = 0; c < k; c++) {
                mean += st[NaiveBayesKernels.HEADER + c * s + 2 + j];
            }
            mean /= total;
            double m2 = 0;
            for (int c = 0; c < k; c++) {
                int at = NaiveBayesKernels.HEADER + c * s;
                double wc = st[at];
                if (wc > 0) {
                    double dev = st[at + 2 + j] / wc - mean;
                    m2 += st[at + 2 + d + j] + wc * dev * dev;
                }
            }
            max = Math.max(max, m2 / total);
        }
        return max;
    }
}
