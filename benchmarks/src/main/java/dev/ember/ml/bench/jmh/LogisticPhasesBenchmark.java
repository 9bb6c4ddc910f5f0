package dev.ember.ml.bench.jmh;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Where the float32 binary logistic pass spends its time: the three phases of {@code VectorizedLogisticBlock}'s
 * float path (ml-algorithms, as of commit 7f00b1d), re-stated here so that each can be timed alone over the
 * same {@value KernelData#ROWS} x {@value KernelData#D} block, chunk by chunk of 256 rows as the kernel does:
 *
 * <ol>
 *   <li>{@code margins}: one SIMD dot product per row ({@code fromByteBuffer}, FMA, one {@code reduceLanes} per
 *   row) plus the scalar tail ({@code d mod lanes} columns);</li>
 *   <li>{@code loss}: loss and residuals eight rows at a time in double lanes with the Vector API's {@code EXP}
 *   and {@code LOG};</li>
 *   <li>{@code gradient}: per block of columns, a register accumulated over the chunk's rows, plus the scalar
 *   tail columns (strided {@code getFloat});</li>
 * </ol>
 *
 * and {@code allPhases}, the three in sequence (the kernel without its bookkeeping); {@code marginsButterfly} is
 * phase 1 with the lane sum of commit 265d1d1 ({@code Lanes.sum}: a fixed butterfly of {@code rearrange}s instead
 * of {@code reduceLanes}). These are measurement aids,
 * not Ember's code path: the kernel itself is timed by {@link LossKernelBenchmark}.
 *
 * <p>Two restructured phases, as candidates for the kernel (they need {@code 3 lanes < d <= 4 lanes}, which holds
 * for d = 50 with AVX-512's 16 float lanes; elsewhere they throw):
 * <ul>
 *   <li>{@code marginsOverlap}: the row's last, partial vector loaded whole (it reaches into the next row) and
 *   multiplied by coefficients padded with zeros, instead of the scalar tail: four loads, four FMAs and one
 *   {@code reduceLanes} per row; the block's last row alone takes the scalar path. (A masked load,
 *   {@code fromByteBuffer(..., mask)}, would be the clean way, but on JDK 17 it is not intrinsified: it boxes,
 *   about 100 bytes per row, and runs several times slower. With non-finite features the zero lanes would turn
 *   into NaN, so a kernel would need finite data or padded rows.)</li>
 *   <li>{@code gradientOneSweep}: one sweep over the chunk's rows with four independent accumulators (one per
 *   block of columns; the last one's lanes past {@code d} collect the next row and are dropped) instead of one
 *   sweep per block with a single dependent FMA chain plus two strided scalar sweeps for the tail columns;</li>
 * </ul>
 * and {@code allPhasesImproved}, both with the same loss phase.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LogisticPhasesBenchmark {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int CHUNK = 256;
    /** The butterfly steps of ml-algorithms' {@code Lanes.sum} (commit 265d1d1): lane i plus lane i ^ k. */
    private static final VectorShuffle<Float>[] BUTTERFLY = butterfly();

    private KernelData data;
    private ByteBuffer x;
    private float[] beta;
    private float[] betaPadded;
    private float[] lanesOut;
    private double[] y;
    private double[] margin;
    private double[] res;
    private float[] resF;
    private double[] ones;
    private double[] grad;

    /** Builds the float block and the per-row arrays. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new KernelData("float");
        x = data.bytes();
        beta = new float[KernelData.D];
        for (int j = 0; j < beta.length; j++) {
            beta[j] = (float) (0.1 * Math.sin(j + 1));
        }
        betaPadded = java.util.Arrays.copyOf(beta, 4 * FS.length());
        lanesOut = new float[4 * FS.length()];
        y = new double[KernelData.ROWS];
        data.partition.column(KernelData.LABEL).doubles().get(y);
        margin = new double[KernelData.ROWS];
        res = new double[KernelData.ROWS];
        resF = new float[KernelData.ROWS];
        ones = new double[KernelData.ROWS];
        java.util.Arrays.fill(ones, 1);
        grad = new double[KernelData.D];
        if (FS.length() * 3 < KernelData.D && KernelData.D <= FS.length() * 4) {
            checkCandidates();
        }
        margins();
        loss();
    }

    /** The candidates compute what the kernel's phases compute, up to float rounding. */
    private void checkCandidates() {
        double[] expected = allPhases().clone();
        double[] m = margin.clone();
        double[] got = allPhasesImproved().clone();
        for (int r = 0; r < KernelData.ROWS; r++) {
            if (Math.abs(m[r] - margin[r]) > 1e-4 * (1 + Math.abs(m[r]))) {
                throw new IllegalStateException("marginsOverlap: row " + r + " found " + margin[r] + ", expected "
                    + m[r]);
            }
        }
        for (int j = 0; j < expected.length; j++) {
            if (Math.abs(expected[j] - got[j]) > 1e-3 * (1 + Math.abs(expected[j]))) {
                throw new IllegalStateException("gradientOneSweep: column " + j + " found " + got[j] + ", expected "
                    + expected[j]);
            }
        }
    }

    /** Frees the block. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
    }

    /** @return the last margin; phase 1 over every chunk */
    @Benchmark
    public double margins() {
        for (int start = 0; start < KernelData.ROWS; start += CHUNK) {
            marginsOf(x, beta, margin, start, Math.min(CHUNK, KernelData.ROWS - start));
        }
        return margin[KernelData.ROWS - 1];
    }

    /** @return the loss sum; phase 2 over every chunk */
    @Benchmark
    public double loss() {
        double s = 0;
        for (int start = 0; start < KernelData.ROWS; start += CHUNK) {
            s += lossOf(margin, y, ones, res, resF, start, Math.min(CHUNK, KernelData.ROWS - start));
        }
        return s;
    }

    /** @return the gradient; phase 3 over every chunk */
    @Benchmark
    public double[] gradient() {
        java.util.Arrays.fill(grad, 0);
        for (int start = 0; start < KernelData.ROWS; start += CHUNK) {
            gradientOf(x, res, resF, grad, start, Math.min(CHUNK, KernelData.ROWS - start));
        }
        return grad;
    }

    /** @return the gradient; the three phases chunk by chunk, as the kernel runs them */
    @Benchmark
    public double[] allPhases() {
        java.util.Arrays.fill(grad, 0);
        for (int start = 0; start < KernelData.ROWS; start += CHUNK) {
            int rows = Math.min(CHUNK, KernelData.ROWS - start);
            marginsOf(x, beta, margin, start, rows);
            lossOf(margin, y, ones, res, resF, start, rows);
            gradientOf(x, res, resF, grad, start, rows);
        }
        return grad;
    }

    /** @return the last margin; phase 1 with an overlapping last vector instead of the scalar tail */
    @Benchmark
    public double marginsOverlap() {
        for (int start = 0; start < KernelData.ROWS; start += CHUNK) {
            marginsOverlapOf(x, betaPadded, margin, start, Math.min(CHUNK, KernelData.ROWS - start));
        }
        return margin[KernelData.ROWS - 1];
    }

    /** @return the last margin; phase 1 with the lane sum as {@code Lanes.sum} does it (butterfly) */
    @Benchmark
    public double marginsButterfly() {
        int d = KernelData.D;
        int lanes = FS.length();
        int upper = FS.loopBound(d);
        for (int r = 0; r < KernelData.ROWS; r++) {
            int base = r * d;
            FloatVector acc = FloatVector.zero(FS);
            int j = 0;
            for (; j < upper; j += lanes) {
                acc = FloatVector.fromByteBuffer(FS, x, (base + j) << 2, ORDER)
                    .fma(FloatVector.fromArray(FS, beta, j), acc);
            }
            for (VectorShuffle<Float> step : BUTTERFLY) {
                acc = acc.add(acc.rearrange(step));
            }
            double m = 0.4 + acc.lane(0);
            for (; j < d; j++) {
                m += beta[j] * x.getFloat((base + j) << 2);
            }
            margin[r] = m;
        }
        return margin[KernelData.ROWS - 1];
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] butterfly() {
        int n = Integer.numberOfTrailingZeros(FS.length());
        VectorShuffle<Float>[] out = new VectorShuffle[n];
        for (int s = 0; s < n; s++) {
            int k = FS.length() >> (s + 1);
            out[s] = VectorShuffle.fromOp(FS, i -> i ^ k);
        }
        return out;
    }

    /** @return the gradient; phase 3 in one sweep with four accumulators */
    @Benchmark
    public double[] gradientOneSweep() {
        java.util.Arrays.fill(grad, 0);
        for (int start = 0; start < KernelData.ROWS; start += CHUNK) {
            gradientOneSweepOf(x, res, resF, grad, lanesOut, start, Math.min(CHUNK, KernelData.ROWS - start));
        }
        return grad;
    }

    /** @return the gradient; overlapping margins, the same loss phase, one-sweep gradient */
    @Benchmark
    public double[] allPhasesImproved() {
        java.util.Arrays.fill(grad, 0);
        for (int start = 0; start < KernelData.ROWS; start += CHUNK) {
            int rows = Math.min(CHUNK, KernelData.ROWS - start);
            marginsOverlapOf(x, betaPadded, margin, start, rows);
            lossOf(margin, y, ones, res, resF, start, rows);
            gradientOneSweepOf(x, res, resF, grad, lanesOut, start, rows);
        }
        return grad;
    }

    private static void checkFourBlocks() {
        int lanes = FS.length();
        if (!(KernelData.D > 3 * lanes && KernelData.D <= 4 * lanes)) {
            throw new UnsupportedOperationException("the restructured phases need 3 lanes < d <= 4 lanes; found d = "
                + KernelData.D + " with " + lanes + " float lanes");
        }
    }

    private static void marginsOverlapOf(ByteBuffer x, float[] betaPadded, double[] margin, int start, int rows) {
        checkFourBlocks();
        int d = KernelData.D;
        int lanes = FS.length();
        FloatVector b0 = FloatVector.fromArray(FS, betaPadded, 0);
        FloatVector b1 = FloatVector.fromArray(FS, betaPadded, lanes);
        FloatVector b2 = FloatVector.fromArray(FS, betaPadded, 2 * lanes);
        FloatVector b3 = FloatVector.fromArray(FS, betaPadded, 3 * lanes);
        // the last vector of a row reaches into the next row, which b3's zero lanes cancel; not the block's last row
        int end = Math.min(start + rows, KernelData.ROWS - 1);
        int r = start;
        for (; r < end; r++) {
            int base = (r * d) << 2;
            FloatVector acc = FloatVector.fromByteBuffer(FS, x, base, ORDER).mul(b0);
            acc = FloatVector.fromByteBuffer(FS, x, base + 4 * lanes, ORDER).fma(b1, acc);
            acc = FloatVector.fromByteBuffer(FS, x, base + 8 * lanes, ORDER).fma(b2, acc);
            acc = FloatVector.fromByteBuffer(FS, x, base + 12 * lanes, ORDER).fma(b3, acc);
            margin[r] = 0.4 + acc.reduceLanes(VectorOperators.ADD);
        }
        for (; r < start + rows; r++) {
            double m = 0.4;
            for (int j = 0; j < d; j++) {
                m += betaPadded[j] * x.getFloat((r * d + j) << 2);
            }
            margin[r] = m;
        }
    }

    private static void gradientOneSweepOf(ByteBuffer x, double[] res, float[] resF, double[] grad, float[] lanesOut,
                                           int start, int rows) {
        checkFourBlocks();
        int d = KernelData.D;
        int lanes = FS.length();
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        FloatVector a2 = FloatVector.zero(FS);
        FloatVector a3 = FloatVector.zero(FS);
        // a3's lanes past d - 3 lanes collect the next row's values and are dropped; not the block's last row
        int end = Math.min(start + rows, KernelData.ROWS - 1);
        int r = start;
        for (; r < end; r++) {
            int base = (r * d) << 2;
            FloatVector rv = FloatVector.broadcast(FS, resF[r]);
            a0 = FloatVector.fromByteBuffer(FS, x, base, ORDER).fma(rv, a0);
            a1 = FloatVector.fromByteBuffer(FS, x, base + 4 * lanes, ORDER).fma(rv, a1);
            a2 = FloatVector.fromByteBuffer(FS, x, base + 8 * lanes, ORDER).fma(rv, a2);
            a3 = FloatVector.fromByteBuffer(FS, x, base + 12 * lanes, ORDER).fma(rv, a3);
        }
        a0.intoArray(lanesOut, 0);
        a1.intoArray(lanesOut, lanes);
        a2.intoArray(lanesOut, 2 * lanes);
        a3.intoArray(lanesOut, 3 * lanes);
        for (int j = 0; j < d; j++) {
            grad[j] += lanesOut[j];
        }
        for (; r < start + rows; r++) {
            for (int j = 0; j < d; j++) {
                grad[j] += res[r] * x.getFloat((r * d + j) << 2);
            }
        }
    }

    private static void marginsOf(ByteBuffer x, float[] beta, double[] margin, int start, int rows) {
        int d = KernelData.D;
        int lanes = FS.length();
        int upper = FS.loopBound(d);
        for (int r = start; r < start + rows; r++) {
            int base = r * d;
            FloatVector acc = FloatVector.zero(FS);
            int j = 0;
            for (; j < upper; j += lanes) {
                acc = FloatVector.fromByteBuffer(FS, x, (base + j) << 2, ORDER)
                    .fma(FloatVector.fromArray(FS, beta, j), acc);
            }
            double m = 0.4 + acc.reduceLanes(VectorOperators.ADD);
            for (; j < d; j++) {
                m += beta[j] * x.getFloat((base + j) << 2);
            }
            margin[r] = m;
        }
    }

    private static double lossOf(double[] margin, double[] y, double[] ones, double[] res, float[] resF, int start,
                                 int rows) {
        DoubleVector lossAcc = DoubleVector.zero(DS);
        int upper = start + DS.loopBound(rows);
        int i = start;
        for (; i < upper; i += DS.length()) {
            DoubleVector m = DoubleVector.fromArray(DS, margin, i);
            DoubleVector yv = DoubleVector.fromArray(DS, y, i);
            DoubleVector wv = DoubleVector.fromArray(DS, ones, i);
            DoubleVector e = m.abs().neg().lanewise(VectorOperators.EXP);
            DoubleVector onePlus = e.add(1.0);
            DoubleVector loss = m.max(0.0).sub(yv.mul(m)).add(onePlus.lanewise(VectorOperators.LOG));
            DoubleVector sigmoid = DoubleVector.broadcast(DS, 1.0).blend(e, m.compare(VectorOperators.LT, 0.0))
                .div(onePlus);
            DoubleVector r = sigmoid.sub(yv).mul(wv);
            r.intoArray(res, i);
            lossAcc = loss.fma(wv, lossAcc);
        }
        double s = lossAcc.reduceLanes(VectorOperators.ADD);
        for (; i < start + rows; i++) {
            double m = margin[i];
            double e = Math.exp(-Math.abs(m));
            s += Math.max(m, 0) - y[i] * m + Math.log(1 + e);
            res[i] = (m >= 0 ? 1 / (1 + e) : e / (1 + e)) - y[i];
        }
        for (int r = start; r < start + rows; r++) {
            resF[r] = (float) res[r];
        }
        return s;
    }

    private static void gradientOf(ByteBuffer x, double[] res, float[] resF, double[] grad, int start, int rows) {
        int d = KernelData.D;
        int lanes = FS.length();
        int upper = FS.loopBound(d);
        float[] lanesOut = new float[lanes];
        int j = 0;
        for (; j < upper; j += lanes) {
            FloatVector acc = FloatVector.zero(FS);
            for (int r = start; r < start + rows; r++) {
                acc = FloatVector.fromByteBuffer(FS, x, (r * d + j) << 2, ORDER)
                    .fma(FloatVector.broadcast(FS, resF[r]), acc);
            }
            acc.intoArray(lanesOut, 0);
            for (int l = 0; l < lanes; l++) {
                grad[j + l] += lanesOut[l];
            }
        }
        for (; j < d; j++) {
            double g = 0;
            for (int r = start; r < start + rows; r++) {
                g += res[r] * x.getFloat((r * d + j) << 2);
            }
            grad[j] += g;
        }
    }
}
