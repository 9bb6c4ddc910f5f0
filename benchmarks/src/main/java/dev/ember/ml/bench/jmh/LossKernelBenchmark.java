package dev.ember.ml.bench.jmh;

import dev.ember.ml.algo.optim.LossKernels;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The blocked loss aggregators of {@code ml-algorithms} ({@code LossKernels}), each as one {@code seqOp} over a
 * {@value KernelData#ROWS} x {@value KernelData#D} partition, single-threaded, the way the runtime calls them:
 * resolved from the kernel registry, coefficients from a broadcast.
 *
 * <ul>
 *   <li>{@code binaryLogistic}: the fused binary logistic pass; with the Vector API
 *   ({@code VectorizedLogisticBlock}) in the default fork, and the scalar {@code LogisticBlock} in
 *   {@code binaryLogisticScalar}, whose fork runs with {@code -Dember.vector.disable=true} (read once when the
 *   kernel class loads, hence a fork of its own).</li>
 *   <li>{@code leastSquares}: the squared-loss pass of linear regression's l-bfgs solver.</li>
 *   <li>{@code multinomial}: the softmax pass of multinomial logistic regression, K = {@value KernelData#CLASSES}.</li>
 * </ul>
 *
 * Each for a float32 and a float64 block. The result is returned, so the JIT cannot drop the work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LossKernelBenchmark {
    /** The flag that selects the scalar logistic block, as a JVM argument of the scalar benchmark's fork. */
    static final String SCALAR_FLAG = "-Dember.vector.disable=true";

    /** The block's element type. */
    @Param({"float", "double"})
    public String elementType;

    private KernelData data;
    private AggregateKernel<double[]> binary;
    private AggregateKernel<double[]> leastSquares;
    private AggregateKernel<double[]> multinomial;
    private KernelParams binaryParams;
    private KernelParams regressionParams;
    private KernelParams multinomialParams;

    /** Builds the partition and resolves the kernels. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new KernelData(elementType);
        binary = KernelData.kernel(LossKernels.binaryLogisticKernel());
        leastSquares = KernelData.kernel(LossKernels.leastSquaresKernel());
        multinomial = KernelData.kernel(LossKernels.multinomialKernel());
        binaryParams = data.params(KernelData.LABEL, false);
        regressionParams = data.params(KernelData.TARGET, false);
        multinomialParams = data.params(KernelData.CLASS, true);
    }

    /** Frees the partition. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
    }

    /** @return the binary logistic sums, Vector API path */
    @Benchmark
    public double[] binaryLogistic() {
        return binary.seqOp(null, data.partition, binaryParams);
    }

    /** @return the binary logistic sums, scalar path */
    @Benchmark
    @Fork(jvmArgsAppend = SCALAR_FLAG)
    public double[] binaryLogisticScalar() {
        return binary.seqOp(null, data.partition, binaryParams);
    }

    /** @return the least-squares sums */
    @Benchmark
    public double[] leastSquares() {
        return leastSquares.seqOp(null, data.partition, regressionParams);
    }

    /** @return the multinomial sums, K = 10 */
    @Benchmark
    public double[] multinomial() {
        return multinomial.seqOp(null, data.partition, multinomialParams);
    }
}
