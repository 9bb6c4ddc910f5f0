package dev.ember.ml.pipeline.sweep;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Multivariate TPE over the unconditional parameters: each finished trial is one product kernel over all of them
 * (numeric bandwidth 0.2 n^(-1/(d+4)) (high-low), magic-clipped; categorical as in the univariate case), and
 * candidates are scored with l(x)/g(x) of the joint mixtures, as Optuna's {@code multivariate=True}.
 */
final class JointTpe {
    private final List<ParamSpec> params = new ArrayList<>();
    private final double[][] below;
    private final double[] belowW;
    private final double[][] above;
    private final double[] aboveW;
    private final int candidates;
    private final double[] lows;
    private final double[] highs;
    private final boolean[] categorical;
    private final int[] choices;

    JointTpe(SearchSpace space, SweepHistory history, int[] belowByNumber, BitSet isBelow, int candidates) {
        for (ParamSpec p : space.params()) {
            if (p.parent() == null) {
                params.add(p);
            }
        }
        int d = params.size();
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
        below = coordinates(history, toList(belowByNumber));
        List<Integer> aboveNums = TpeSampler.aboveNumbers(history, isBelow);
        above = coordinates(history, aboveNums);
        belowW = weights(below.length);
        aboveW = weights(above.length);
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int x : a) {
            out.add(x);
        }
        return out;
    }

    private double[][] coordinates(SweepHistory history, List<Integer> numbers) {
        double[][] out = new double[numbers.size()][];
        for (int i = 0; i < out.length; i++) {
            Map<String, Object> values = history.trial(numbers.get(i)).orElseThrow().params();
            double[] x = new double[params.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = params.get(j).distribution().toInternal(values.get(params.get(j).name()));
            }
            out[i] = x;
        }
        return out;
    }

    private static double[] weights(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = TpeSampler.weight(n, i);
        }
        return w;
    }

    private double sigma(int j, int n) {
        double range = highs[j] - lows[j];
        double s = 0.2 * Math.pow(Math.max(n, 1), -1.0 / (params.size() + 4)) * range;
        return Math.max(range / Math.min(100.0, n + 2.0), Math.min(range, s));
    }

    private double logDensity(double[][] obs, double[] w, double[] x) {
        int n = obs.length;
        double total = TpeSampler.PRIOR_WEIGHT;
        for (double v : w) {
            total += v;
        }
        double[] logs = new double[n + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= n; i++) {
            boolean prior = i == n;
            double lw = Math.log((prior ? TpeSampler.PRIOR_WEIGHT : w[i]) / total);
            for (int j = 0; j < x.length; j++) {
                lw += prior ? priorLog(j, x[j]) : kernelLog(j, obs[i][j], x[j], n);
            }
            logs[i] = lw;
            max = Math.max(max, lw);
        }
        double s = 0;
        for (double l : logs) {
            s += Math.exp(l - max);
        }
        return max + Math.log(s);
    }

    private double priorLog(int j, double x) {
        if (categorical[j]) {
            return -Math.log(choices[j]);
        }
        double mu = 0.5 * (lows[j] + highs[j]);
        double s = highs[j] - lows[j];
        return normalLog(x, mu, s, lows[j], highs[j]);
    }

    private double kernelLog(int j, double mu, double x, int n) {
        if (categorical[j]) {
            double pw = TpeSampler.PRIOR_WEIGHT;
            double p = (pw / choices[j] + ((int) mu == (int) x ? 1 : 0)) / (1 + pw);
            return Math.log(p);
        }
        return normalLog(x, mu, sigma(j, n), lows[j], highs[j]);
    }

    private static double normalLog(double x, double mu, double s, double lo, double hi) {
        double z = (x - mu) / s;
        return -0.5 * z * z - TruncatedNormal.LOG_SQRT_2PI - Math.log(s)
            - Math.log(TruncatedNormal.mass(mu, s, lo, hi));
    }

    void sample(SplittableRandom rng, Map<String, Object> out) {
        int nb = below.length;
        double total = TpeSampler.PRIOR_WEIGHT;
        for (double v : belowW) {
            total += v;
        }
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates; c++) {
            double u = rng.nextDouble() * total;
            int k = 0;
            while (k < nb && u >= belowW[k]) {
                u -= belowW[k];
                k++;
            }
            double[] x = new double[params.size()];
            for (int j = 0; j < x.length; j++) {
                Distribution dist = params.get(j).distribution();
                if (categorical[j]) {
                    x[j] = k == nb || rng.nextDouble() < TpeSampler.PRIOR_WEIGHT / (1 + TpeSampler.PRIOR_WEIGHT)
                        ? rng.nextInt(choices[j]) : below[k][j];
                } else {
                    double mu = k == nb ? 0.5 * (lows[j] + highs[j]) : below[k][j];
                    double s = k == nb ? highs[j] - lows[j] : sigma(j, nb);
                    x[j] = dist.toInternal(dist.fromInternal(TruncatedNormal.sample(rng, mu, s, lows[j],
                        highs[j])));
                }
            }
            double score = logDensity(below, belowW, x) - logDensity(above, aboveW, x);
            if (best == null || score > bestScore) {
                best = x;
                bestScore = score;
            }
        }
        for (int j = 0; j < params.size(); j++) {
            out.put(params.get(j).name(), params.get(j).distribution().fromInternal(best[j]));
        }
    }
}
