package dev.ember.ml.algo.optim;

import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ProximalNewton on quadratic problems {@code x^T A x / 2 - b^T x + sum l1_i |x_i|} with ill-conditioned
 * {@code A}, checked by the optimality (KKT) conditions of the L1 problem, which certify the optimum
 * independently of any solver.
 */
class ProximalNewtonTest {

    /** A = Q diag(10^(-e i / (n - 1))) Q^T for a random orthogonal Q: condition number 10^e. */
    static double[][] illConditioned(int n, double exponent, SplittableRandom rnd) {
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = rnd.nextGaussian();
            }
            // Gram-Schmidt against the previous rows
            for (int p = 0; p < i; p++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += q[i][j] * q[p][j];
                }
                for (int j = 0; j < n; j++) {
                    q[i][j] -= dot * q[p][j];
                }
            }
            double norm = Math.sqrt(Vectors.dot(q[i], q[i]));
            for (int j = 0; j < n; j++) {
                q[i][j] /= norm;
            }
        }
        double[][] a = new double[n][n];
        for (int p = 0; p < n; p++) {
            double lambda = Math.pow(10, -exponent * p / (n - 1));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += lambda * q[p][i] * q[p][j];
                }
            }
        }
        return a;
    }

    /** {@code b = A x*} for a random {@code x* ~ N(0, 1)}: the unpenalized optimum is of order 1. */
    static double[] rhsFor(double[][] a, SplittableRandom rnd) {
        int n = a.length;
        double[] xStar = new double[n];
        for (int i = 0; i < n; i++) {
            xStar[i] = rnd.nextGaussian();
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = Vectors.dot(a[i], xStar);
        }
        return b;
    }

    static DiffFunction quadratic(double[][] a, double[] b) {
        return (x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double ax = 0;
                for (int j = 0; j < x.length; j++) {
                    ax += a[i][j] * x[j];
                }
                g[i] = ax - b[i];
                f += 0.5 * x[i] * ax - b[i] * x[i];
            }
            return f;
        };
    }

    /** @return the largest violation of the L1 problem's optimality conditions at x */
    static double kktResidual(DiffFunction f, double[] x, double[] l1) {
        double[] g = new double[x.length];
        f.valueAndGradient(x, g);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double r = x[i] != 0 ? Math.abs(g[i] + l1[i] * Math.signum(x[i])) : Math.max(0, Math.abs(g[i]) - l1[i]);
            worst = Math.max(worst, r);
        }
        return worst;
    }

    @Test
    void shouldReachTheOptimumOfAnIllConditionedLassoInFewIterations() {
        SplittableRandom rnd = new SplittableRandom(Seeds.announce("ProximalNewtonTest.lasso", 9));
        int n = 40;
        double[][] a = illConditioned(n, 8, rnd);
        double[] b = rhsFor(a, rnd);
        double[] l1 = new double[n];
        java.util.Arrays.fill(l1, 0.05);
        DiffFunction f = quadratic(a, b);
        OptimizerResult r = new ProximalNewton(OptimizerOptions.defaults().withTol(1e-12))
            .minimize(f, x -> a, l1, new double[n]);
        double kkt = kktResidual(f, r.x(), l1);
        System.out.println("proximal Newton, condition 1e8: " + r + ", KKT residual " + kkt);
        assertTrue(r.converged(), r.toString());
        assertTrue(r.iterations() <= 3, "a quadratic takes one exact Newton step: " + r);
        assertTrue(kkt <= 1e-9, "KKT residual " + kkt);
        int zeros = 0;
        for (double v : r.x()) {
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < n, "the L1 term sets some, not all, coordinates to exactly 0: " + zeros);
    }

    @Test
    void shouldStopAfterOneHessianWhenStartedAtTheOptimum() {
        SplittableRandom rnd = new SplittableRandom(Seeds.announce("ProximalNewtonTest.restart", 10));
        int n = 10;
        double[][] a = illConditioned(n, 4, rnd);
        double[] b = rhsFor(a, rnd);
        DiffFunction f = quadratic(a, b);
        ProximalNewton newton = new ProximalNewton(OptimizerOptions.defaults());
        OptimizerResult first = newton.minimize(f, x -> a, null, new double[n]);
        OptimizerResult again = newton.minimize(f, x -> a, null, first.x());
        assertTrue(again.converged(), again.toString());
        assertTrue(again.evaluations() <= 3, "from the optimum: " + again.evaluations()
            + " evaluations (1 value, 1 Hessian, at most 1 trial)");
        assertEquals(first.value(), again.value(), 1e-12 * Math.abs(first.value()));
    }

    @Test
    void shouldFinishWhatTheQuasiNewtonMethodCannotOnTheSameProblem() {
        SplittableRandom rnd = new SplittableRandom(Seeds.announce("ProximalNewtonTest.owlqn", 11));
        int n = 30;
        double[][] a = illConditioned(n, 9, rnd);
        double[] b = rhsFor(a, rnd);
        double[] l1 = new double[n];
        java.util.Arrays.fill(l1, 0.01);
        DiffFunction f = quadratic(a, b);
        OptimizerResult owlqn = new OWLQN(OptimizerOptions.defaults()).minimize(f, l1, new double[n]);
        OptimizerResult newton = new ProximalNewton(OptimizerOptions.defaults()).minimize(f, x -> a, l1,
            new double[n]);
        double kktQuasi = kktResidual(f, owlqn.x(), l1);
        double kktNewton = kktResidual(f, newton.x(), l1);
        System.out.println("condition 1e9 at the defaults: OWL-QN " + owlqn + " KKT " + kktQuasi
            + "; proximal Newton " + newton + " KKT " + kktNewton);
        assertTrue(kktNewton <= 1e-9, "proximal Newton KKT residual " + kktNewton);
        assertTrue(newton.value() <= owlqn.value() + 1e-15 * Math.abs(owlqn.value()),
            "proximal Newton " + newton.value() + " vs OWL-QN " + owlqn.value());
    }
}
