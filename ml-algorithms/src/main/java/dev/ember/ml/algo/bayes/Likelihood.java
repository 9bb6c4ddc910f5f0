package dev.ember.ml.algo.bayes;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * A naive Bayes model's joint log-likelihood {@code log P(c) + log P(x | c)} of a row for every class, with what
 * can be computed once per model done in the constructor.
 */
final class Likelihood {
    private final String type;
    private final double[] pi;
    private final double[] theta;
    private final double[] sigma;
    private final int d;
    private final int k;
    /** Bernoulli: {@code theta - log(1 - exp(theta))} per class and feature; Gaussian: {@code 1 / sigma}. */
    private final double[] slope;
    /** Per class: Bernoulli {@code pi + sum log(1 - exp(theta))}; Gaussian {@code pi - sum log(2 pi sigma) / 2}. */
    private final double[] base;

    Likelihood(String type, double[] pi, double[] theta, double[] sigma, int d) {
        this.type = type;
        this.pi = pi;
        this.theta = theta;
        this.sigma = sigma;
        this.d = d;
        this.k = pi.length;
        if (theta.length != k * d) {
            throw new InvalidArgumentException("naive Bayes: found " + theta.length + " theta values, expected "
                + k + " classes x " + d + " features");
        }
        this.slope = new double[k * d];
        this.base = pi.clone();
        if ("bernoulli".equals(type)) {
            for (int i = 0; i < k * d; i++) {
                double log1m = Math.log1p(-Math.exp(theta[i]));
                slope[i] = theta[i] - log1m;
                base[i / d] += log1m;
            }
        } else if ("gaussian".equals(type)) {
            for (int i = 0; i < k * d; i++) {
                slope[i] = 1 / sigma[i];
                base[i / d] -= 0.5 * Math.log(2 * Math.PI * sigma[i]);
            }
        }
    }

    /**
     * @param x a row
     * @param out receives the K joint log-likelihoods
     */
    void jointLogLikelihood(double[] x, double[] out) {
        switch (type) {
            case "bernoulli" -> {
                for (int j = 0; j < d; j++) {
                    if (x[j] != 0 && x[j] != 1) {
                        throw new InvalidArgumentException("found " + x[j] + " at element " + j
                            + ", expected 0 or 1 (the bernoulli model)");
                    }
                }
                for (int c = 0; c < k; c++) {
                    double s = base[c];
                    for (int j = 0; j < d; j++) {
                        s += x[j] * slope[c * d + j];
                    }
                    out[c] = s;
                }
            }
            case "gaussian" -> {
                for (int c = 0; c < k; c++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        double dev = x[j] - theta[c * d + j];
                        s += dev * dev * slope[c * d + j];
                    }
                    out[c] = base[c] - 0.5 * s;
                }
            }
            default -> {
                // multinomial: pi + theta . x; complement (scikit-learn's ComplementNB): theta . x, with the prior
                // only for a single class
                boolean prior = !"complement".equals(type) || k == 1;
                for (int c = 0; c < k; c++) {
                    double s = prior ? pi[c] : 0;
                    for (int j = 0; j < d; j++) {
                        s += x[j] * theta[c * d + j];
                    }
                    out[c] = s;
                }
            }
        }
    }
}
