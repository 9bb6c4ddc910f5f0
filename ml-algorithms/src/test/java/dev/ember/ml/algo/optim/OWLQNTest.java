package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OWL-QN (Andrew and Gao, ICML 2007) on a seeded lasso with an unpenalized intercept, against cyclic coordinate
 * descent with soft-thresholding, and on its exact zeros, stopping rules and error handling.
 */
class OWLQNTest {
    private static final int ROWS = 200;
    private static final int FEATURES = 20;
    private static final OptimizerOptions TIGHT = OptimizerOptions.defaults().withTol(1e-12).withMaxIter(500);

    /**
     * Least squares {@code (1 / 2n) ||y - X w - b||^2} over {@code (w_1..w_p, b)}: the intercept is the last
     * coordinate. X is standard normal, the true weights have zeros at every third feature.
     */
    private static final class LeastSquares implements DiffFunction {
        final double[][] x = new double[ROWS][FEATURES];
        final double[] y = new double[ROWS];
        private final double[] residual = new double[ROWS];

        LeastSquares(long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] truth = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                truth[j] = j % 3 == 0 ? 0.0 : (j % 2 == 0 ? 1 : -1) * (0.2 + rnd.nextDouble());
            }
            for (int i = 0; i < ROWS; i++) {
                double s = 1.5;
                for (int j = 0; j < FEATURES; j++) {
                    x[i][j] = TestProblems.gaussian(rnd);
                    s += x[i][j] * truth[j];
                }
                y[i] = s + 0.5 * TestProblems.gaussian(rnd);
            }
        }

        @Override
        public double valueAndGradient(double[] w, double[] g) {
            Arrays.fill(g, 0.0);
            double loss = 0;
            for (int i = 0; i < ROWS; i++) {
                double r = w[FEATURES] - y[i];
                for (int j = 0; j < FEATURES; j++) {
                    r += x[i][j] * w[j];
                }
                residual[i] = r;
                loss += r * r;
                for (int j = 0; j < FEATURES; j++) {
                    g[j] += r * x[i][j] / ROWS;
                }
                g[FEATURES] += r / ROWS;
            }
            return loss / (2.0 * ROWS);
        }

        /**
         * Cyclic coordinate descent (Friedman, Hastie and Tibshirani 2010, soft-thresholding update), the intercept
         * refitted exactly each sweep, until no coordinate moves by more than 1e-12.
         */
        double[] coordinateDescent(double lambda) {
            double[] w = new double[FEATURES + 1];
            double[] r = y.clone(); // r = y - X w - b
            double[] sq = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                for (int i = 0; i < ROWS; i++) {
                    sq[j] += x[i][j] * x[i][j] / ROWS;
                }
            }
            for (int sweep = 0; sweep < 100_000; sweep++) {
                double maxMove = 0;
                double shift = 0;
                for (int i = 0; i < ROWS; i++) {
                    shift += r[i] / ROWS;
                }
                w[FEATURES] += shift;
                for (int i = 0; i < ROWS; i++) {
                    r[i] -= shift;
                }
                maxMove = Math.max(maxMove, Math.abs(shift));
                for (int j = 0; j < FEATURES; j++) {
                    double rho = 0;
                    for (int i = 0; i < ROWS; i++) {
                        rho += x[i][j] * r[i] / ROWS;
                    }
                    rho += sq[j] * w[j];
                    double updated = Math.signum(rho) * Math.max(Math.abs(rho) - lambda, 0.0) / sq[j];
                    double delta = updated - w[j];
                    if (delta != 0) {
                        for (int i = 0; i < ROWS; i++) {
                            r[i] -= delta * x[i][j];
                        }
                        w[j] = updated;
                    }
                    maxMove = Math.max(maxMove, Math.abs(delta));
                }
                if (maxMove <= 1e-12) {
                    return w;
                }
            }
            throw new AssertionError("coordinate descent did not converge");
        }
    }

    private static double[] lassoWeights(double lambda) {
        double[] l1 = new double[FEATURES + 1];
        Arrays.fill(l1, 0, FEATURES, lambda);
        return l1;
    }

    private static int zeros(double[] w) {
        int z = 0;
        for (double v : w) {
            if (v == 0.0) {
                z++;
            }
        }
        return z;
    }

    @Test
    void shouldMatchCoordinateDescentWhenSolvingLasso() {
        long seed = Seeds.announce("OWLQNTest.lasso", 42L);
        LeastSquares ls = new LeastSquares(seed);
        double lambda = 0.1;
        double[] cd = ls.coordinateDescent(lambda);

        OptimizerResult r = new OWLQN(TIGHT).minimize(ls, lassoWeights(lambda), new double[FEATURES + 1]);

        double[] w = r.x();
        assertTrue(r.converged(), r::toString);
        assertArrayEquals(cd, w, 1e-6, r::toString);
        assertTrue(zeros(cd) >= 3, "the problem should have several zero coefficients: " + Arrays.toString(cd));
        for (int j = 0; j <= FEATURES; j++) {
            assertEquals(cd[j] == 0.0, w[j] == 0.0, "coordinate " + j + ": OWL-QN " + w[j] + ", CD " + cd[j]);
        }
        assertNotEquals(0.0, w[FEATURES], "the unpenalized intercept");
        assertTrue(TestProblems.nonIncreasing(r.lossHistory()), r::toString);
    }

    @Test
    void shouldReturnExactZerosWhenPenaltyDominates() {
        long seed = Seeds.announce("OWLQNTest.allZero", 43L);
        LeastSquares ls = new LeastSquares(seed);
        double meanY = Arrays.stream(ls.y).average().orElseThrow();
        double[] start = new double[FEATURES + 1];
        Arrays.fill(start, 0.5);

        OptimizerResult r = new OWLQN(TIGHT).minimize(ls, lassoWeights(100.0), start);

        double[] w = r.x();
        assertTrue(r.converged(), r::toString);
        for (int j = 0; j < FEATURES; j++) {
            assertEquals(0.0, w[j], 0.0, "coordinate " + j);
        }
        assertEquals(meanY, w[FEATURES], 1e-8);
    }

    @Test
    void shouldMatchCholeskySolutionWhenNoCoordinateIsPenalized() {
        long seed = Seeds.announce("OWLQNTest.quadratic", 20240611L);
        TestProblems.Quadratic q = new TestProblems.Quadratic(50, seed);

        OptimizerResult r = new OWLQN(TIGHT).minimize(q, new double[50], new double[50]);

        assertTrue(r.converged(), r::toString);
        double err = TestProblems.relativeError(r.x(), q.closedForm());
        assertTrue(err <= 1e-6, () -> "relative error " + err + ", " + r);
    }

    @Test
    void shouldStopAtMaxIterWhenNotConverged() {
        long seed = Seeds.announce("OWLQNTest.maxIter", 42L);
        LeastSquares ls = new LeastSquares(seed);

        OptimizerResult r = new OWLQN(TIGHT.withMaxIter(3)).minimize(ls, lassoWeights(0.1), new double[21]);

        assertEquals(ConvergenceReason.MAX_ITERATIONS, r.reason());
        assertEquals(3, r.iterations());
        assertEquals(4, r.lossHistory().length);
        assertTrue(TestProblems.nonIncreasing(r.lossHistory()));
    }

    @Test
    void shouldIncludePenaltyInValueWhenReportingLoss() {
        DiffFunction zero = (x, g) -> {
            Arrays.fill(g, 0.0);
            return 0.0;
        };

        OptimizerResult r = new OWLQN(TIGHT.withMaxIter(0)).minimize(zero, new double[] {1, 2}, new double[] {-3, 4});

        assertEquals(3 + 8, r.value());
        assertEquals(11.0, r.lossHistory()[0]);
    }

    @Test
    void shouldRejectL1WeightsWhenNegativeOrWrongLength() {
        OWLQN owlqn = new OWLQN();
        DiffFunction f = TestProblems::rosenbrock;
        InvalidArgumentException length = assertThrows(InvalidArgumentException.class,
            () -> owlqn.minimize(f, new double[3], new double[2]));
        assertEquals("l1: found 3 weights, expected 2 (one per coordinate of x0)", length.getMessage());
        InvalidArgumentException negative = assertThrows(InvalidArgumentException.class,
            () -> owlqn.minimize(f, new double[] {0.1, -0.5}, new double[2]));
        assertEquals("l1[1]: found -0.5, expected a finite number >= 0", negative.getMessage());
    }

    @Test
    void shouldFailNamingIterationWhenObjectiveTurnsNaN() {
        long seed = Seeds.announce("OWLQNTest.nan", 42L);
        LeastSquares ls = new LeastSquares(seed);
        AtomicInteger calls = new AtomicInteger();
        DiffFunction breaksLater = (x, g) -> {
            double v = ls.valueAndGradient(x, g);
            if (calls.incrementAndGet() > 3) {
                g[2] = Double.NaN;
            }
            return v;
        };

        MlException e = assertThrows(MlException.class,
            () -> new OWLQN().minimize(breaksLater, lassoWeights(0.1), new double[21]));

        assertEquals(4, calls.get());
        assertTrue(e.getMessage().startsWith("OWL-QN: gradient[2] at iteration "), e.getMessage());
        assertTrue(e.getMessage().contains("(evaluation 4, line-search step "), e.getMessage());
    }
}
