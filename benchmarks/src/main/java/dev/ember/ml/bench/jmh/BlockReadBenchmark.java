package dev.ember.ml.bench.jmh;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Reading the same block the kernels read, and nothing else: the floor under each kernel's time, and a test of
 * how the way of loading costs on this JDK. Every variant sums the block:
 *
 * <ul>
 *   <li>{@code vectorByteBuffer}: Vector API loads from the off-heap block's {@code ByteBuffer}
 *   ({@code fromByteBuffer}, native order), as {@code VectorizedLogisticBlock} loads, four accumulators;</li>
 *   <li>{@code vectorArray}: the same from a heap copy of the block ({@code fromArray});</li>
 *   <li>{@code scalarByteBuffer}: {@code ByteBuffer.getFloat}/{@code getDouble} one element at a time, as the
 *   scalar kernels load, four accumulators;</li>
 *   <li>{@code vectorByteBufferRows}: Vector API over the block row by row as the kernel's margin phase walks it
 *   ({@code d = 50}: whole vectors, then a scalar tail per row), one {@code reduceLanes} per row.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BlockReadBenchmark {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** The block's element type. */
    @Param({"float", "double"})
    public String elementType;

    private KernelData data;
    private ByteBuffer bytes;
    private float[] floats;
    private double[] doubles;
    private int n;

    /** Builds the block and its heap copy. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new KernelData(elementType);
        bytes = data.bytes();
        n = KernelData.ROWS * KernelData.D;
        if (data.isFloat) {
            floats = new float[n];
            data.features.floats().get(floats);
        } else {
            doubles = new double[n];
            data.features.doubles().get(doubles);
        }
    }

    /** Frees the block. */
    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
    }

    /** @return the sum, Vector API loads from the ByteBuffer */
    @Benchmark
    public double vectorByteBuffer() {
        return data.isFloat ? sumFloatBuffer(bytes, n) : sumDoubleBuffer(bytes, n);
    }

    /** @return the sum, Vector API loads from a heap array */
    @Benchmark
    public double vectorArray() {
        return data.isFloat ? sumFloatArray(floats) : sumDoubleArray(doubles);
    }

    /** @return the sum, scalar ByteBuffer reads */
    @Benchmark
    public double scalarByteBuffer() {
        ByteBuffer b = bytes;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        if (data.isFloat) {
            for (; i + 4 <= n; i += 4) {
                s0 += b.getFloat(i << 2);
                s1 += b.getFloat((i + 1) << 2);
                s2 += b.getFloat((i + 2) << 2);
                s3 += b.getFloat((i + 3) << 2);
            }
            for (; i < n; i++) {
                s0 += b.getFloat(i << 2);
            }
        } else {
            for (; i + 4 <= n; i += 4) {
                s0 += b.getDouble(i << 3);
                s1 += b.getDouble((i + 1) << 3);
                s2 += b.getDouble((i + 2) << 3);
                s3 += b.getDouble((i + 3) << 3);
            }
            for (; i < n; i++) {
                s0 += b.getDouble(i << 3);
            }
        }
        return s0 + s1 + s2 + s3;
    }

    /** @return the sum of per-row sums, walking rows as the margin phase does */
    @Benchmark
    public double vectorByteBufferRows() {
        int d = KernelData.D;
        double total = 0;
        if (data.isFloat) {
            int lanes = FS.length();
            int upper = FS.loopBound(d);
            for (int r = 0; r < KernelData.ROWS; r++) {
                int base = r * d;
                FloatVector acc = FloatVector.zero(FS);
                int j = 0;
                for (; j < upper; j += lanes) {
                    acc = acc.add(FloatVector.fromByteBuffer(FS, bytes, (base + j) << 2, ORDER));
                }
                double m = acc.reduceLanes(VectorOperators.ADD);
                for (; j < d; j++) {
                    m += bytes.getFloat((base + j) << 2);
                }
                total += m;
            }
        } else {
            int lanes = DS.length();
            int upper = DS.loopBound(d);
            for (int r = 0; r < KernelData.ROWS; r++) {
                int base = r * d;
                DoubleVector acc = DoubleVector.zero(DS);
                int j = 0;
                for (; j < upper; j += lanes) {
                    acc = acc.add(DoubleVector.fromByteBuffer(DS, bytes, (base + j) << 3, ORDER));
                }
                double m = acc.reduceLanes(VectorOperators.ADD);
                for (; j < d; j++) {
                    m += bytes.getDouble((base + j) << 3);
                }
                total += m;
            }
        }
        return total;
    }

    static double sumFloatBuffer(ByteBuffer b, int n) {
        int lanes = FS.length();
        int step = 4 * lanes;
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        FloatVector a2 = FloatVector.zero(FS);
        FloatVector a3 = FloatVector.zero(FS);
        int i = 0;
        for (; i + step <= n; i += step) {
            a0 = a0.add(FloatVector.fromByteBuffer(FS, b, i << 2, ORDER));
            a1 = a1.add(FloatVector.fromByteBuffer(FS, b, (i + lanes) << 2, ORDER));
            a2 = a2.add(FloatVector.fromByteBuffer(FS, b, (i + 2 * lanes) << 2, ORDER));
            a3 = a3.add(FloatVector.fromByteBuffer(FS, b, (i + 3 * lanes) << 2, ORDER));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += b.getFloat(i << 2);
        }
        return s;
    }

    static double sumDoubleBuffer(ByteBuffer b, int n) {
        int lanes = DS.length();
        int step = 4 * lanes;
        DoubleVector a0 = DoubleVector.zero(DS);
        DoubleVector a1 = DoubleVector.zero(DS);
        DoubleVector a2 = DoubleVector.zero(DS);
        DoubleVector a3 = DoubleVector.zero(DS);
        int i = 0;
        for (; i + step <= n; i += step) {
            a0 = a0.add(DoubleVector.fromByteBuffer(DS, b, i << 3, ORDER));
            a1 = a1.add(DoubleVector.fromByteBuffer(DS, b, (i + lanes) << 3, ORDER));
            a2 = a2.add(DoubleVector.fromByteBuffer(DS, b, (i + 2 * lanes) << 3, ORDER));
            a3 = a3.add(DoubleVector.fromByteBuffer(DS, b, (i + 3 * lanes) << 3, ORDER));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += b.getDouble(i << 3);
        }
        return s;
    }

    static double sumFloatArray(float[] a) {
        int lanes = FS.length();
        int step = 4 * lanes;
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        FloatVector a2 = FloatVector.zero(FS);
        FloatVector a3 = FloatVector.zero(FS);
        int i = 0;
        for (; i + step <= a.length; i += step) {
            a0 = a0.add(FloatVector.fromArray(FS, a, i));
            a1 = a1.add(FloatVector.fromArray(FS, a, i + lanes));
            a2 = a2.add(FloatVector.fromArray(FS, a, i + 2 * lanes));
            a3 = a3.add(FloatVector.fromArray(FS, a, i + 3 * lanes));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    static double sumDoubleArray(double[] a) {
        int lanes = DS.length();
        int step = 4 * lanes;
        DoubleVector a0 = DoubleVector.zero(DS);
        DoubleVector a1 = DoubleVector.zero(DS);
        DoubleVector a2 = DoubleVector.zero(DS);
        DoubleVector a3 = DoubleVector.zero(DS);
        int i = 0;
        for (; i + step <= a.length; i += step) {
            a0 = a0.add(DoubleVector.fromArray(DS, a, i));
            a1 = a1.add(DoubleVector.fromArray(DS, a, i + lanes));
            a2 = a2.add(DoubleVector.fromArray(DS, a, i + 2 * lanes));
            a3 = a3.add(DoubleVector.fromArray(DS, a, i + 3 * lanes));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }
}
