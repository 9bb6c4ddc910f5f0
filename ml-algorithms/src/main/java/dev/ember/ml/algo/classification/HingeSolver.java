package dev.ember.ml.algo.classification;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact solver of the linear SVM's quadratic program
 *
 * <pre>
 *   min_theta  (1/W) sum_i c_i max(0, 1 - a_i . theta)  +  (lambda / 2) sum_j pen_j theta_j^2
 * </pre>
 *
 * in the standardized space ({@code a_i = s_i [(x_i - mean) / std, 1]}, {@code pen_j} 1 with standardization,
 * {@code 1 / std_j^2} without, intercept unpenalized), data-parallel: every pass is one tree-aggregate
 * ({@link HingeKernels}).
 *
 * <ol>
 *   <li>Smoothing homotopy: the hinge is replaced by the Huber-type {@code l_h} (quadratic on {@code (0, h]}),
 *       minimized by Newton's method with an Armijo line search (exact Hessian: the few rows of the quadratic
 *       zone), warm-started as {@code h} falls tenfold per stage.</li>
 *   <li>Exact polish: the zone rows are gathered to the driver and taken as the rows on the margin; with the
 *       rows beyond it at their upper dual bound, the KKT system
 *       {@code H theta - A_E' alpha = q + sum_L u_i a_i, A_E theta = 1} is solved exactly. A check pass accepts
 *       it when every dual value is in its box and every row keeps its side of the margin (to 1e-9): the point
 *       then satisfies the QP's KKT conditions, whatever the partitioning.</li>
 *   <li>Without regularization ({@code lambda = 0}) the problem is a linear program whose solution need not be
 *       unique. It is solved by band LPs ({@link BandLp}): the rows near the margin of a centre are gathered
 *       (all of them when they fit the cap), the rest enter linearly or drop out, the model is minimized exactly
 *       on the driver in a trust region, and one certificate pass over all rows compares the loss at the result
 *       with the lower bound given by the LP's stationary dual values; it stops when they agree to 1e-10
 *       relative, and otherwise moves the centre and rebuilds the band. Separable data (optimum 0) are recognized
 *       when the solution, scaled by {@code 1 + 1e-8}, leaves every row beyond the margin; the maximum-margin
 *       separator is then returned (exact QPs for falling regParam until one has zero loss).</li>
 * </ol>
 *
 * <p>The Newton systems are dense in the dimension, so the solver is meant for up to {@link #MAX_DIMENSION}
 * features.
 */
final class HingeSolver {
    /** Largest supported number of features (the Hessian pass moves {@code (d + 1)^2} doubles). */
    static final int MAX_DIMENSION = 2048;
    private static final double TOL_MARGIN = 1e-9;
    private static final double SMALLEST_WIDTH = 1e-11;
    private static final int STAGE_STEPS = 50;
    /** Rows with slack in {@code (-BAND h, (1 + BAND) h]} are gathered for the driver's active-set polish. */
    private static final double BAND = 1;
    private static final double WIDTH_FACTOR = 0.25;

    private final Frame frame;
    private final String featuresCol;
    private final String labelCol;
    private final String weightCol;
    private final double[] center;
    private final double[] invStd;
    private final int d;
    private final int p;
    private final boolean intercept;
    private final double lambda;
    private final double[] pen;
    private final boolean[] free;
    private final int depth;
    private final int maxSteps;
    /** The Newton step limit of the current subproblem. */
    private int stepLimit;
    private final int gatherCap;
    private int lpCap;
    private int passes;
    private int steps;
    private final List<Double> history = new ArrayList<>();

    /** What a fit found. */
    record Result(double[] theta, double objective, int steps, int passes, boolean exact, String reason,
                  double[] history) {
    }

    HingeSolver(Frame frame, String featuresCol, String labelCol, String weightCol, double[] mean, double[] std, boolean intercept, double lambda,
                boolean standardization, int depth, int maxSteps) {
        this.d = mean.length;
        if (d > MAX_DIMENSION) {
            throw new InvalidArgumentException("LinearSVC: found " + d + " features, expected at most "
                + MAX_DIMENSION + " (the exact hinge solver forms dense (d + 1)^2 Newton systems)");
        }
        this.frame = frame;
        this.featuresCol = featuresCol;
        this.labelCol = labelCol;
        this.weightCol = weightCol;
        this.p = d + (intercept ? 1 : 0);
        this.intercept = intercept;
        this.lambda = lambda;
        this.depth = depth;
        this.maxSteps = maxSteps;
        this.stepLimit = maxSteps;
        this.gatherCap = (int) Math.min(20_000, Math.max(1024, 8L * (p + 1)));
        this.lpCap = (int) Math.min(20_000, Math.max(2048, 16L * (p + 1)));
        this.pen = new double[p];
        this.free = new boolean[p];
        this.invStd = new double[d];
        this.center = new double[d];
        for (int j = 0; j < d; j++) {
            free[j] = std[j] > 0 && Double.isFinite(std[j]);
            invStd[j] = free[j] ? 1 / std[j] : 0;
            center[j] = intercept ? mean[j] : 0;
            pen[j] = free[j] ? (standardization ? 1 : invStd[j] * invStd[j]) : 0;
        }
        if (intercept) {
            free[d] = true;
        }
    }

    /**
     * Sets the largest number of rows the linear program's band may gather (tests use a small one to exercise the
     * band path on small data).
     *
     * @param cap the cap, at least 1
     * @return this solver
     */
    HingeSolver lpGatherCap(int cap) {
        if (cap < 1) {
            throw new InvalidArgumentException("lpGatherCap: found " + cap + ", expected >= 1");
        }
        this.lpCap = cap;
        return this;
    }

    Result solve() {
        double[] theta = new double[p];
        if (lambda > 0) {
            double[] hd = new double[p];
            for (int j = 0; j < p; j++) {
                hd[j] = lambda * pen[j];
            }
            Sub s = solveSub(hd, new double[p], theta, 1);
            return result(s.theta, s.check, s.exact, s.exact ? "KKT conditions of the QP hold (exact polish)"
                : s.reason);
        }
        return solveLinearProgram();
    }

    /**
     * {@code lambda = 0}: the linear program, by exact band models in a trust region (see {@link BandLp}). When the
     * data fit in the gather cap the band is every row and one driver LP plus one certificate pass solve it;
     * otherwise a proximal Newton subproblem gives the starting point and the band holds the rows nearest the
     * margin.
     */
    private Result solveLinearProgram() {
        double[] theta = new double[p];
        double[] pass = bandPass(theta, ALL_ROWS);
        int sb = HingeKernels.bandScalarBase(p);
        double w = pass[sb + 1];
        if (!(w > 0)) {
            throw new InvalidArgumentException("LinearSVC: the training data has total weight " + w
                + ", expected > 0");
        }
        double maxNorm = pass[sb + 5];
        double band = ALL_ROWS;
        if (pass[sb + 3] != 0) {
            // too many rows for one driver LP: start from a proximal subproblem's exact solution
            double[] hd = new double[p];
            for (int j = 0; j < p; j++) {
                hd[j] = free[j] ? PROXIMAL_START : 0;
            }
            // (a start only: at most half of maxIter Newton steps; the band LPs then have maxIter rounds of their own)
            stepLimit = Math.max(1, maxSteps / 2);
            theta = solveSub(hd, new double[p], theta, 1).theta;
            stepLimit = maxSteps;
            pass = bandPass(theta, ALL_ROWS);
            band = chooseBand(Arrays.copyOfRange(pass, sb + HingeKernels.BAND_SCALARS,
                sb + HingeKernels.BAND_SCALARS + HingeKernels.BINS));
            if (band < 0) {
                return lpResult(theta, pass[sb + 2] / w, false, "more than " + lpCap
                    + " rows lie on the margin: the band LP does not fit the gather cap");
            }
            pass = bandPass(theta, band);
        }
        double exactRadius = band >= ALL_ROWS ? Double.POSITIVE_INFINITY : band / Math.max(maxNorm, 1e-300);
        double radius = band >= ALL_ROWS ? boxForAll(theta) : 4 * exactRadius;
        for (int round = 0; ; round++) {
            double loss = pass[sb + 2] / w;
            int m = (int) pass[sb + 4];
            int at = HingeKernels.bandRowsBase(p);
            double[][] a = new double[m][];
            double[] u = new double[m];
            double[] z = new double[m];
            for (int i = 0; i < m; i++) {
                int o = at + i * (p + 1);
                a[i] = Arrays.copyOfRange(pass, o, o + p);
                u[i] = pass[o + p] / w;
                z[i] = 1 - HingeKernels.dot(a[i], theta);
            }
            double[] g = new double[p];
            for (int j = 0; j < p; j++) {
                g[j] = free[j] ? pass[HingeKernels.HEADER + j] / w : 0;
            }
            double cU = pass[sb] / w;
            BandLp.Solution sol = BandLp.solve(a, u, z, g, free, radius, 50 * (m + p) + 1000);
            steps++;
            if (sol == null) {
                return lpResult(theta, loss, false, "the band LP's simplex did not finish (" + m + " rows)");
            }
            double[] star = new double[p];
            for (int j = 0; j < p; j++) {
                star[j] = theta[j] + sol.step()[j];
            }
            double[] cert = certificatePass(theta, star, band);
            double lossStar = cert[1] / w;
            double mismatch = cert[2] / w;
            history.add(lossStar);
            double scale = cU + 1e-300;
            for (int i = 0; i < m; i++) {
                scale += u[i] * (1 + Math.abs(z[i]));
            }
            boolean stationary = sol.residual() <= 1e-12 * Math.max(1, scale);
            double lower = Math.max(0, stationary ? cU + sol.dualValue() : 0);
            if (lossStar > 0 && lossStar <= zeroLoss(star, maxNorm)) {
                // only rounding is left on the margin rows: the data are separable, and a direction scaled by
                // 1 + 1e-8 puts every margin strictly beyond 1 (zero loss, the LP's optimum)
                double[] scaled = star.clone();
                for (int j = 0; j < p; j++) {
                    scaled[j] *= 1 + 1e-8;
                }
                double[] c2 = certificatePass(theta, scaled, band);
                if (c2[1] == 0) {
                    star = scaled;
                    lossStar = 0;
                }
            }
            if (lossStar == 0) {
                double[] widest = maxMargin(maxNorm);
                if (widest != null) {
                    return lpResult(widest, 0, true, "zero hinge loss: the data are separated; of the optima, the"
                        + " maximum-margin separator (the limit of regParam -> 0) after " + (round + 1)
                        + " band LPs");
                }
                return lpResult(star, 0, true, "zero hinge loss: the data are separated (optimum not unique; "
                    + (round + 1) + " band LPs)");
            }
            if (lossStar - lower <= 1e-10 * lossStar + 1e-14) {
                return lpResult(star, lossStar, true, "linear program solved: band LP optimum certified over all"
                    + " rows, gap " + (lossStar - lower) + " (" + (round + 1) + " band LPs, " + m + " band rows)");
            }
            if (round + 1 >= maxSteps) {
                return lossStar < loss ? lpResult(star, lossStar, false, "maxIter reached in the band LP loop")
                    : lpResult(theta, loss, false, "maxIter reached in the band LP loop");
            }
            // trust region: the model's predicted decrease against the actual one
            double predicted = loss - (cU + sol.dualValue());
            double ratio = predicted > 0 ? (loss - lossStar) / predicted : 0;
            if (lossStar < loss) {
                theta = star;
                if (ratio >= 0.75 && !stationary) {
                    radius *= 4;
                } else if (ratio < 0.25) {
                    radius = Math.max(exactRadius, radius / 4);
                }
                if (band < ALL_ROWS) {
                    band = chooseBand(Arrays.copyOfRange(cert, 3, 3 + HingeKernels.BINS));
                    if (band < 0) {
                        return lpResult(theta, lossStar, false, "more than " + lpCap
                            + " rows lie on the margin: the band LP does not fit the gather cap");
                    }
                    exactRadius = band / Math.max(maxNorm, 1e-300);
                    radius = Math.max(radius, exactRadius);
                }
                pass = bandPass(theta, band);
            } else if (radius <= exactRadius) {
                // the model is exact in the box and the centre is its minimum: a local, hence global, optimum
                return lpResult(theta, loss, true, "linear program solved: the centre minimizes the exact band"
                    + " model over its box (" + (round + 1) + " band LPs)");
            } else {
                radius = Math.max(exactRadius, radius / 4);
            }
        }
    }

    /**
     * Separable data: among the zero-loss optima, the separator of least penalty norm (the hard-margin SVM, which
     * is where the QP's solution ends as regParam falls to 0). The QP is solved exactly for regParam 1e-2, 1e-4,
     * ... 1e-10 (warm-started) until its solution has zero loss: then no separator has a smaller norm. Returns
     * null when none has within maxIter Newton steps.
     */
    private double[] maxMargin(double maxNorm) {
        double[] theta = new double[p];
        for (double lam = 1e-2; lam >= 1e-16; lam *= 1e-2) {
            int limit = steps + maxSteps;
            double[] hd = new double[p];
            for (int j = 0; j < p; j++) {
                hd[j] = lam * pen[j];
            }
            stepLimit = limit;
            Sub s = solveSub(hd, new double[p], theta, 1);
            stepLimit = maxSteps;
            if (!s.exact) {
                return null;
            }
            theta = s.theta;
            if (s.check[2] / s.check[3] <= zeroLoss(theta, maxNorm)) {
                // the margin rows sit at 1 up to rounding: scaled by 1 + 1e-8 every margin is beyond 1
                double[] scaled = theta.clone();
                for (int j = 0; j < p; j++) {
                    scaled[j] *= 1 + 1e-8;
                }
                return certificatePass(scaled, scaled, ALL_ROWS)[1] == 0 ? scaled : null;
            }
        }
        return null;
    }

    private static final double ALL_ROWS = 1e300;

    /** A mean loss that rounding alone can leave on rows exactly on the margin of {@code theta}. */
    private static double zeroLoss(double[] theta, double maxNorm) {
        double size = 0;
        for (double v : theta) {
            size = Math.max(size, Math.abs(v));
        }
        return 1e-13 * (1 + maxNorm * size);
    }
    private static final double PROXIMAL_START = 1e-2;

    /** A box radius that does not bind when every row is in the model: far beyond any useful coefficient. */
    private double boxForAll(double[] theta) {
        double size = 1;
        for (double v : theta) {
            size = Math.max(size, Math.abs(v));
        }
        return 1e4 * size;
    }

    /** The widest histogram edge whose rows fit the LP cap; ALL_ROWS when all do, -1 when none does. */
    private double chooseBand(double[] histogram) {
        double total = 0;
        for (double v : histogram) {
            total += v;
        }
        if (total <= lpCap) {
            return ALL_ROWS;
        }
        double count = 0;
        double band = -1;
        for (int k = 0; k < HingeKernels.BINS - 1; k++) {
            count += histogram[k];
            if (count > lpCap) {
                break;
            }
            band = HingeKernels.binEdge(k);
        }
        return band;
    }

    private Result lpResult(double[] theta, double meanLoss, boolean exact, String reason) {
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(theta, objective(theta, meanLoss), steps, passes, exact, reason, h);
    }

    private double[] bandPass(double[] theta, double band) {
        KernelParams params = params(lpCap).put("theta", theta).put("band", band).build();
        double[] r = frame.treeAggregate(AggregateCall.of(HingeKernels.BandPass.class, params), depth);
        passes++;
        return r;
    }

    private double[] certificatePass(double[] thetaK, double[] thetaStar, double band) {
        KernelParams params = params().put("thetaK", thetaK).put("thetaStar", thetaStar).put("band", band).build();
        double[] r = frame.treeAggregate(AggregateCall.of(HingeKernels.CertificatePass.class, params), depth);
        passes++;
        return r;
    }

    private Result result(double[] theta, double[] check, boolean exact, String reason) {
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(theta, objective(theta, check[2] / check[3]), steps, passes, exact, reason, h);
    }

    double objective(double[] theta, double meanLoss) {
        double v = meanLoss;
        for (int j = 0; j < d; j++) {
            v += 0.5 * lambda * pen[j] * theta[j] * theta[j];
        }
        return v;
    }

    private record Sub(double[] theta, double[] check, boolean exact, String reason) {
    }

    /** Minimizes the hinge plus {@code (1/2) theta' diag(hd) theta - q . theta}. */
    private Sub solveSub(double[] hd, double[] q, double[] theta0, double width) {
        double h = width;
        double[] theta = theta0.clone();
        double[] pass = newtonPass(theta, h);
        String reason = "maxIter reached before the exact polish";
        while (true) {
            // Newton on the smoothed objective at width h
            for (int it = 0; it < STAGE_STEPS && steps < stepLimit; it++) {
                double f = smoothValue(pass, theta, hd, q, h);
                double[] g = gradient(pass, theta, hd, q);
                double[] step = newtonStep(pass, hd, h, g);
                double slope = 0;
                for (int j = 0; j < p; j++) {
                    slope += g[j] * step[j];
                }
                if (-slope <= 1e-15 * Math.max(1e-3, Math.abs(f))) {
                    break;
                }
                steps++;
                double t = 1;
                double[] trial = null;
                double[] next = null;
                for (int ls = 0; ls < 60; ls++) {
                    trial = new double[p];
                    for (int j = 0; j < p; j++) {
                        trial[j] = theta[j] + t * step[j];
                    }
                    next = newtonPass(trial, h);
                    if (smoothValue(next, trial, hd, q, h) <= f + 1e-4 * t * slope) {
                        break;
                    }
                    t /= 2;
                    next = null;
                }
                if (next == null) {
                    break;
                }
                theta = trial;
                pass = next;
            }
            int sb = HingeKernels.scalarBase(p);
            // the polish solves dense KKT systems of the margin candidates: only worth it once the smoothing zone
            // is about as small as a margin set can be (at most p + 1 independent rows, plus ties)
            if (pass[sb + 4] == 0 && pass[sb + 3] <= 2 * (p + 1) + 8) {
                double[] star = polish(pass, theta, hd, q, h);
                if (star != null) {
                    double[] check = checkPass(theta, star, h);
                    if (check[0] == 0) {
                        return new Sub(star, check, true, "exact");
                    }
                }
            }
            if (steps >= stepLimit || h <= SMALLEST_WIDTH) {
                if (h <= SMALLEST_WIDTH) {
                    reason = "the exact polish was not verified down to smoothing width " + h;
                }
                double[] check = checkPass(theta, theta, h);
                return new Sub(theta, check, false, reason);
            }
            h *= WIDTH_FACTOR;
            pass = newtonPass(theta, h);
        }
    }

    private KernelParams.Builder params() {
        return params(gatherCap);
    }

    private KernelParams.Builder params(int cap) {
        KernelParams.Builder b = KernelParams.builder().put("featuresCol", featuresCol).put("labelCol", labelCol)
            .put("mean", center).put("invStd", invStd).put("intercept", intercept).put("gatherCap", (long) cap);
        if (weightCol != null) {
            b.put("weightCol", weightCol);
        }
        return b;
    }

    private double[] newtonPass(double[] theta, double h) {
        KernelParams params = params().put("theta", theta).put("smoothing", h).put("gatherLow", -BAND * h)
            .put("gatherHigh", (1 + BAND) * h).build();
        double[] r = frame.treeAggregate(AggregateCall.of(HingeKernels.NewtonPass.class, params), depth);
        passes++;
        int sb = HingeKernels.scalarBase(p);
        if (!(r[sb + 2] > 0)) {
            throw new InvalidArgumentException("LinearSVC: the training data has total weight " + r[sb + 2]
                + ", expected > 0");
        }
        history.add(objective(theta, r[sb + 1] / r[sb + 2]));
        return r;
    }

    private double[] checkPass(double[] thetaH, double[] thetaStar, double h) {
        KernelParams params = params().put("thetaH", thetaH).put("thetaStar", thetaStar)
            .put("gatherLow", -BAND * h).put("gatherHigh", (1 + BAND) * h).put("tol", TOL_MARGIN).build();
        double[] r = frame.treeAggregate(AggregateCall.of(HingeKernels.CheckPass.class, params), depth);
        passes++;
        return r;
    }

    private double smoothValue(double[] pass, double[] theta, double[] hd, double[] q, double h) {
        int sb = HingeKernels.scalarBase(p);
        double v = pass[sb] / pass[sb + 2];
        for (int j = 0; j < p; j++) {
            v += 0.5 * hd[j] * theta[j] * theta[j] - q[j] * theta[j];
        }
        return v;
    }

    private double[] gradient(double[] pass, double[] theta, double[] hd, double[] q) {
        int sb = HingeKernels.scalarBase(p);
        double w = pass[sb + 2];
        double[] g = new double[p];
        for (int j = 0; j < p; j++) {
            g[j] = free[j] ? -pass[HingeKernels.HEADER + j] / w + hd[j] * theta[j] - q[j] : 0;
        }
        return g;
    }

    private double[] newtonStep(double[] pass, double[] hd, double h, double[] g) {
        int sb = HingeKernels.scalarBase(p);
        double w = pass[sb + 2];
        int hOff = HingeKernels.HEADER + 2 * p;
        double[][] m = new double[p][p];
        double maxDiag = 0;
        for (int j = 0; j < p; j++) {
            for (int k = j; k < p; k++) {
                double v = pass[hOff + j * p + k] / (h * w);
                m[j][k] = v;
                m[k][j] = v;
            }
            if (!free[j]) {
                Arrays.fill(m[j], 0);
                for (int k = 0; k < p; k++) {
                    m[k][j] = 0;
                }
                m[j][j] = 1;
            } else {
                m[j][j] += hd[j];
            }
            maxDiag = Math.max(maxDiag, m[j][j]);
        }
        double[] rhs = new double[p];
        for (int j = 0; j < p; j++) {
            rhs[j] = -g[j];
        }
        for (double shift = 0; ; shift = shift == 0 ? 1e-12 * maxDiag : shift * 100) {
            double[] x = DenseSolve.cholesky(m, shift, rhs);
            if (x != null) {
                return x;
            }
        }
    }

    /**
     * Active-set solve of the KKT conditions over the gathered band rows, with the rows beyond the band fixed at
     * their dual bounds (upper above it, 0 below): start from the smoothed point's classes, solve the equality
     * system for the margin rows, move rows whose dual value leaves its box or whose slack changes sign, repeat.
     * Returns null when no consistent set is found.
     */
    private double[] polish(double[] pass, double[] thetaH, double[] hd, double[] q, double h) {
        int sb = HingeKernels.scalarBase(p);
        double w = pass[sb + 2];
        int m = (int) pass[sb + 5];
        int rowsAt = sb + HingeKernels.SCALARS;
        double[][] a = new double[m][];
        double[] u = new double[m];
        int[] cls = new int[m];
        for (int i = 0; i < m; i++) {
            int at = rowsAt + i * (p + 1);
            a[i] = Arrays.copyOfRange(pass, at, at + p);
            u[i] = pass[at + p] / w;
            double z = 1 - HingeKernels.dot(a[i], thetaH);
            cls[i] = z > h ? UPPER : z > 0 ? MARGIN : LOWER;
        }
        double[] base = new double[p];
        for (int j = 0; j < p; j++) {
            base[j] = free[j] ? q[j] + pass[HingeKernels.HEADER + p + j] / w : 0;
        }
        for (int round = 0; round < 4 * m + 10; round++) {
            double[] x = solveKkt(a, u, cls, base, hd, thetaH);
            if (x == null) {
                return null;
            }
            boolean changed = false;
            int e = 0;
            for (int i = 0; i < m; i++) {
                double z = 1 - HingeKernels.dot(a[i], x);
                if (cls[i] == MARGIN) {
                    double alpha = x[p + e++];
                    if (alpha > u[i] * (1 + TOL_MARGIN)) {
                        cls[i] = UPPER;
                        changed = true;
                    } else if (alpha < -TOL_MARGIN * u[i]) {
                        cls[i] = LOWER;
                        changed = true;
                    }
                } else if ((cls[i] == UPPER && z < -TOL_MARGIN) || (cls[i] == LOWER && z > TOL_MARGIN)) {
                    cls[i] = MARGIN;
                    changed = true;
                }
            }
            if (!changed) {
                return Arrays.copyOf(x, p);
            }
        }
        return null;
    }

    private static final int LOWER = 0;
    private static final int MARGIN = 1;
    private static final int UPPER = 2;

    /** {@code H theta - A_E' alpha = base + sum_{upper} u a; A_E theta = 1}: returns [theta, alpha_E] or null. */
    private double[] solveKkt(double[][] a, double[] u, int[] cls, double[] base, double[] hd, double[] thetaH) {
        int m = 0;
        for (int c : cls) {
            m += c == MARGIN ? 1 : 0;
        }
        int n = p + m;
        double[][] k = new double[n][n];
        double[] rhs = new double[n];
        for (int j = 0; j < p; j++) {
            k[j][j] = free[j] ? hd[j] : 1;
            rhs[j] = base[j];
        }
        int e = 0;
        for (int i = 0; i < cls.length; i++) {
            if (cls[i] == UPPER) {
                for (int j = 0; j < p; j++) {
                    if (free[j]) {
                        rhs[j] += u[i] * a[i][j];
                    }
                }
            } else if (cls[i] == MARGIN) {
                for (int j = 0; j < p; j++) {
                    if (free[j]) {
                        k[j][p + e] = -a[i][j];
                        k[p + e][j] = a[i][j];
                    }
                }
                rhs[p + e] = 1;
                e++;
            }
        }
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) {
            copy[i] = k[i].clone();
        }
        double[] x = DenseSolve.lu(copy, rhs);
        if (x != null) {
            return x;
        }
        // singular (an intercept with no row on the margin, duplicated margin rows): a tiny proximal term toward
        // the smoothed point picks one of the optima
        double eps = 1e-10;
        for (int i = 0; i < n; i++) {
            if (i < p && free[i]) {
                k[i][i] += eps;
                rhs[i] += eps * thetaH[i];
            } else if (i >= p) {
                k[i][i] += eps;
            }
        }
        return DenseSolve.lu(k, rhs);
    }
}
