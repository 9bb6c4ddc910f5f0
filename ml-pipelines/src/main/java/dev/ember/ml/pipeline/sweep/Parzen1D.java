package dev.ember.ml.pipeline.sweep;

import java.util.SplittableRandom;

/**
 * A univariate Parzen estimator on a bounded real coordinate, as Optuna's TPE builds it: one truncated-normal
 * kernel per observation plus a prior kernel N((low+high)/2, high-low) of weight {@link TpeSampler#PRIOR_WEIGHT};
 * each kernel's sigma is the larger distance to its sorted neighbours (the prior included, the end kernels using
 * their inner neighbour), clipped to [(high-low)/min(100, 1+m), high-low] ("magic clip", m kernels).
 *
 * <p>The density at x sums only kernels within 9 of the largest observation sigma of x (found by binary search in
 * the sorted means): every kernel left out contributes below e^-40 of its peak, far under the prior kernel's
 * contribution, so the result is exact to ~1e-10 while costing O(log n + kernels nearby) instead of O(n).
 */
final class Parzen1D {
    /** Kernels farther than 9 sigma (e^-40.5 of their peak) are left out of a density. */
    private static final double CUTOFF_EXPONENT = -40.5;
    private final double low;
    private final double high;
    private final double[] mu;
    private final double[] sigma;
    private final double[] coef;
    private final double[] negHalfPrecision;
    private final double[] cumWeight;
    private final int n;
    private final double priorCoef;
    private final double priorMu;
    private final double priorSigma;
    private final double maxSigma;

    /**
     * @param sortedMu means in ascending order (n of them)
     * @param weights  unnormalized weights aligned with the means
     * @param n        how many
     * @param low      low end of the coordinate
     * @param high     high end
     */
    Parzen1D(double[] sortedMu, double[] weights, int n, double low, double high) {
        this.low = low;
        this.high = high;
        this.n = n;
        this.mu = sortedMu;
        this.sigma = new double[n];
        this.coef = new double[n];
        this.negHalfPrecision = new double[n];
        this.cumWeight = new double[n];
        double range = high - low;
        priorMu = 0.5 * (low + high);
        priorSigma = range;
        int m = n + 1;
        double minSigma = range / Math.min(100.0, 1.0 + m);
        int priorAt = Observations.upperBound(sortedMu, n, priorMu);
        double total = TpeSampler.PRIOR_WEIGHT;
        for (int i = 0; i < n; i++) {
            total += weights[i];
        }
        double max = 0;
        double cum = 0;
        for (int i = 0; i < n; i++) {
            int c = i < priorAt ? i : i + 1;
            double left = c == 0 ? Double.NaN : combined(c - 1, priorAt);
            double right = c == m - 1 ? Double.NaN : combined(c + 1, priorAt);
            double here = mu[i];
            double s;
            if (Double.isNaN(left)) {
                s = right - here;
            } else if (Double.isNaN(right)) {
                s = here - left;
            } else {
                s = Math.max(here - left, right - here);
            }
            s = Math.max(minSigma, Math.min(range, s));
            sigma[i] = s;
            negHalfPrecision[i] = -0.5 / (s * s);
            max = Math.max(max, s);
            double w = weights[i] / total;
            coef[i] = w * TruncatedNormal.INV_SQRT_2PI / (s * TruncatedNormal.mass(here, s, low, high));
            cum += w;
            cumWeight[i] = cum;
        }
        maxSigma = max;
        priorCoef = TpeSampler.PRIOR_WEIGHT / total * TruncatedNormal.INV_SQRT_2PI
            / (priorSigma * TruncatedNormal.mass(priorMu, priorSigma, low, high));
    }

    private double combined(int c, int priorAt) {
        if (c == priorAt) {
            return priorMu;
        }
        return mu[c < priorAt ? c : c - 1];
    }

    /** @return the density at x */
    double density(double x) {
        double zp = (x - priorMu) / priorSigma;
        double sum = priorCoef * Math.exp(-0.5 * zp * zp);
        int from = Observations.lowerBound(mu, n, x - 9 * maxSigma);
        int to = Observations.upperBound(mu, n, x + 9 * maxSigma);
        for (int i = from; i < to; i++) {
            double d = x - mu[i];
            double t = d * d * negHalfPrecision[i];
            if (t > CUTOFF_EXPONENT) {
                sum += coef[i] * Math.exp(t);
            }
        }
        return sum;
    }

    /** @return a draw from the mixture */
    double sample(SplittableRandom rng) {
        double u = rng.nextDouble();
        double totalObs = n == 0 ? 0 : cumWeight[n - 1];
        if (u >= totalObs) {
            return TruncatedNormal.sample(rng, priorMu, priorSigma, low, high);
        }
        int i = Observations.upperBound(cumWeight, n, u);
        i = Math.min(i, n - 1);
        return TruncatedNormal.sample(rng, mu[i], sigma[i], low, high);
    }
}
