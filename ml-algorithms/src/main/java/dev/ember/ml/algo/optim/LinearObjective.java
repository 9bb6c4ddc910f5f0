package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.Arrays;

/**
 * The objective of a linear model in the standardized space, evaluated with one tree-aggregate pass:
 *
 * <pre>
 *   f(W~, b~) = (1/W) sum_i w_i loss(y_i, x_i . beta_k + offset_k)  +  (l2 / 2) sum_kj pen_j * W~_kj^2
 *   beta_kj   = W~_kj / sigma_j                (0 where sigma_j = 0)
 *   offset_k  = b~_k - sum_j beta_kj mu_j      (centering, when the intercept is fitted)
 * </pre>
 *
 * <p>Standardization is virtual: the kernels read the original feature block with the effective coefficients
 * {@code beta}, and the driver maps sums back to gradients in the standardized space,
 * {@code dW~_kj = (G_kj - mu_j R_k) / (sigma_j W)}. {@code pen_j} is 1 with standardization, and
 * {@code 1 / sigma_j^2} without it (the penalty then applies to the original coefficients, as in Spark). The L1
 * part of elastic net is not here: OWL-QN handles it with per-coordinate weights ({@link #l1Weights}).
 *
 * <p>The variable vector is {@code [W~ (K x d, row-major), b~ (K, only with an intercept)]}.
 */
public final class LinearObjective implements DiffFunction {
    private final Frame frame;
    private final Class<? extends AggregateKernel<double[]>> kernel;
    private final LossColumns columns;
    private final int k;
    private final int d;
    private final double[] mean;
    private final double[] std;
    private final boolean fitIntercept;
    private final double l2;
    private final boolean standardization;
    private final int depth;
    private final double labelScale;
    private SharedLossPasses shared;
    private int evaluations;
    private double[] startX;
    private double[] startSums;
    private IterationListener listener;

    /**
     * @param frame the training data (cache it: every evaluation is a pass)
     * @param kernel the loss kernel ({@link LossKernels})
     * @param baseParams featuresCol, labelCol and optional weightCol
     * @param k outputs: 1 for binary and regression losses, the number of classes for multinomial
     * @param mean feature means (centering)
     * @param std feature sample standard deviations
     * @param fitIntercept whether the model has intercepts (then features are centered virtually)
     * @param l2 the L2 strength, {@code regParam * (1 - elasticNetParam)}
     * @param standardization whether the penalty applies in the standardized space
     * @param depth the tree-aggregate depth
     */
    public LinearObjective(Frame frame, Class<? extends AggregateKernel<double[]>> kernel, KernelParams baseParams,
                           int k, double[] mean, double[] std, boolean fitIntercept, double l2,
                           boolean standardization, int depth) {
        this(frame, kernel, baseParams, k, mean, std, fitIntercept, l2, standardization, depth, 1);
    }

    /**
     * As above, with the label measured in units of {@code labelScale}: the model predicts {@code y / labelScale}
     * in the standardized space (Spark's least squares standardizes the label by its standard deviation), so
     * the effective coefficients are multiplied by it and the loss divided by its square.
     *
     * @param frame the training data
     * @param kernel the loss kernel
     * @param baseParams featuresCol, labelCol and optional weightCol
     * @param k outputs
     * @param mean feature means
     * @param std feature standard deviations
     * @param fitIntercept whether the model has intercepts
     * @param l2 the L2 strength in the standardized space
     * @param standardization whether the penalty applies in the standardized space
     * @param depth the tree-aggregate depth
     * @param labelScale the label's scale (1 for classification)
     */
    public LinearObjective(Frame frame, Class<? extends AggregateKernel<double[]>> kernel, KernelParams baseParams,
                           int k, double[] mean, double[] std, boolean fitIntercept, double l2,
                           boolean standardization, int depth, double labelScale) {
        if (!(labelScale > 0)) {
            throw new InvalidArgumentException("label scale: found " + labelScale + ", expected > 0");
        }
        this.labelScale = labelScale;
        this.frame = frame;
        this.kernel = kernel;
        this.columns = LossColumns.CODEC.decode(baseParams);
        this.k = k;
        this.d = mean.length;
        this.mean = mean.clone();
        this.std = std.clone();
        this.fitIntercept = fitIntercept;
        this.l2 = l2;
        this.standardization = standardization;
        this.depth = depth;
    }

    /** @return the length of the variable vector */
    public int dimension() {
        return k * d + (fitIntercept ? k : 0);
    }

    /** @return the number of outputs K (classes of a multinomial model, else 1) */
    public int outputs() {
        return k;
    }

    /** @return the number of passes over the data so far: value-and-gradient evaluations and Hessian passes */
    public int evaluations() {
        return evaluations;
    }

    /**
     * @param l1 the L1 strength, {@code regParam * elasticNetParam}
     * @return per-coordinate L1 weights for OWL-QN: {@code l1} (or {@code l1 / sigma_j} without
     *     standardization) on coefficients, 0 on intercepts and constant features
     */
    public double[] l1Weights(double l1) {
        double[] w = new double[dimension()];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                w[c * d + j] = std[j] == 0 ? 0 : standardization ? l1 : l1 / std[j];
            }
        }
        return w;
    }

    /**
     * @param x a variable vector
     * @return the effective coefficients {@code [beta (K x d), offsets (K)]} in the original feature space
     */
    public double[] effective(double[] x) {
        double[] coef = new double[k * d + k];
        for (int c = 0; c < k; c++) {
            double offset = fitIntercept ? labelScale * x[k * d + c] : 0;
            for (int j = 0; j < d; j++) {
                double beta = std[j] == 0 ? 0 : labelScale * x[c * d + j] / std[j];
                coef[c * d + j] = beta;
                if (fitIntercept) {
                    offset -= beta * mean[j];
                }
            }
            coef[k * d + c] = offset;
        }
        return coef;
    }

    /**
     * The inverse of {@link #effective}: the variable vector whose effective coefficients are {@code coef}, for a
     * warm start from a fitted model. Coefficients of constant features ({@code sigma_j = 0}) have no variable and
     * are dropped.
     *
     * @param coef {@code [beta (K x d), offsets (K)]} in the original feature space
     * @return the variable vector {@code [W~, b~]}
     * @throws InvalidArgumentException if {@code coef} does not have {@code K d + K} finite elements
     */
    public double[] variables(double[] coef) {
        if (coef == null || coef.length != k * d + k) {
            throw new InvalidArgumentException("initial coefficients: found " + (coef == null ? "null"
                : coef.length + " values") + ", expected " + (k * d + k) + " (" + k + " x " + d + " and " + k
                + " intercepts)");
        }
        double[] x = new double[dimension()];
        for (int c = 0; c < k; c++) {
            double intercept = coef[k * d + c];
            for (int j = 0; j < d; j++) {
                double beta = coef[c * d + j];
                if (!Double.isFinite(beta)) {
                    throw new InvalidArgumentException("initial coefficient [" + c + ", " + j + "]: found " + beta
                        + ", expected a finite number");
                }
                if (std[j] != 0) {
                    x[c * d + j] = beta * std[j] / labelScale;
                    intercept += beta * mean[j];
                }
            }
            if (fitIntercept) {
                x[k * d + c] = Double.isFinite(intercept) ? intercept / labelScale : 0;
            }
        }
        return x;
    }

    /**
     * @return whether {@link #hessian} is available: for the squared, binary logistic and softmax losses (not for
     *     the hinge, which has no curvature)
     */
    public boolean hasHessian() {
        return lossCode() >= 0;
    }

    private int lossCode() {
        if (kernel == LossKernels.leastSquaresKernel()) {
            return HessianKernels.SQUARED;
        }
        if (kernel == LossKernels.binaryLogisticKernel()) {
            return HessianKernels.BINARY_LOGISTIC;
        }
        return kernel == LossKernels.multinomialKernel() ? HessianKernels.SOFTMAX : -1;
    }

    /**
     * The Hessian of the smooth objective (loss and L2 term) in the variables, one pass over the data
     * ({@link HessianKernels}). Variables of constant features get a unit diagonal (their gradient is 0, so a
     * Newton step leaves them at 0).
     *
     * @param x a variable vector
     * @return the {@code dimension() x dimension()} Hessian
     * @throws InvalidStateException if the loss has no Hessian ({@link #hasHessian})
     */
    public double[][] hessian(double[] x) {
        if (!hasHessian()) {
            throw new InvalidStateException("the hinge loss has no Hessian");
        }
        double[] scale = new double[2 * d];
        for (int j = 0; j < d; j++) {
            scale[j] = mean[j];
            scale[d + j] = std[j] == 0 ? 0 : 1 / std[j];
        }
        HessianArgs args = new HessianArgs(columns.featuresCol(), columns.weightCol(), effective(x), scale,
            lossCode(), k, fitIntercept);
        double[] sums = frame.treeAggregate(AggregateCall.of(HessianKernels.Hessian.class, args.toParams()), depth);
        evaluations++;
        if (sums.length == 0) {
            throw new InvalidArgumentException("the training data has no rows, expected at least one");
        }
        int n = dimension();
        double weightSum = sums[n * n];
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // the kernel fills the blocks of class pairs (c, c2) with c < c2, and the upper triangle of the
                // blocks with c = c2: mirror the rest
                int ci = classOf(i);
                int cj = classOf(j);
                double v = ci < cj ? sums[i * n + j] : ci > cj ? sums[j * n + i]
                    : sums[Math.min(i, j) * n + Math.max(i, j)];
                h[i][j] = v / weightSum;
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                int i = c * d + j;
                h[i][i] += std[j] == 0 ? 1 : l2 * (standardization ? 1 : 1 / (std[j] * std[j]));
            }
        }
        return h;
    }

    private int classOf(int variable) {
        return variable < k * d ? variable / d : variable - k * d;
    }

    /**
     * Shares this objective's loss passes with other fits' over the same data (binary logistic loss only).
     *
     * @param passes the shared passes, or null for passes of its own
     * @return this objective
     * @throws InvalidArgumentException if the loss is not the binary logistic one
     */
    public LinearObjective sharing(SharedLossPasses passes) {
        if (passes != null && kernel != LossKernels.binaryLogisticKernel()) {
            throw new InvalidArgumentException("shared loss passes: found loss kernel " + kernel.getSimpleName()
                + ", expected the binary logistic one");
        }
        this.shared = passes;
        return this;
    }

    /**
     * Gives the loss kernel's sums at one point, known without a pass (see the logistic regression's cold start,
     * where every row has the same margins): an evaluation at exactly that point uses them and makes no pass.
     *
     * @param x the variable vector they belong to
     * @param sums the sums a pass at {@code x} would return, in the kernel's layout
     * @return this
     */
    public LinearObjective startingAt(double[] x, double[] sums) {
        if (x.length != dimension() || sums.length != k * d + k + 2) {
            throw new InvalidArgumentException("starting point: found " + x.length + " variables and " + sums.length
                + " sums, expected " + dimension() + " and " + (k * d + k + 2));
        }
        this.startX = x.clone();
        this.startSums = sums.clone();
        return this;
    }

    /**
     * @param l told of each accepted iteration of the optimizer minimizing this objective (null for none)
     * @return this
     */
    public LinearObjective onIteration(IterationListener l) {
        this.listener = l;
        return this;
    }

    @Override
    public void iterationDone(int iteration, double value, double[] x) {
        if (listener != null) {
            listener.iterationDone(iteration, value, x);
        }
    }

    @Override
    public double valueAndGradient(double[] x, double[] grad) {
        if (startX != null && Arrays.equals(x, startX)) {
            return fromSums(x, grad, startSums);   // no pass, none counted
        }
        double[] coef = effective(x);
        evaluations++;
        if (shared != null) {
            return fromSums(x, grad, shared.sums(coef));
        }
        Broadcast<double[]> b = frame.runtime().broadcast(coef, ValueCodecs.DOUBLE_ARRAY);
        double[] sums;
        try {
            sums = frame.treeAggregate(AggregateCall.of(kernel, new LossArgs(columns, b).toParams()), depth);
        } finally {
            b.destroy();
        }
        return fromSums(x, grad, sums);
    }

    /** The objective and its gradient from a pass's sums. */
    private double fromSums(double[] x, double[] grad, double[] sums) {
        if (sums.length == 0) {
            throw new InvalidArgumentException("the training data has no rows, expected at least one");
        }
        double weightSum = sums[k * d + k + 1];
        if (!(weightSum > 0)) {
            throw new InvalidArgumentException("the training data has total weight " + weightSum + ", expected > 0");
        }
        double value = sums[k * d + k] / (weightSum * labelScale * labelScale);
        Arrays.fill(grad, 0);
        for (int c = 0; c < k; c++) {
            double rk = sums[k * d + c];
            for (int j = 0; j < d; j++) {
                if (std[j] == 0) {
                    continue;
                }
                double g = sums[c * d + j] - (fitIntercept ? mean[j] * rk : 0);
                grad[c * d + j] = g / (labelScale * std[j] * weightSum);
                double w = x[c * d + j];
                double pen = standardization ? 1 : 1 / (std[j] * std[j]);
                value += 0.5 * l2 * pen * w * w;
                grad[c * d + j] += l2 * pen * w;
            }
            if (fitIntercept) {
                grad[k * d + c] = rk / (labelScale * weightSum);
            }
        }
        return value;
    }
}
