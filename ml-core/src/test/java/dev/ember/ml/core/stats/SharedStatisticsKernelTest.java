package dev.ember.ml.core.stats;

import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.CoreKernels;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SharedStatisticsKernelTest {
    private static final long SEED = 20261205L;

    private static Frame frame(Runtime rt, int partitions, int rows) {
        Random random = new Random(SEED);
        List<Partition> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ColumnBuilder x = new ColumnBuilder(Field.of("x", DataType.DOUBLE, false), rows);
            for (int r = 0; r < rows; r++) {
                x.appendDouble(random.nextGaussian());
            }
            parts.add(new Partition(p, List.of(x.build())));
        }
        return Frame.of(rt, parts);
    }

    @Test
    void shouldGatherEveryStatisticInOnePassEqualToSeparatePasses() {
        System.out.println("seed " + SEED);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            for (int partitions : new int[] {1, 3, 7}) {
                Frame f = frame(rt, partitions, 50);
                Statistic<Long> count = Statistic.of("count", "", AggregateCall.of(CoreKernels.Count.class,
                    KernelParams.empty()));
                FitContext ctx = FitContext.gather(f, List.of(count, Statistic.fingerprint(), count), 2);
                assertEquals(50L * partitions, ctx.get(count));
                assertEquals(DataFingerprint.of(f), ctx.fingerprint(), partitions + " partitions");
            }
        }
    }

    @Test
    void shouldRoundTripTheAccumulatorInBothByteOrders() {
        SharedStatisticsKernel kernel = new SharedStatisticsKernel();
        StatisticValues v = new StatisticValues(new String[] {CoreKernels.Count.class.getName(),
            CoreKernels.Fingerprint.class.getName()}, new Object[] {42L, new long[] {7, 0x1234_5678_9abcL}});
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer b = ByteBuffer.allocate(kernel.codec().encodedLength(v)).order(order);
            kernel.codec().encode(v, b);
            assertEquals(0, b.remaining());
            b.flip();
            StatisticValues back = kernel.codec().decode(b);
            assertEquals(42L, back.value(0), order.toString());
            assertArrayEquals(new long[] {7, 0x1234_5678_9abcL}, (long[]) back.value(1), order.toString());
        }
    }

    @Test
    void shouldRejectATruncatedAccumulator() {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.putInt(1).putInt(1000).putInt(0);
        b.flip();
        assertThrows(InvalidArgumentException.class, () -> new SharedStatisticsKernel().codec().decode(b));
    }

    @Test
    void shouldMergeWithTheZeroAsIdentity() {
        SharedStatisticsKernel kernel = new SharedStatisticsKernel();
        KernelParams p = FitContext.sharedCall(List.of(Statistic.of("count", "", AggregateCall.of(
            CoreKernels.Count.class, KernelParams.empty())))).params();
        StatisticValues a = new StatisticValues(new String[] {CoreKernels.Count.class.getName()}, new Object[] {5L});
        assertEquals(5L, kernel.combOp(kernel.zero(p), a).value(0));
        StatisticValues c = new StatisticValues(new String[] {CoreKernels.Count.class.getName()}, new Object[] {5L});
        assertEquals(5L, kernel.combOp(c, kernel.zero(p)).value(0));
    }
}
