package dev.ember.ml.algo.optim;

/**
 * A line search for a step satisfying the strong Wolfe conditions
 * <pre>
 *   phi(a) &lt;= phi(0) + C1 a phi'(0)      (sufficient decrease)
 *   |phi'(a)| &lt;= C2 |phi'(0)|             (curvature)
 * </pre>
 * on {@code phi(a) = f(x + a d)}: Nocedal and Wright, "Numerical Optimization", 2nd ed., Algorithm 3.5 (bracketing)
 * and Algorithm 3.6 (zoom), with the cubic interpolation of their eq. 3.59 to choose trial steps, safeguarded to
 * stay inside the bracket (and by bisection when the cubic has no minimizer there or a bracket end is
 * {@code +Infinity}). Every trial step costs one evaluation of value and gradient together; the accepted step is
 * always the last one evaluated, so its point and gradient are already in the caller's output arrays.
 *
 * <p>If the evaluation budget runs out, the best point found that satisfies sufficient decrease is returned
 * (flagged by {@link #wolfe()} false); if there is none, the search fails. All storage is allocated once.
 */
final class StrongWolfeLineSearch {
    /** Sufficient-decrease constant (N&amp;W's recommended 1e-4). */
    static final double C1 = 1e-4;
    /** Curvature constant (N&amp;W's 0.9 for quasi-Newton methods). */
    static final double C2 = 0.9;
    /** Evaluations allowed per line search (bracketing and zoom together). */
    static final int MAX_EVALUATIONS = 20;
    /** Extrapolation cap: a new trial step is at most this multiple of the last one. */
    private static final double EXTRAPOLATION_MAX = 10.0;
    /** A zoom trial step keeps at least this fraction of the bracket away from its ends. */
    private static final double SAFEGUARD = 0.1;
    /** The zoom gives up when the bracket is this small relative to its larger end. */
    private static final double MIN_RELATIVE_WIDTH = 1e-14;
    /**
     * Trials whose value differs from the start's by at most {@link Progress#ROUNDING} of its magnitude, after
     * which the search gives up: the objective is flat to rounding along the direction, and more trials would only
     * spend passes over the data (the search used to spend all {@value #MAX_EVALUATIONS} there).
     */
    static final int MAX_FLAT_TRIALS = 3;
    private int flatTrials;

    private final double[] xLo;
    private final double[] gLo;
    private double value;
    private double step;
    private boolean wolfe;

    // bracket ends: lo (best point with sufficient decrease so far) and hi
    private double aLo;
    private double fLo;
    private double dLo;
    private double aHi;
    private double fHi;
    private double dHi;

    StrongWolfeLineSearch(int n) {
        this.xLo = new double[n];
        this.gLo = new double[n];
    }

    /** @return the objective at the accepted point */
    double value() {
        return value;
    }

    /** @return the accepted step */
    double step() {
        return step;
    }

    /** @return true if the accepted step satisfies both strong Wolfe conditions, false if only sufficient decrease */
    boolean wolfe() {
        return wolfe;
    }

    /**
     * Searches along {@code d} from {@code x}.
     *
     * @param f the objective
     * @param x the current point
     * @param f0 the objective at {@code x}
     * @param d a descent direction
     * @param dphi0 {@code g'd < 0}
     * @param a0 the first trial step
     * @param xOut receives the accepted point
     * @param gOut receives the gradient there
     * @return true if a step with sufficient decrease was found
     */
    boolean search(Objective f, double[] x, double f0, double[] d, double dphi0, double a0, double[] xOut,
                   double[] gOut) {
        double armijoSlope = C1 * dphi0;
        double curvature = -C2 * dphi0;
        double aPrev = 0;
        double fPrev = f0;
        double dPrev = dphi0;
        aLo = 0;
        fLo = f0;
        dLo = dphi0;
        double a = a0;
        int evaluations = 0;
        flatTrials = 0;
        while (evaluations < MAX_EVALUATIONS && flatTrials < MAX_FLAT_TRIALS) {
            double fa = phi(f, x, d, a, xOut, gOut, f0);
            double da = Vectors.dot(gOut, d);
            evaluations++;
            if (!(fa <= f0 + a * armijoSlope) || (evaluations > 1 && fa >= fPrev)) {
                aHi = a;
                fHi = fa;
                dHi = da;
                return zoom(f, x, f0, d, armijoSlope, curvature, evaluations, xOut, gOut);
            }
            if (Math.abs(da) <= curvature) {
                return accept(a, fa, true);
            }
            keepLo(a, fa, da, xOut, gOut);
            if (da >= 0) {
                aHi = aPrev;
                fHi = fPrev;
                dHi = dPrev;
                return zoom(f, x, f0, d, armijoSlope, curvature, evaluations, xOut, gOut);
            }
            double lower = a + SAFEGUARD * (a - aPrev);
            double upper = EXTRAPOLATION_MAX * a;
            double next = cubicMinimizer(aPrev, fPrev, dPrev, a, fa, da);
            if (!(next >= lower)) {
                next = Double.isFinite(next) ? lower : upper;
            } else if (next > upper) {
                next = upper;
            }
            aPrev = a;
            fPrev = fa;
            dPrev = da;
            a = next;
        }
        return fallBack(xOut, gOut);
    }

    /** Algorithm 3.6: shrinks the bracket [aLo, aHi] (in either order) until a strong Wolfe step is found. */
    private boolean zoom(Objective f, double[] x, double f0, double[] d, double armijoSlope, double curvature,
                         int used, double[] xOut, double[] gOut) {
        int evaluations = used;
        while (evaluations < MAX_EVALUATIONS && flatTrials < MAX_FLAT_TRIALS) {
            double left = Math.min(aLo, aHi);
            double right = Math.max(aLo, aHi);
            double width = right - left;
            if (width <= MIN_RELATIVE_WIDTH * right) {
                break;
            }
            double a = Double.isFinite(fHi) ? cubicMinimizer(aLo, fLo, dLo, aHi, fHi, dHi) : Double.NaN;
            if (!(a > left && a < right)) {
                a = 0.5 * (left + right);
            } else {
                a = Math.min(Math.max(a, left + SAFEGUARD * width), right - SAFEGUARD * width);
            }
            double fa = phi(f, x, d, a, xOut, gOut, f0);
            double da = Vectors.dot(gOut, d);
            evaluations++;
            if (!(fa <= f0 + a * armijoSlope) || fa >= fLo) {
                aHi = a;
                fHi = fa;
                dHi = da;
            } else {
                if (Math.abs(da) <= curvature) {
                    return accept(a, fa, true);
                }
                if (da * (aHi - aLo) >= 0) {
                    aHi = aLo;
                    fHi = fLo;
                    dHi = dLo;
                }
                keepLo(a, fa, da, xOut, gOut);
            }
        }
        return fallBack(xOut, gOut);
    }

    private double phi(Objective f, double[] x, double[] d, double a, double[] xOut, double[] gOut, double f0) {
        Vectors.step(x, a, d, xOut);
        double fa = f.evaluate(xOut, gOut, a);
        if (Math.abs(fa - f0) <= Progress.ROUNDING * Math.abs(f0) && !(fa < f0)) {
            flatTrials++;
        }
        return fa;
    }

    private void keepLo(double a, double fa, double da, double[] xOut, double[] gOut) {
        aLo = a;
        fLo = fa;
        dLo = da;
        System.arraycopy(xOut, 0, xLo, 0, xLo.length);
        System.arraycopy(gOut, 0, gLo, 0, gLo.length);
    }

    /** Out of budget: returns the best sufficient-decrease point, if any. */
    private boolean fallBack(double[] xOut, double[] gOut) {
        if (aLo <= 0) {
            return false;
        }
        System.arraycopy(xLo, 0, xOut, 0, xLo.length);
        System.arraycopy(gLo, 0, gOut, 0, gLo.length);
        return accept(aLo, fLo, false);
    }

    private boolean accept(double a, double fa, boolean strongWolfe) {
        step = a;
        value = fa;
        wolfe = strongWolfe;
        return true;
    }

    /**
     * The minimizer of the cubic interpolating {@code phi} and {@code phi'} at two steps (N&amp;W eq. 3.59).
     *
     * @return the minimizer, or NaN if the cubic has none
     */
    static double cubicMinimizer(double a0, double f0, double d0, double a1, double f1, double d1) {
        double d1c = d0 + d1 - 3 * (f0 - f1) / (a0 - a1);
        double disc = d1c * d1c - d0 * d1;
        if (!(disc >= 0)) {
            return Double.NaN;
        }
        double d2 = Math.copySign(Math.sqrt(disc), a1 - a0);
        double denom = d1 - d0 + 2 * d2;
        if (denom == 0) {
            return Double.NaN;
        }
        return a1 - (a1 - a0) * (d1 + d2 - d1c) / denom;
    }
}
