package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.testkit.Seeds;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.MultivariateVectorFunction;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L-BFGS (Nocedal and Wright, Algorithms 7.4/7.5 with a strong Wolfe line search) on Rosenbrock's function, on a
 * seeded 50-dimensional quadratic against its Cholesky solution and against Commons Math's nonlinear conjugate
 * gradient, and on its options, stopping rules and error handling.
 */
class LBFGSTest {
    private static final double[] ROSENBROCK_START = {-1.2, 1.0};
    private static final OptimizerOptions TIGHT = OptimizerOptions.defaults().withTol(1e-12);

    @Test
    void shouldReachRosenbrockMinimumWhenStartingFromClassicPoint() {
        OptimizerResult r = new LBFGS(TIGHT).minimize(TestProblems::rosenbrock, ROSENBROCK_START);

        assertTrue(r.converged(), r::toString);
        assertArrayEquals(new double[] {1.0, 1.0}, r.x(), 1e-6, r::toString);
        assertTrue(r.evaluations() <= 60, r::toString);
    }

    @Test
    void shouldMatchCholeskySolutionWhenMinimizingRandomQuadratic() {
        long seed = Seeds.announce("LBFGSTest.quadratic", 20240611L);
        TestProblems.Quadratic q = new TestProblems.Quadratic(50, seed);

        OptimizerResult r = new LBFGS(TIGHT).minimize(q, new double[q.dimension()]);

        assertTrue(r.converged(), r::toString);
        double err = TestProblems.relativeError(r.x(), q.closedForm());
        assertTrue(err <= 1e-6, () -> "relative error " + err + ", " + r);
        assertEquals(q.calls, r.evaluations());
    }

    /**
     * Commons Math's CG line search (Brent, on values only) cannot locate a minimum along a line much better than
     * {@code sqrt(machine epsilon)}, and CG stalls near a relative error of 3e-4 on this problem, so the two are
     * compared (a) at the accuracy L-BFGS reaches with its default options, CG stopping as soon as its gradient is
     * as small, and (b) each run to its own convergence, L-BFGS with a tight tolerance.
     */
    @Test
    void shouldNeedNoMoreEvaluationsThanConjugateGradientWhenMinimizingSameQuadratic() {
        long seed = Seeds.announce("LBFGSTest.versusConjugateGradient", 20240611L);
        TestProblems.Quadratic q = new TestProblems.Quadratic(50, seed);
        double[] expected = q.closedForm();
        int n = q.dimension();
        double[] checkGrad = new double[n];

        OptimizerResult lbfgs = new LBFGS().minimize(q, new double[n]);
        CountingCg asAccurate = new CountingCg(q, (iter, previous, current) ->
            gradNorm(q, current.getPoint(), checkGrad) <= lbfgs.gradientNorm());

        assertTrue(lbfgs.converged(), lbfgs::toString);
        assertTrue(asAccurate.values > 0 && gradNorm(q, asAccurate.point, checkGrad) <= lbfgs.gradientNorm());
        assertTrue(lbfgs.evaluations() <= asAccurate.values, () -> "L-BFGS evaluations " + lbfgs.evaluations()
            + ", CG value evaluations " + asAccurate.values + " (+ " + asAccurate.gradients + " gradients)");

        OptimizerResult tight = new LBFGS(TIGHT).minimize(q, new double[n]);
        CountingCg ownConvergence = new CountingCg(q, new SimpleValueChecker(1e-15, 1e-15));

        double lbfgsErr = TestProblems.relativeError(tight.x(), expected);
        double cgErr = TestProblems.relativeError(ownConvergence.point, expected);
        assertTrue(lbfgsErr <= 1e-6 && lbfgsErr <= cgErr, () -> "L-BFGS error " + lbfgsErr + ", CG " + cgErr);
        assertTrue(tight.evaluations() <= ownConvergence.values, () -> "L-BFGS evaluations " + tight.evaluations()
            + ", CG value evaluations " + ownConvergence.values + " (+ " + ownConvergence.gradients + ")");
    }

    /** Commons Math's Polak-Ribiere CG from 0 on a quadratic, counting value and gradient calls separately. */
    private static final class CountingCg {
        int values;
        int gradients;
        final double[] point;

        CountingCg(TestProblems.Quadratic q, ConvergenceChecker<PointValuePair> checker) {
            int n = q.dimension();
            double[] scratch = new double[n];
            MultivariateFunction value = x -> {
                values++;
                return q.valueAndGradient(x, scratch);
            };
            MultivariateVectorFunction gradient = x -> {
                gradients++;
                double[] g = new double[n];
                q.valueAndGradient(x, g);
                return g;
            };
            NonLinearConjugateGradientOptimizer cg = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, checker);
            point = cg.optimize(new MaxEval(100_000), new ObjectiveFunction(value),
                new ObjectiveFunctionGradient(gradient), GoalType.MINIMIZE, new InitialGuess(new double[n]))
                .getPoint();
        }
    }

    private static double gradNorm(TestProblems.Quadratic q, double[] x, double[] g) {
        int calls = q.calls;
        q.valueAndGradient(x, g);
        q.calls = calls;
        return Vectors.norm(g);
    }

    @Test
    void shouldStopAtMaxIterWhenNotConverged() {
        OptimizerResult r = new LBFGS(TIGHT.withMaxIter(5)).minimize(TestProblems::rosenbrock, ROSENBROCK_START);

        assertEquals(ConvergenceReason.MAX_ITERATIONS, r.reason());
        assertEquals(5, r.iterations());
        assertEquals(6, r.lossHistory().length);
    }

    @Test
    void shouldOnlyEvaluateStartWhenMaxIterIsZero() {
        OptimizerResult r = new LBFGS(TIGHT.withMaxIter(0)).minimize(TestProblems::rosenbrock, ROSENBROCK_START);

        assertEquals(ConvergenceReason.MAX_ITERATIONS, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertArrayEquals(ROSENBROCK_START, r.x());
        assertEquals(24.2, r.value(), 1e-12);
    }

    @Test
    void shouldRecordNonIncreasingLossHistoryWhenMinimizing() {
        long seed = Seeds.announce("LBFGSTest.lossHistory", 7L);
        TestProblems.Quadratic q = new TestProblems.Quadratic(50, seed);
        OptimizerResult quad = new LBFGS(TIGHT).minimize(q, new double[q.dimension()]);
        OptimizerResult rosen = new LBFGS(TIGHT).minimize(TestProblems::rosenbrock, ROSENBROCK_START);

        for (OptimizerResult r : new OptimizerResult[] {quad, rosen}) {
            double[] h = r.lossHistory();
            assertEquals(r.iterations() + 1, h.length);
            assertEquals(r.value(), h[h.length - 1]);
            assertTrue(TestProblems.nonIncreasing(h), r::toString);
        }
        assertEquals(24.2, rosen.lossHistory()[0], 1e-12);
        assertEquals(0.0, quad.lossHistory()[0]);
    }

    @Test
    void shouldConvergeByGradientWithoutIteratingWhenStartingAtMinimum() {
        OptimizerResult r = new LBFGS().minimize(TestProblems::rosenbrock, new double[] {1.0, 1.0});

        assertEquals(ConvergenceReason.GRADIENT, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
    }

    @Test
    void shouldConvergeByFunctionValuesWhenToleranceIsLoose() {
        // f = x^4 has a vanishing curvature at 0: the gradient rule (relative to f, which tends to 0) is slow,
        // the improvement dies out first
        DiffFunction quartic = (x, g) -> {
            g[0] = 4 * x[0] * x[0] * x[0];
            return x[0] * x[0] * x[0] * x[0];
        };

        OptimizerResult r = new LBFGS(OptimizerOptions.defaults().withTol(1e-4)).minimize(quartic, new double[] {3});

        assertEquals(ConvergenceReason.FUNCTION_VALUES, r.reason(), r::toString);
        assertTrue(Math.abs(r.x()[0]) < 0.1, r::toString);
    }

    @Test
    void shouldShortenStepWhenObjectiveIsInfiniteOutsideDomain() {
        // sum_i (x_i - log x_i), +Infinity for x_i <= 0, minimum at x = 1
        DiffFunction barrier = (x, g) -> {
            double v = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] <= 0) {
                    return Double.POSITIVE_INFINITY;
                }
                v += x[i] - Math.log(x[i]);
                g[i] = 1 - 1 / x[i];
            }
            return v;
        };

        OptimizerResult r = new LBFGS(TIGHT).minimize(barrier, new double[] {0.01, 5.0, 0.2});

        assertTrue(r.converged(), r::toString);
        assertArrayEquals(new double[] {1, 1, 1}, r.x(), 1e-8);
    }

    @Test
    void shouldRejectOptionsWhenOutOfRange() {
        InvalidArgumentException tol = assertThrows(InvalidArgumentException.class,
            () -> new OptimizerOptions(10, 100, -1e-6));
        assertEquals("tol: found -1.0E-6, expected a finite number >= 0", tol.getMessage());
        InvalidArgumentException m = assertThrows(InvalidArgumentException.class,
            () -> OptimizerOptions.defaults().withM(0));
        assertEquals("m (history size): found 0, expected at least 1", m.getMessage());
        InvalidArgumentException maxIter = assertThrows(InvalidArgumentException.class,
            () -> OptimizerOptions.defaults().withMaxIter(-1));
        assertEquals("maxIter: found -1, expected at least 0", maxIter.getMessage());
        InvalidArgumentException nan = assertThrows(InvalidArgumentException.class,
            () -> OptimizerOptions.defaults().withTol(Double.NaN));
        assertEquals("tol: found NaN, expected a finite number >= 0", nan.getMessage());
        OptimizerOptions defaults = OptimizerOptions.defaults();
        assertEquals(new OptimizerOptions(10, 100, 1e-6), defaults);
    }

    @Test
    void shouldRejectStartingPointWhenEmptyOrNotFinite() {
        LBFGS lbfgs = new LBFGS();
        InvalidArgumentException empty = assertThrows(InvalidArgumentException.class,
            () -> lbfgs.minimize(TestProblems::rosenbrock, new double[0]));
        assertEquals("x0: found dimension 0, expected at least 1", empty.getMessage());
        InvalidArgumentException nan = assertThrows(InvalidArgumentException.class,
            () -> lbfgs.minimize(TestProblems::rosenbrock, new double[] {1, Double.NaN}));
        assertEquals("x0[1]: found NaN, expected a finite number", nan.getMessage());
    }

    @Test
    void shouldFailNamingIterationWhenObjectiveTurnsNaN() {
        AtomicInteger calls = new AtomicInteger();
        DiffFunction breaksLater = (x, g) -> calls.incrementAndGet() > 4 ? Double.NaN : TestProblems.rosenbrock(x, g);

        MlException e = assertThrows(MlException.class,
            () -> new LBFGS().minimize(breaksLater, ROSENBROCK_START));

        assertEquals(5, calls.get(), "stops at the first NaN instead of searching on");
        assertTrue(e.getMessage().startsWith("L-BFGS: objective value at iteration "), e.getMessage());
        assertTrue(e.getMessage().contains("(evaluation 5, line-search step "), e.getMessage());
        assertTrue(e.getMessage().endsWith("found NaN, expected a finite value"), e.getMessage());
    }

    @Test
    void shouldFailNamingIterationZeroWhenObjectiveIsNaNAtStart() {
        MlException value = assertThrows(MlException.class,
            () -> new LBFGS().minimize((x, g) -> Double.NaN, new double[] {1, 2}));
        assertEquals("L-BFGS: objective value at iteration 0 (evaluation 1, starting point): found NaN, "
            + "expected a finite value", value.getMessage());

        MlException gradient = assertThrows(MlException.class, () -> new LBFGS().minimize((x, g) -> {
            g[0] = 0;
            g[1] = Double.NaN;
            return 1.0;
        }, new double[] {1, 2}));
        assertEquals("L-BFGS: gradient[1] at iteration 0 (evaluation 1, starting point): found NaN, "
            + "expected a finite value", gradient.getMessage());
    }
}
