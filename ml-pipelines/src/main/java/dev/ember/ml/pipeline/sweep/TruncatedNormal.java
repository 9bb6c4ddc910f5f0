package dev.ember.ml.pipeline.sweep;

import java.util.SplittableRandom;

/** Normal CDF and truncated-normal draws for the Parzen estimators. */
final class TruncatedNormal {
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private TruncatedNormal() {
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** Standard normal CDF. */
    static double cdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /**
     * @return the probability mass of N(mu, sigma) inside [low, high]; 1 when both ends lie beyond 8.5 sigma
     */
    static double mass(double mu, double sigma, double low, double high) {
        double a = (low - mu) / sigma;
        double b = (high - mu) / sigma;
        if (a < -8.5 && b > 8.5) {
            return 1;
        }
        return Math.max(cdf(b) - cdf(a), 1e-300);
    }

    /** A draw from N(mu, sigma) truncated to [low, high], by rejection (mu inside, so acceptance is >= 1/3). */
    static double sample(SplittableRandom rng, double mu, double sigma, double low, double high) {
        for (int attempt = 0; attempt < 200; attempt++) {
            double x = mu + sigma * gaussian(rng);
            if (x >= low && x <= high) {
                return x;
            }
        }
        return Math.max(low, Math.min(high, mu));
    }

    static double gaussian(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
