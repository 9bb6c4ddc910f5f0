package dev.ember.ml.core.data;

import dev.ember.ml.core.runtime.Runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds small frames of known content, cut into any number of partitions. */
final class TestFrames {
    private TestFrames() {
    }

    /**
     * Rows {@code id} (long, 0..n-1), {@code x} (double, N(0,1), every 10th null), {@code s} (string of three
     * values, every 7th null), in {@code parts} partitions of near-equal size.
     */
    static Frame mixed(Runtime rt, int n, int parts, long seed) {
        Random rnd = new Random(seed);
        long[] id = new long[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
            x[i] = rnd.nextGaussian();
        }
        String[] cats = {"a", "b", "c"};
        List<Partition> ps = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            ColumnBuilder bi = new ColumnBuilder(Field.of("id", DataType.LONG, false), to - from);
            ColumnBuilder bx = new ColumnBuilder(Field.of("x", DataType.DOUBLE, true), to - from);
            ColumnBuilder bs = new ColumnBuilder(Field.of("s", DataType.STRING, true), to - from);
            for (int i = from; i < to; i++) {
                bi.appendLong(id[i]);
                if (i % 10 == 3) {
                    bx.appendNull();
                } else {
                    bx.appendDouble(x[i]);
                }
                bs.appendString(i % 7 == 5 ? null : cats[i % 3]);
            }
            ps.add(new Partition(p, List.of(bi.build(), bx.build(), bs.build())));
        }
        return Frame.of(rt, ps);
    }
}
