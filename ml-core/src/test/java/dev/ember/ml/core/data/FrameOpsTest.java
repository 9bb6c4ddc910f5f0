package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FrameOpsTest {
    private static final long SEED = 20261205L;
    private static Runtime rt;

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    /** id 1, 2, 3; x 1.5, null, -2.25; s "a", a long text, null; in two partitions (2 + 1 rows). */
    static Frame golden() {
        ColumnBuilder x1 = new ColumnBuilder(Field.of("x", DataType.DOUBLE, true), 2);
        x1.appendDouble(1.5);
        x1.appendNull();
        ColumnBuilder x2 = new ColumnBuilder(Field.of("x", DataType.DOUBLE, true), 1);
        x2.appendDouble(-2.25);
        ColumnBuilder i1 = new ColumnBuilder(Field.of("id", DataType.LONG, false), 2);
        i1.appendLong(1);
        i1.appendLong(2);
        ColumnBuilder i2 = new ColumnBuilder(Field.of("id", DataType.LONG, false), 1);
        i2.appendLong(3);
        return Frame.of(rt, List.of(
            new Partition(0, List.of(i1.build(), x1.build(),
                ColumnBuilder.ofStrings("s", "a", "hello world this is long text"))),
            new Partition(1, List.of(i2.build(), x2.build(), ColumnBuilder.ofStrings("s", (String) null)))));
    }

    @Test
    void shouldShowAnAlignedTableLikeSpark() {
        String expected = """
            +---+-----+--------------------+
            | id|    x|                   s|
            +---+-----+--------------------+
            |  1|  1.5|                   a|
            |  2| null|hello world this ...|
            |  3|-2.25|                null|
            +---+-----+--------------------+
            """;
        assertEquals(expected, golden().showString(20));
        assertEquals("""
            +---+---+---+
            | id|  x|  s|
            +---+---+---+
            |  1|1.5|  a|
            +---+---+---+
            only showing top 1 row
            """, golden().showString(1));
    }

    @Test
    void shouldDescribeNumericColumnsInOnePassLikeSpark() {
        String expected = """
            +-------+---+------------------+
            |summary| id|                 x|
            +-------+---+------------------+
            |  count|3.0|               2.0|
            |   mean|2.0|            -0.375|
            | stddev|1.0|2.6516504294495533|
            |    min|1.0|             -2.25|
            |    max|3.0|               1.5|
            +-------+---+------------------+
            """;
        assertEquals(expected, golden().describe().showString(20));
    }

    @Test
    void shouldDescribeLikeATwoPassReferenceWhateverThePartitioning() {
        for (int parts : new int[] {1, 3, 7}) {
            Frame f = TestFrames.mixed(rt, 5_000, parts, SEED);
            Frame d = f.describe();
            assertEquals(List.of("summary", "id", "x"), d.schema().names());
            double[] x = Arrays.stream(f.collectDoubles("x")).filter(v -> !Double.isNaN(v)).toArray();
            double mean = Arrays.stream(x).sum() / x.length;
            double ss = 0;
            for (double v : x) {
                ss += (v - mean) * (v - mean);
            }
            double[] got = d.collectDoubles("x");
            assertEquals(x.length, got[0], 0, "count parts=" + parts);
            assertEquals(mean, got[1], 1e-14, "mean parts=" + parts + " seed=" + SEED);
            assertEquals(Math.sqrt(ss / (x.length - 1)), got[2], 1e-13, "stddev parts=" + parts);
            assertEquals(Arrays.stream(x).min().getAsDouble(), got[3], 0);
            assertEquals(Arrays.stream(x).max().getAsDouble(), got[4], 0);
            assertArrayEquals(new double[] {5000, 2499.5, Math.sqrt(5000 * 5001 / 12.0), 0, 4999},
                d.collectDoubles("id"), 1e-9);
        }
    }

    @Test
    void shouldReturnTheFirstRowsAsReadableRows() {
        List<Row> rows = golden().head(2);
        assertEquals(2, rows.size());
        assertEquals("Row(id=1, x=1.5, s=a)", rows.get(0).toString());
        assertEquals("Row(id=2, x=null, s=hello world this is long text)", rows.get(1).toString());
        assertEquals(2L, rows.get(1).get("id"));
        assertEquals(Double.NaN, rows.get(1).getDouble("x"));
        assertEquals(3, golden().head(10).size());
    }

    @Test
    void shouldLimitAcrossPartitionsInOrder() {
        Frame f = TestFrames.mixed(rt, 100, 7, SEED);
        for (int n : new int[] {0, 5, 14, 15, 99, 100, 1000}) {
            Frame l = f.limit(n);
            assertEquals(7, l.numPartitions());
            double[] ids = l.collectDoubles("id");
            assertEquals(Math.min(n, 100), ids.length, "limit " + n);
            for (int i = 0; i < ids.length; i++) {
                assertEquals(i, ids[i], 0);
            }
        }
        assertEquals(3, f.filter("id >= 50").limit(3).head(10).size());
        assertEquals(50L, f.filter("id >= 50").limit(3).head(1).get(0).get("id"));
        assertThrows(InvalidArgumentException.class, () -> f.limit(-1));
    }

    @Test
    void shouldUnionPartitionsOfBothFramesInOrder() {
        Frame a = TestFrames.mixed(rt, 10, 2, SEED);
        Frame b = TestFrames.mixed(rt, 10, 3, SEED).withColumn("id", "id + 100");
        Frame u = a.union(b.select("id", "x", "s"));
        assertEquals(5, u.numPartitions());
        assertEquals(20, u.count());
        List<Double> ids = new ArrayList<>();
        for (double d : u.collectDoubles("id")) {
            ids.add(d);
        }
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0,
            100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0), ids);
        assertTrue(u.schema().field("id").nullable(), "id is nullable in b (computed), so in the union");
        String m = assertThrows(InvalidArgumentException.class, () -> a.union(a.select("x", "id", "s")))
            .getMessage();
        assertTrue(m.contains("expected the same columns in the same order"), m);
        m = assertThrows(InvalidArgumentException.class, () -> a.union(a.withColumn("x", "CAST(x AS float)")))
            .getMessage();
        assertTrue(m.contains("column 'x'") && m.contains("expected one type"), m);
    }
}
