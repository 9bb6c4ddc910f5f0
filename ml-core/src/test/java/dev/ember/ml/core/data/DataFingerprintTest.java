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
}
