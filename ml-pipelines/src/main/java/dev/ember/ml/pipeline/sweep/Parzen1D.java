package dev.ember.ml.pipeline.sweep;

import java.util.SplittableRandom;

/**
 * A univariate Parzen estimator on a bounded real coordinate, as Optuna's TPE builds it: one truncated-normal
 * kernel per observation plus a prior kernel N((low+high)/2, high-low) of weight {@link TpeSampler#PRIOR_WEIGHT};
 * each observation kernel's sigma is the larger distance to its sorted neighbours among the observations (the end
 * kernels using their inner neighbour), clipped to [(high-low)/min(100, 1+n), high-low] ("magic clip", n
 * observations), as Optuna's {@code _ParzenEstimator} computes it.
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
        double minSigma = minSigma(range, n);
        double total = TpeSampler.PRIOR_WEIGHT;
        for (int i = 0; i < n; i++) {
            total += weights[i];
        }
        double max = 0;
        double cum = 0;
        for (int i = 0; i < n; i++) {
            // neighbours among the observations, the ends of the range standing in at the edges (Optuna)
            double left = i == 0 ? low : sortedMu[i - 1];
            double right = i == n - 1 ? high : sortedMu[i + 1];
            double here = mu[i];
            double s = Math.max(here - left, right - here);
            if (n >= 2 && i == 0) {
                s = sortedMu[1] - sortedMu[0];
            } else if (n >= 2 && i == n - 1) {
                s = sortedMu[n - 1] - sortedMu[n - 2];
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

    /**
     * Optuna 5's magic clip: the prior counts as a kernel, so n observations give n + 1 kernels and the smallest
     * sigma is {@code range / min(100, 1 + n + 1)}.
     */
    static double minSigma(double range, int n) {
        return range / Math.min(100.0, 2.0 + n);
    }

    /**
     * The bandwidths of kernels at unsorted points, as for the sorted ones of the constructor.
     *
     * @param values the points (internal coordinates)
     * @param low    low end
     * @param high   high end
     * @return each point's sigma, in the points' order
     */
    static double[] sigmas(double[] values, double low, double high) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double range = high - low;
        double min = minSigma(range, n);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double here = values[order[k]];
            double left = k == 0 ? low : values[order[k - 1]];
            double right = k == n - 1 ? high : values[order[k + 1]];
            double s = Math.max(here - left, right - here);
            if (n >= 2 && k == 0) {
                s = values[order[1]] - here;
            } else if (n >= 2 && k == n - 1) {
                s = here - values[order[n - 2]];
            }
            out[order[k]] = Math.max(min, Math.min(range, s));
        }
        return out;
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
