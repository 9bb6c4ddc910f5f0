package dev.ember.ml.core.data;

import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DataFingerprintTest {

    private static Frame frame(Runtime rt, double[] x, String[] s, int partitions) {
        List<Partition> parts = new ArrayList<>();
        int per = (x.length + partitions - 1) / partitions;
        for (int p = 0; p < partitions; p++) {
            int from = p * per;
            int to = Math.min(x.length, from + per);
            ColumnBuilder xb = new ColumnBuilder(Field.of("x", DataType.DOUBLE, false), to - from);
            ColumnBuilder sb = new ColumnBuilder(Field.of("s", DataType.STRING), to - from);
            for (int i = from; i < to; i++) {
                xb.appendDouble(x[i]);
                sb.appendString(s[i]);
            }
            parts.add(new Partition(p, List.of(xb.build(), sb.build())));
        }
        return Frame.of(rt, parts);
    }

    @Test
    void shouldNotDependOnPartitioningButOnEveryValue() {
        double[] x = new double[100];
        String[] s = new String[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.5;
            s[i] = i % 7 == 0 ? null : "v" + (i % 3);
        }
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            DataFingerprint one = DataFingerprint.of(frame(rt, x, s, 1));
            assertEquals(one, DataFingerprint.of(frame(rt, x, s, 7)));
            assertEquals(100, one.rowCount());
            x[42] = 21.0000001;
            assertNotEquals(one.contentHash(), DataFingerprint.of(frame(rt, x, s, 1)).contentHash());
            x[42] = 21;
            s[3] = null;
            assertNotEquals(one.contentHash(), DataFingerprint.of(frame(rt, x, s, 1)).contentHash(),
                "a null must change the hash");
        }
    }

    @Test
    void shouldHashAPartitionOnceAndKeepItsSumWithIt() {
        double[] x = {1, 2, 3, 4, 5, 6};
        String[] s = {"a", null, "b", "c", null, "d"};
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            List<Partition> parts = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                ColumnBuilder xb = new ColumnBuilder(Field.of("x", DataType.DOUBLE, false), 3);
                ColumnBuilder sb = new ColumnBuilder(Field.of("s", DataType.STRING), 3);
                for (int i = 3 * p; i < 3 * p + 3; i++) {
                    xb.appendDouble(x[i]);
                    sb.appendString(s[i]);
                }
                parts.add(new Partition(p, List.of(xb.build(), sb.build())));
            }
            Frame f = Frame.of(rt, parts);
            DataFingerprint first = DataFingerprint.of(f);
            for (Partition p : parts) {
                long[] kept = p.contentHash(() -> {
                    throw new AssertionError("partition " + p.index() + " was not kept hashed");
                });
                assertEquals(3, kept[0]);
            }
            assertEquals(first, DataFingerprint.of(f), "the kept sums give the same fingerprint");
            assertEquals(first, DataFingerprint.of(frame(rt, x, s, 3)), "and equal a fresh hash of the rows");
        }
    }

    /**
     * The content hash is stored in models' provenance and in MLflow runs: it must not change when the kernel
     * changes. The value pinned here was computed by the 0.1.0 kernel (one loop over every type, nulls included);
     * the numeric columns now take a loop per type.
     */
    @Test
    void shouldGiveThePinnedHashOfAFrameOfEveryNumericTypeANaNAndANull() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            ColumnBuilder d = new ColumnBuilder(Field.of("d", DataType.DOUBLE, false), 4);
            ColumnBuilder f = new ColumnBuilder(Field.of("f", DataType.FLOAT, false), 4);
            ColumnBuilder l = new ColumnBuilder(Field.of("l", DataType.LONG, false), 4);
            ColumnBuilder i = new ColumnBuilder(Field.of("i", DataType.INT, false), 4);
            ColumnBuilder t = new ColumnBuilder(Field.of("s", DataType.STRING, true), 4);
            for (int r = 0; r < 5; r++) {
                d.appendDouble(r == 3 ? Double.NaN : r * 1.5 - 2);
                f.appendFloat(r * -0.25f);
                l.appendLong(r * 1_000_000_007L);
                i.appendInt(-r);
                t.appendString(r == 2 ? null : "v" + r);
            }
            DataFingerprint fp = DataFingerprint.of(Frame.ofColumns(rt, d.build(), f.build(), l.build(), i.build(),
                t.build()));
            assertEquals(5, fp.rowCount());
            assertEquals("171f661b7c4ee4ac", fp.contentHash());
        }
    }

    /**
     * Numeric columns are mixed several rows at a time with the Vector API when it is present: the hash must be the
     * scalar definition's, bit for bit, including NaNs of any payload (canonicalized as doubleToLongBits and
     * floatToIntBits do), negative ints (sign-extended) and a row count that is no multiple of the lanes.
     */
    @Test
    void shouldHashLongNumericColumnsAsTheScalarDefinitionDoes() {
        org.junit.jupiter.api.Assertions.assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
            "the tests run with the Vector API (--add-modules jdk.incubator.vector), so the vector loop is tested");
        int n = 1003;
        java.util.Random random = new java.util.Random(20261206L);
        double[] dv = new double[n];
        float[] fv = new float[n];
        long[] lv = new long[n];
        int[] iv = new int[n];
        for (int r = 0; r < n; r++) {
            dv[r] = r % 97 == 5 ? Double.longBitsToDouble(0x7ff0000000000001L + r) : random.nextGaussian() * 1e3;
            fv[r] = r % 89 == 7 ? Float.intBitsToFloat(0xffc00001 + r) : (float) random.nextGaussian();
            lv[r] = random.nextLong();
            iv[r] = random.nextInt();
        }
        long expected = 0;
        for (int r = 0; r < n; r++) {
            long h = 0;
            h = h * 0x9E3779B97F4A7C15L + splitMix(Double.doubleToLongBits(dv[r]));
            h = h * 0x9E3779B97F4A7C15L + splitMix(Float.floatToIntBits(fv[r]));
            h = h * 0x9E3779B97F4A7C15L + splitMix(lv[r]);
            h = h * 0x9E3779B97F4A7C15L + splitMix(iv[r]);
            expected += splitMix(h);
        }
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            ColumnBuilder d = new ColumnBuilder(Field.of("d", DataType.DOUBLE, false), n);
            ColumnBuilder f = new ColumnBuilder(Field.of("f", DataType.FLOAT, false), n);
            ColumnBuilder l = new ColumnBuilder(Field.of("l", DataType.LONG, false), n);
            ColumnBuilder i = new ColumnBuilder(Field.of("i", DataType.INT, false), n);
            for (int r = 0; r < n; r++) {
                d.appendDouble(dv[r]);
                f.appendFloat(fv[r]);
                l.appendLong(lv[r]);
                i.appendInt(iv[r]);
            }
            DataFingerprint fp = DataFingerprint.of(Frame.ofColumns(rt, d.build(), f.build(), l.build(),
                i.build()));
            assertEquals(String.format("%016x", expected), fp.contentHash());
        }
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
