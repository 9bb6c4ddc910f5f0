package dev.ember.ml.pipeline.sweep;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Multivariate TPE over the unconditional parameters, as Optuna 5's default: each finished trial is one product
 * kernel over all of them (per dimension, the bandwidth of the univariate estimator: the larger distance to the
 * neighbouring observations, magic-clipped; categorical kernels as in the univariate case), a candidate draws every
 * dimension from the same kernel, and candidates are scored with l(x)/g(x) of the joint mixtures.
 *
 * <p>Cost per suggestion: the "above" kernels' coordinates and bandwidths come from the history's per-parameter
 * sorted observations in one pass (no sorting), each kernel's normalizing constants are computed once, and scoring
 * is {@code candidates x kernels x dimensions} multiply-adds plus one exponential per kernel.
 */
final class JointTpe {
    private final List<ParamSpec> params = new ArrayList<>();
    private final int d;
    private final int candidates;
    private final double[] lows;
    private final double[] highs;
    private final boolean[] categorical;
    private final int[] choices;
    private final Mixture below;
    private final Mixture above;

    JointTpe(SearchSpace space, SweepHistory history, int[] belowByNumber, BitSet isBelow, int candidates) {
        for (ParamSpec p : space.params()) {
            if (p.parent() == null) {
                params.add(p);
            }
        }
        d = params.size();
        this.candidates = candidates;
        lows = new double[d];
        highs = new double[d];
        categorical = new boolean[d];
        choices = new int[d];
        for (int j = 0; j < d; j++) {
            Distribution dist = params.get(j).distribution();
            lows[j] = dist.internalLow();
            highs[j] = dist.internalHigh();
            categorical[j] = dist instanceof Distribution.Choice;
            choices[j] = dist instanceof Distribution.Choice c ? c.values().size() : 0;
        }
        int[] aboveNums = aboveNumbers(history, isBelow);
        int nb = belowByNumber.length;
        int na = aboveNums.length;
        double[][] bx = new double[nb][d];
        double[][] bs = new double[nb][d];
        double[][] ax = new double[na][d];
        double[][] as = new double[na][d];
        int maxNumber = history.maxNumber();
        for (int j = 0; j < d; j++) {
            Observations obs = history.observations(space.indexOf(params.get(j).name()));
            double[] valueOf = new double[maxNumber + 1];
            double[] sigmaOf = new double[maxNumber + 1];
            double[] vals = obs.values();
            int[] nums = obs.numbers();
            double[] av = new double[na];
            int[] an = new int[na];
            int k = 0;
            for (int i = 0; i < obs.size(); i++) {
                valueOf[nums[i]] = vals[i];
                if (!isBelow.get(nums[i]) && k < na) {
                    av[k] = vals[i];
                    an[k++] = nums[i];
                }
            }
            if (!categorical[j]) {
                double range = highs[j] - lows[j];
                double min = Parzen1D.minSigma(range, k);
                for (int i = 0; i < k; i++) {
                    double left = i == 0 ? lows[j] : av[i - 1];
                    double right = i == k - 1 ? highs[j] : av[i + 1];
                    double s = Math.max(av[i] - left, right - av[i]);
                    if (k >= 2 && i == 0) {
                        s = av[1] - av[0];
                    } else if (k >= 2 && i == k - 1) {
                        s = av[k - 1] - av[k - 2];
                    }
                    sigmaOf[an[i]] = Math.max(min, Math.min(range, s));
                }
            }
            for (int i = 0; i < na; i++) {
                ax[i][j] = valueOf[aboveNums[i]];
                as[i][j] = sigmaOf[aboveNums[i]];
            }
            double[] col = new double[nb];
            for (int i = 0; i < nb; i++) {
                bx[i][j] = valueOf[belowByNumber[i]];
                col[i] = bx[i][j];
            }
            if (!categorical[j] && nb > 0) {
                double[] s = Parzen1D.sigmas(col, lows[j], highs[j]);
                for (int i = 0; i < nb; i++) {
                    bs[i][j] = s[i];
                }
            }
        }
        below = new Mixture(bx, bs);
        above = new Mixture(ax, as);
    }

    /** Kernels with their log weights and per-dimension constants (flat arrays, kernel-major), in log space. */
    private final class Mixture {
        final int n;
        final double[][] mu;
        final double[][] sigma;
        final double[] muFlat;
        final double[] quad;
        final double[] offset;
        final double[] logW;
        final double[] weight;
        final double total;
        final double priorLogW;
        final double[] catHit;
        final double[] catMiss;
        final double[] scratch;

        Mixture(double[][] mu, double[][] sigma) {
            this.n = mu.length;
            this.mu = mu;
            this.sigma = sigma;
            this.muFlat = new double[n * d];
            this.quad = new double[n * d];
            this.offset = new double[n * d];
            this.logW = new double[n];
            this.weight = new double[n];
            this.scratch = new double[n + 1];
            this.catHit = new double[d];
            this.catMiss = new double[d];
            double t = TpeSampler.PRIOR_WEIGHT;
            for (int i = 0; i < n; i++) {
                weight[i] = TpeSampler.weight(n, i);
                t += weight[i];
            }
            total = t;
            priorLogW = Math.log(TpeSampler.PRIOR_WEIGHT / total);
            for (int j = 0; j < d; j++) {
                if (categorical[j]) {
                    double spread = TpeSampler.PRIOR_WEIGHT / (n + 1);
                    double row = 1 + choices[j] * spread;
                    catHit[j] = Math.log((1 + spread) / row);
                    catMiss[j] = Math.log(spread / row);
                }
            }
            double logTotal = Math.log(total);
            for (int i = 0; i < n; i++) {
                logW[i] = Math.log(weight[i]) - logTotal;
                for (int j = 0; j < d; j++) {
                    int at = i * d + j;
                    muFlat[at] = mu[i][j];
                    if (!categorical[j]) {
                        double s = sigma[i][j];
                        quad[at] = -0.5 / (s * s);
                        double mass = TruncatedNormal.mass(mu[i][j], s, lows[j], highs[j]);
                        offset[at] = -TruncatedNormal.LOG_SQRT_2PI - Math.log(s) - (mass == 1 ? 0 : Math.log(mass));
                    }
                }
            }
        }

        double logDensity(double[] x) {
            double max = priorLogW;
            for (int j = 0; j < d; j++) {
                max += priorLog(j, x[j]);
            }
            scratch[n] = max;
            for (int i = 0; i < n; i++) {
                double lw = logW[i];
                int base = i * d;
                for (int j = 0; j < d; j++) {
                    int at = base + j;
                    if (categorical[j]) {
                        lw += (int) muFlat[at] == (int) x[j] ? catHit[j] : catMiss[j];
                    } else {
                        double z = x[j] - muFlat[at];
                        lw += quad[at] * z * z + offset[at];
                    }
                }
                scratch[i] = lw;
                if (lw > max) {
                    max = lw;
                }
            }
            double s = 0;
            double floor = max - 40;
            for (int i = 0; i <= n; i++) {
                if (scratch[i] > floor) {
                    s += Math.exp(scratch[i] - max);
                }
            }
            return max + Math.log(s);
        }
    }

    private static int[] aboveNumbers(SweepHistory history, BitSet isBelow) {
        int[] out = new int[history.size()];
        int k = 0;
        for (TrialRecord t : history.trials()) {
            if (t.state() != TrialState.FAILED && !isBelow.get(t.number())) {
                out[k++] = t.number();
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    private double priorLog(int j, double x) {
        if (categorical[j]) {
            return -Math.log(choices[j]);
        }
        double mu = 0.5 * (lows[j] + highs[j]);
        double s = highs[j] - lows[j];
        double z = (x - mu) / s;
        return -0.5 * z * z - TruncatedNormal.LOG_SQRT_2PI - Math.log(s)
            - Math.log(TruncatedNormal.mass(mu, s, lows[j], highs[j]));
    }

    void sample(SplittableRandom rng, Map<String, Object> out) {
        int nb = below.n;
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates; c++) {
            double u = rng.nextDouble() * below.total;
            int k = 0;
            while (k < nb && u >= below.weight[k]) {
                u -= below.weight[k];
                k++;
            }
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                Distribution dist = params.get(j).distribution();
                if (categorical[j]) {
                    double spread = TpeSampler.PRIOR_WEIGHT / (nb + 1);
                    x[j] = k == nb || rng.nextDouble() < choices[j] * spread / (1 + choices[j] * spread)
                        ? rng.nextInt(choices[j]) : below.mu[k][j];
                } else {
                    double m = k == nb ? 0.5 * (lows[j] + highs[j]) : below.mu[k][j];
                    double s = k == nb ? highs[j] - lows[j] : below.sigma[k][j];
                    x[j] = dist.toInternal(dist.fromInternal(TruncatedNormal.sample(rng, m, s, lows[j], highs[j])));
                }
            }
            double score = below.logDensity(x) - above.logDensity(x);
            if (best == null || score > bestScore) {
                best = x;
                bestScore = score;
            }
        }
        for (int j = 0; j < d; j++) {
            out.put(params.get(j).name(), params.get(j).distribution().fromInternal(best[j]));
        }
    }
}
