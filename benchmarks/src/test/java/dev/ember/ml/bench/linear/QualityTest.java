package dev.ember.ml.bench.linear;

import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QualityTest {

    /** The exact AUC by counting: P(score of a positive > score of a negative), ties counting one half. */
    private static double pairwiseAuc(double[] labels, double[] scores) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    @Test
    void shouldComputeTheExactAucWithTiesWhenScoresRepeat() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 300_000;
        double[] labels = new double[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextDouble() < 0.4 ? 1 : 0;
            // coarse scores, so that many rows tie, correlated with the label
            scores[i] = Math.floor((labels[i] * 0.3 + rng.nextDouble()) * 20) / 20;
        }
        double[] fewLabels = java.util.Arrays.copyOf(labels, 2_000);
        double[] fewScores = java.util.Arrays.copyOf(scores, 2_000);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            assertEquals(pairwiseAuc(fewLabels, fewScores), Quality.exactAuc(rt, fewLabels, fewScores), 1e-12);
            double all = Quality.exactAuc(rt, labels, scores);
            assertEquals(all, Quality.exactAuc(rt, labels, scores), 0.0, "deterministic");
        }
    }

    @Test
    void shouldMeasureCoefficientDifferencesRelativeToSpark() {
        double[] ember = {1.0, -0.5, 0.0101, 2.0};
        double[] spark = {1.0, -0.4, 0.0100, 2.0};
        assertEquals(0.25, Quality.maxRelativeDifference(ember, spark), 1e-12);
        assertEquals(0.05, Quality.normRelativeDifference(ember, spark), 1e-12);
    }
}
