package dev.ember.ml.core.runtime;

import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class InProcessRuntimeTest {
    private static final long SEED = 20261124L;

    private static double[] sum(Runtime rt, Frame f, int depth) {
        return f.treeAggregate(AggregateCall.of(SumKernels.VectorSum.class,
            KernelParams.builder().put("col", "x").put("width", 8L).build()), depth);
    }

    @Test
    void shouldGiveBitIdenticalResultsWhateverTheThreadCount() {
        double[] reference = null;
        for (int threads : new int[] {1, 2, 5}) {
            try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(threads))) {
                Frame f = new Frame(new GeneratedSource(SEED, 13, 2_000, 8), rt);
                for (int rep = 0; rep < 3; rep++) {
                    double[] s = sum(rt, f, 2);
                    if (reference == null) {
                        reference = s;
                    }
                    assertArrayEquals(reference, s, 0.0, "threads=" + threads + " rep=" + rep + " seed=" + SEED);
                }
            }
        }
    }

    @Test
    void shouldMatchASequentialSumForEveryDepth() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            GeneratedSource src = new GeneratedSource(SEED, 7, 500, 8);
            Frame f = new Frame(src, rt);
            double[] expected = new double[8];
            for (int i = 0; i < 7; i++) {
                try (PartitionRef ref = f.partition(i)) {
                    double[] v = new double[8];
                    for (int r = 0; r < ref.partition().numRows(); r++) {
                        ref.partition().column("x").getVector(r, v);
                        for (int j = 0; j < 8; j++) {
                            expected[j] += v[j];
                        }
                    }
                }
            }
            for (int depth = 1; depth <= 4; depth++) {
                assertArrayEquals(expected, sum(rt, f, depth), 1e-9, "depth " + depth);
            }
        }
    }

    @Test
    void shouldCombineInAFixedTreeShape() {
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            leaves.add("p" + i);
        }
        assertEquals(3, TreeCombiner.fanIn(9, 2));
        assertEquals("((((p0+p1)+p2)+((p3+p4)+p5))+((p6+p7)+p8))",
            TreeCombiner.combine(leaves, 2, (a, b) -> "(" + a + "+" + b + ")"));
    }

    @Test
    void shouldNameThePartitionWhenAKernelFails() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame f = new Frame(new GeneratedSource(SEED, 4, 10, 2), rt);
            MlException e = assertThrows(MlException.class, () -> f.treeAggregate(AggregateCall.of(
                SumKernels.Failing.class, KernelParams.builder().put("failOn", 2L).build()), 2));
            assertTrue(e.getMessage().contains("partition 2"), e.getMessage());
            assertTrue(e.getMessage().contains("boom"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAKernelThatIsNotRegistered() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame f = new Frame(new GeneratedSource(SEED, 1, 10, 2), rt);
            MlException e = assertThrows(MlException.class,
                () -> f.treeAggregate(AggregateCall.of(Unregistered.class, KernelParams.empty()), 2));
            assertTrue(e.getMessage().contains("not registered"), e.getMessage());
        }
    }

    @Test
    void shouldApplyMapKernelsLazilyWithBroadcastParams() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            GeneratedSource src = new GeneratedSource(SEED, 3, 100, 2);
            Frame f = new Frame(src, rt);
            Broadcast<double[]> factor = rt.broadcast(new double[] {3.0}, ValueCodecs.DOUBLE_ARRAY);
            Frame g = f.mapPartitions(MapCall.of(SumKernels.Scale.class,
                KernelParams.builder().put("out", "y3").put("factor", factor).build()),
                f.schema().add(Field.of("y3", DataType.DOUBLE, false)));
            assertEquals(0, src.computations.get(), "mapPartitions must be lazy");
            double[] y = f.collectDoubles("y");
            double[] y3 = g.collectDoubles("y3");
            for (int i = 0; i < y.length; i++) {
                assertEquals(3 * y[i], y3[i], 1e-12);
            }
            assertTrue(g.explain().contains("Scale") && g.explain().contains("Generated"), g.explain());
        }
    }

    /** A kernel no provider registers. */
    static final class Unregistered implements AggregateKernel<Long> {
        @Override
        public Long zero(KernelParams params) {
            return 0L;
        }

        @Override
        public Long seqOp(Long acc, dev.ember.ml.core.data.Partition partition, KernelParams params) {
            return acc;
        }

        @Override
        public Long combOp(Long left, Long right) {
            return left;
        }

        @Override
        public ValueCodec<Long> codec() {
            return ValueCodecs.LONG;
        }
    }
}
