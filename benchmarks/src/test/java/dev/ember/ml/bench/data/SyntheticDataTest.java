package dev.ember.ml.bench.data;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SyntheticDataTest {
    private static final SyntheticData.Spec SPEC = new SyntheticData.Spec(140_000, 5, 7, 0.5);
    private static Runtime runtime;

    @BeforeAll
    static void start() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void shouldGiveTheSameRowsWhenPartitionedDifferently() {
        SyntheticData data = SyntheticData.of(SPEC);
        Frame small = data.frame(runtime, SyntheticData.BLOCK_ROWS);
        Frame large = data.frame(runtime, 4 * SyntheticData.BLOCK_ROWS);
        assertEquals(3, small.numPartitions());
        assertEquals(1, large.numPartitions());
        for (String column : data.schema().names()) {
            assertArrayEquals(small.collectDoubles(column), large.collectDoubles(column), column);
        }
    }

    @Test
    void shouldGiveTheSamePrefixWhenTheRowCountDiffers() {
        SyntheticData shorter = SyntheticData.of(new SyntheticData.Spec(70_000, 5, 7, 0.5));
        SyntheticData longer = SyntheticData.of(SPEC);
        double[] a = shorter.frame(runtime, SyntheticData.BLOCK_ROWS).collectDoubles(SyntheticData.TARGET);
        double[] b = longer.frame(runtime, SyntheticData.BLOCK_ROWS).collectDoubles(SyntheticData.TARGET);
        assertArrayEquals(a, Arrays.copyOf(b, a.length));
        assertArrayEquals(shorter.trueWeights(), longer.trueWeights());
    }

    @Test
    void shouldDifferWhenTheSeedDiffers() {
        SyntheticData other = SyntheticData.of(new SyntheticData.Spec(140_000, 5, 8, 0.5));
        assertFalse(Arrays.equals(SyntheticData.of(SPEC).trueWeights(), other.trueWeights()));
    }

    @Test
    void shouldFollowTheModelWhenSampled() {
        SyntheticData data = SyntheticData.of(SPEC);
        Frame frame = data.frame(runtime, SyntheticData.BLOCK_ROWS);
        double[] x0 = frame.collectDoubles("f0");
        double[] y = frame.collectDoubles(SyntheticData.TARGET);
        double[] label = frame.collectDoubles(SyntheticData.LABEL);
        double ww = 0;
        for (double w : data.trueWeights()) {
            ww += w * w;
        }
        double b = SPEC.intercept();
        // x ~ N(0, 1); y = x.w + b + N(0, 0.25): mean b, variance |w|^2 + 0.25
        assertEquals(0.0, mean(x0), 0.02);
        assertEquals(1.0, variance(x0), 0.02);
        assertEquals(b, mean(y), 0.02);
        assertEquals(ww + SyntheticData.NOISE_SD * SyntheticData.NOISE_SD, variance(y), 0.03);
        for (double v : label) {
            assertEquals(0.0, v * (1 - v));
        }
        // with b > 0 the positive class is the larger one
        assertEquals(1.0, Math.signum(mean(label) - 0.5));
    }

    @Test
    void shouldRejectPartitionsThatSplitABlock() {
        SyntheticData data = SyntheticData.of(SPEC);
        assertThrows(IllegalArgumentException.class, () -> data.numPartitions(100_000));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double variance(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElseThrow();
    }
}
