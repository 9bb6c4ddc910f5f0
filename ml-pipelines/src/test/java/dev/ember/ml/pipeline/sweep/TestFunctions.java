package dev.ember.ml.pipeline.sweep;

import java.util.SplittableRandom;

/** Optimization test functions with known optima (Surjanovic & Bingham, Virtual Library of Simulation Experiments). */
final class TestFunctions {
    static final double BRANIN_MIN = 0.397887;
    static final double HARTMANN6_MIN = -3.32237;
    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {
        {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] H_P = {
        {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
        {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

    private TestFunctions() {
    }

    static SearchSpace braninSpace() {
        return SearchSpace.builder().uniform("x1", -5, 10).uniform("x2", 0, 15).build();
    }

    static double branin(Trial t) {
        double x1 = t.getDouble("x1");
        double x2 = t.getDouble("x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double s = 1 / (8 * Math.PI);
        double a = x2 - b * x1 * x1 + c * x1 - 6;
        return a * a + 10 * (1 - s) * Math.cos(x1) + 10;
    }

    static SearchSpace hartmannSpace() {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 1; i <= 6; i++) {
            b.uniform("x" + i, 0, 1);
        }
        return b.build();
    }

    static double hartmann6(Trial t) {
        double outer = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = t.getDouble("x" + (j + 1)) - H_P[i][j] * 1e-4;
                inner += H_A[i][j] * d * d;
            }
            outer += H_ALPHA[i] * Math.exp(-inner);
        }
        return -outer;
    }

    static SearchSpace quadraticSpace() {
        return SearchSpace.builder().uniform("a", -2, 2).uniform("b", -2, 2).uniform("c", -2, 2).build();
    }

    /** (a-0.5)^2 + (b+0.25)^2 + (c-1)^2 plus N(0, 0.05^2) noise drawn from (seed, trial number). */
    static double noisyQuadratic(Trial t, long seed) {
        double a = t.getDouble("a") - 0.5;
        double b = t.getDouble("b") + 0.25;
        double c = t.getDouble("c") - 1;
        double noise = 0.05 * TruncatedNormal.gaussian(new SplittableRandom(seed * 1_000_003L + t.number()));
        return a * a + b * b + c * c + noise;
    }
}
