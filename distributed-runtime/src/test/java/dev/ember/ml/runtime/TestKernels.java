package dev.ember.ml.runtime;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

/** Kernels for the cluster tests, registered on the test class path (which local executors share). */
public final class TestKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(BigVector.class, BigVector::new);
        registry.registerAggregate(SumScaled.class, SumScaled::new);
        registry.registerMap(Identity.class, Identity::new);
        registry.registerAggregate(Burn.class, Burn::new);
        registry.registerAggregate(SpinOnce.class, SpinOnce::new);
        registry.registerAggregate(Hog.class, Hog::new);
        registry.registerAggregate(BurnThenFail.class, BurnThenFail::new);
    }

    /** {@code [sum of label, sum of label * partition index]}: the value the self-healing kernels return. */
    static double[] labelSums(double[] acc, Partition partition) {
        var c = partition.column("label");
        for (int r = 0; r < c.length(); r++) {
            double v = c.getDouble(r);
            acc[0] += v;
            acc[1] += v * (partition.index() + 1) + Math.sin(r + partition.index());
        }
        return acc;
    }

    /** Claims a marker file: true for the first caller across every JVM, false once it exists. */
    static boolean claim(String marker) {
        try {
            java.nio.file.Files.createFile(java.nio.file.Path.of(marker));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Base of the self-healing kernels: {@link #labelSums}, combined by addition. */
    abstract static class LabelSums implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[2];
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            left[0] += right[0];
            left[1] += right[1];
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /**
     * Burns {@code millis} of this thread's CPU time per partition, then returns {@link #labelSums}: a task whose
     * wall time grows when its JVM is stopped part of the time (SIGSTOP/SIGCONT), the value never.
     */
    public static final class Burn extends LabelSums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            var bean = java.lang.management.ManagementFactory.getThreadMXBean();
            long until = bean.getCurrentThreadCpuTime() + params.getLong("millis") * 1_000_000L;
            double x = 0;
            while (bean.getCurrentThreadCpuTime() < until) {
                for (int i = 0; i < 10_000; i++) {
                    x += Math.sqrt(i + x);
                }
            }
            acc[1] += x * 0;
            return labelSums(acc, partition);
        }
    }

    /**
     * Burns {@code millis} of CPU per partition like {@link Burn}, then fails on partition {@code partition}: a
     * round that fails while others run. Test-only.
     */
    public static final class BurnThenFail extends LabelSums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            new Burn().seqOp(new double[2], partition, params);
            if (partition.index() == params.getInt("partition")) {
                throw new IllegalStateException("a test kernel fails on partition " + partition.index());
            }
            return labelSums(acc, partition);
        }
    }

    /**
     * Never returns on partition {@code partition} for the first executor to claim {@code marker} (an endless
     * loop on a healthy, heartbeating executor); {@link #labelSums} everywhere else. Test-only.
     */
    public static final class SpinOnce extends LabelSums {
        /** Always true: the loop below never ends (a field, so the compiler does not see that). */
        static volatile boolean forever = true;

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            if (partition.index() == params.getInt("partition") && claim(params.getString("marker"))) {
                while (forever) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                }
            }
            return labelSums(acc, partition);
        }
    }

    /**
     * Allocates {@code bytes} on the heap (off-heap, a direct buffer, with {@code offHeap}) on partition {@code partition} (for the first executor to claim
     * {@code marker}, or always when the marker is empty), more than a small {@code -Xmx} holds; otherwise
     * {@link #labelSums}. Test-only.
     */
    public static final class Hog extends LabelSums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            String marker = params.getString("marker");
            if (partition.index() == params.getInt("partition") && (marker.isEmpty() || claim(marker))) {
                if (params.has("offHeap") && params.getBoolean("offHeap")) {
                    java.nio.ByteBuffer big = java.nio.ByteBuffer.allocateDirect(Math.toIntExact(params.getLong("bytes")));
                    acc[1] += big.get(big.capacity() - 1);
                } else {
                    long[] big = new long[Math.toIntExact(params.getLong("bytes") / 8)];
                    big[big.length - 1] = 1;
                    acc[1] += big[big.length - 1] - 1;
                }
            }
            return labelSums(acc, partition);
        }
    }

    /**
     * A vector of {@code length} doubles per partition, {@code v[i] = sin(partition * length + i) + rows}, summed:
     * larger than Aeron's largest message when length is above 2M, so partials and results travel in chunks.
     */
    public static final class BigVector implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[params.getInt("length")];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            long base = (long) partition.index() * acc.length;
            for (int i = 0; i < acc.length; i++) {
                acc[i] += Math.sin(base + i) + partition.numRows();
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            for (int i = 0; i < left.length; i++) {
                left[i] += right[i];
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Sums column {@code col} times the broadcast {@code scale[0]}, as {@code [sum]}. */
    public static final class SumScaled implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[1];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            double s = params.getBroadcast("scale", double[].class)[0];
            var c = partition.column(params.getString("col"));
            for (int r = 0; r < c.length(); r++) {
                acc[0] += s * c.getDouble(r);
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            left[0] += right[0];
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Passes partitions through (a map node in the lineage). */
    public static final class Identity implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            return input.select(outputSchema.names());
        }
    }
}
