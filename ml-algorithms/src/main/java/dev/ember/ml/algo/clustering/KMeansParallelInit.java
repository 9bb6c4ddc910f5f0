package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.AggregateCall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The initializations of {@link KMeans}. {@code k-means||} (Bahmani, Moseley, Vattani, Kumar and Vassilvitskii,
 * "Scalable K-Means++", VLDB 2012), as Spark's: one row drawn at random; then {@code initSteps} rounds, each a
 * pass summing the cost to the candidates and a pass keeping every row with probability
 * {@code 2 k w cost / total}; the distinct candidates (sorted, so the result does not depend on the partitioning)
 * are weighed by the rows nearest to them in one more pass and reduced to k centers by weighted k-means++ and
 * Lloyd on the driver ({@link LocalKMeans}). When there are at most k distinct candidates they are the centers
 * (fewer than k when the data has fewer distinct points). {@code random}: k distinct rows drawn without
 * replacement, weighted, in one pass.
 */
final class KMeansParallelInit {
    private KMeansParallelInit() {
    }

    /**
     * @param data the cached training rows
     * @param base the columns, measure and seed (its step, count, candidates and scale are ignored)
     * @param width the feature width
     * @param k the number of clusters
     * @param steps the k-means|| rounds
     * @param depth the tree-aggregate depth
     * @return the centers, flat row-major (k, or fewer, rows)
     */
    static double[] parallel(Frame data, KMeansArgs.Candidates base, int width, int k, int steps, int depth) {
        double[] candidates = pick(data, base, 1, width, depth);
        for (int step = 1; step <= steps; step++) {
            double[] cost = data.treeAggregate(AggregateCall.of(KMeansKernels.CandidateCost.class,
                with(base, step, 0, candidates, 0).toParams()), depth);
            double total = cost.length == 0 ? 0 : cost[0];
            if (!(total > 0)) {
                break;
            }
            double[] sampled = data.treeAggregate(AggregateCall.of(KMeansKernels.SampleCandidates.class,
                with(base, step, 0, candidates, 2.0 * k / total).toParams()), depth);
            double[] grown = Arrays.copyOf(candidates, candidates.length + sampled.length);
            System.arraycopy(sampled, 0, grown, candidates.length, sampled.length);
            candidates = grown;
        }
        candidates = distinctSorted(candidates, width);
        int m = candidates.length / width;
        if (m <= k) {
            return candidates;
        }
        double[] weights = data.treeAggregate(AggregateCall.of(KMeansKernels.CandidateWeights.class,
            with(base, 0, 0, candidates, 0).toParams()), depth);
        return LocalKMeans.cluster(candidates, weights, k, width, 30, base.seed(), base.unit());
    }

    /**
     * @param data the cached training rows
     * @param base the columns, measure and seed
     * @param width the feature width
     * @param k the number of clusters
     * @param depth the tree-aggregate depth
     * @return k distinct rows (fewer when the data has fewer), flat row-major
     */
    static double[] random(Frame data, KMeansArgs.Candidates base, int width, int k, int depth) {
        // draw more than k so that duplicates can be dropped and still leave k distinct rows where there are
        double[] top = pick(data, base, 4 * k, width, depth);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < top.length / width && rows.size() < k; i++) {
            double[] r = Arrays.copyOfRange(top, i * width, (i + 1) * width);
            if (rows.stream().noneMatch(o -> Arrays.equals(o, r))) {
                rows.add(r);
            }
        }
        double[] out = new double[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * width, width);
        }
        return out;
    }

    /**
     * @param data the training rows
     * @param base the columns, measure and seed
     * @param count how many rows
     * @param width the feature width
     * @param depth the tree-aggregate depth
     * @return up to {@code count} rows drawn without replacement (weighted), flat row-major
     */
    static double[] pick(Frame data, KMeansArgs.Candidates base, int count, int width, int depth) {
        double[] top = data.treeAggregate(AggregateCall.of(KMeansKernels.PickTop.class,
            with(base, 0, count, new double[0], 0).toParams()), depth);
        if (top.length <= 2) {
            throw new InvalidArgumentException("KMeans: column '" + base.featuresCol() + "': found no rows"
                + (base.weightCol().isEmpty() ? "" : " of positive weight in '" + base.weightCol() + "'")
                + ", expected at least one");
        }
        int n = (top.length - 2) / (width + 1);
        double[] rows = new double[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(top, 2 + i * (width + 1) + 1, rows, i * width, width);
        }
        return rows;
    }

    private static KMeansArgs.Candidates with(KMeansArgs.Candidates b, int step, int count, double[] candidates,
                                              double scale) {
        return new KMeansArgs.Candidates(b.featuresCol(), b.weightCol(), b.unit(), b.seed(), step, count,
            candidates, scale);
    }

    /** The distinct rows, in lexicographic order. */
    static double[] distinctSorted(double[] flat, int width) {
        int n = flat.length / width;
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        Arrays.sort(rows, Arrays::compare);
        double[] out = new double[flat.length];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || Arrays.compare(rows[i], rows[i - 1]) != 0) {
                System.arraycopy(rows[i], 0, out, m++ * width, width);
            }
        }
        return Arrays.copyOf(out, m * width);
    }
}
