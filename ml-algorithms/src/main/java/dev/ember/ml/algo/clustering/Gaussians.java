package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * The k multivariate normal components of a {@link GaussianMixtureModel} in the form the passes use: per
 * component its log weight, mean, the lower Cholesky factor {@code L} of its covariance ({@code S = L L'}) and
 * {@code log det S}, all flat row-major. The log density of a row is
 * {@code -(d log 2 pi + log det S + |z|^2) / 2} with {@code L z = x - mean} solved by forward substitution.
 */
final class Gaussians {
    final int k;
    final int d;
    final double[] logWeights;
    final double[] means;
    final double[] chol;
    final double[] logDet;

    Gaussians(double[] logWeights, double[] means, double[] chol, double[] logDet) {
        this.k = logWeights.length;
        this.d = means.length / k;
        if (means.length != k * d || chol.length != k * d * d || logDet.length != k) {
            throw new InvalidArgumentException("Gaussian mixture: found " + k + " weights, " + means.length
                + " mean values, " + chol.length + " Cholesky values and " + logDet.length
                + " log-determinants, expected k, k x d, k x d x d and k");
        }
        this.logWeights = logWeights;
        this.means = means;
        this.chol = chol;
        this.logDet = logDet;
    }

    /**
     * @param weights mixing weights
     * @param means flat k x d
     * @param covariances flat k x d x d
     * @return the components
     * @throws InvalidArgumentException naming a component whose covariance is not positive definite
     */
    static Gaussians of(double[] weights, double[] means, double[] covariances) {
        int k = weights.length;
        int d = means.length / k;
        double[] logW = new double[k];
        double[] chol = new double[k * d * d];
        double[] logDet = new double[k];
        for (int c = 0; c < k; c++) {
            logW[c] = Math.log(weights[c]);
            logDet[c] = cholesky(covariances, c * d * d, d, chol, c);
        }
        return new Gaussians(logW, means, chol, logDet);
    }

    /** Factors one covariance into {@code out}; returns its log-determinant. */
    private static double cholesky(double[] a, int off, int d, double[] out, int c) {
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[off + i * d + j];
                for (int p = 0; p < j; p++) {
                    s -= out[off + i * d + p] * out[off + j * d + p];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new InvalidArgumentException("GaussianMixture: the covariance of component " + c
                            + " is not positive definite (pivot " + i + " is " + s + "); a feature is constant"
                            + " or collinear within the component: set regCovar (e.g. 1e-6) or reduce the features");
                    }
                    out[off + i * d + i] = Math.sqrt(s);
                    logDet += 2 * Math.log(out[off + i * d + i]);
                } else {
                    out[off + i * d + j] = s / out[off + j * d + j];
                }
            }
        }
        return logDet;
    }

    /**
     * @param x a row
     * @param z scratch of d elements
     * @param out receives {@code log w_c + log N(x | mean_c, S_c)} per component
     */
    void logJoint(double[] x, double[] z, double[] out) {
        double constant = d * Math.log(2 * Math.PI);
        for (int c = 0; c < k; c++) {
            int m = c * d;
            int l = c * d * d;
            double quad = 0;
            for (int i = 0; i < d; i++) {
                double s = x[i] - means[m + i];
                for (int p = 0; p < i; p++) {
                    s -= chol[l + i * d + p] * z[p];
                }
                z[i] = s / chol[l + i * d + i];
                quad += z[i] * z[i];
            }
            out[c] = logWeights[c] - 0.5 * (constant + logDet[c] + quad);
        }
    }

    /**
     * Turns joint log-likelihoods into responsibilities in place.
     *
     * @param joint per component
     * @return their log-sum-exp, the row's log-likelihood
     */
    static double normalize(double[] joint) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : joint) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : joint) {
            sum += Math.exp(v - max);
        }
        double lse = max + Math.log(sum);
        for (int c = 0; c < joint.length; c++) {
            joint[c] = Math.exp(joint[c] - lse);
        }
        return lse;
    }
}
