package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Row;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** frame.write().parquet/csv: round trips through the readers, atomicity and refusals. */
@Timeout(60)
class FrameWriteTest {
    private static final long SEED = 20261205L;
    private static final String[] TEXTS = {"plain", "with,comma", "say \"hi\"", " edge ", "multi\nline", "ü€"};
    private static Runtime rt;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    /** 3 partitions of 400 rows: long, nullable double, float, int, nullable boolean, nullable string, timestamp. */
    private static Frame frame() {
        Random rnd = new Random(SEED);
        List<Partition> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ColumnBuilder id = new ColumnBuilder(Field.of("id", DataType.LONG, false), 400);
            ColumnBuilder x = new ColumnBuilder(Field.of("x", DataType.DOUBLE, true), 400);
            ColumnBuilder f = new ColumnBuilder(Field.of("f", DataType.FLOAT, false), 400);
            ColumnBuilder i = new ColumnBuilder(Field.of("i", DataType.INT, false), 400);
            ColumnBuilder b = new ColumnBuilder(Field.of("b", DataType.BOOLEAN, true), 400);
            ColumnBuilder s = new ColumnBuilder(Field.of("s", DataType.STRING, true), 400);
            ColumnBuilder t = new ColumnBuilder(Field.of("t", DataType.TIMESTAMP, false), 400);
            for (int r = 0; r < 400; r++) {
                int row = p * 400 + r;
                id.appendLong(row * 1_000_000_007L);
                if (row % 9 == 0) {
                    x.appendNull();
                } else {
                    x.appendDouble(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10));
                }
                f.appendFloat((float) rnd.nextGaussian());
                i.appendInt(rnd.nextInt());
                if (row % 5 == 0) {
                    b.appendNull();
                } else {
                    b.appendBoolean(rnd.nextBoolean());
                }
                s.appendString(row % 11 == 0 ? null : TEXTS[row % TEXTS.length]);
                t.appendLong(1_700_000_000_000_000L + row * 1_234_567L);
            }
            parts.add(new Partition(p, List.of(id.build(), x.build(), f.build(), i.build(), b.build(), s.build(),
                t.build())));
        }
        return Frame.of(rt, parts);
    }

    private static List<List<Object>> values(Frame f) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : f.head(Integer.MAX_VALUE)) {
            out.add(r.values());
        }
        return out;
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void shouldRoundTripEveryTypeThroughParquet() throws Exception {
        Frame f = frame();
        Path file = dir.resolve("out/data.parquet");
        f.write().parquet(file);
        Frame back = ParquetReader.options().runtime(rt).read(file);
        assertEquals(f.schema().names(), back.schema().names());
        assertEquals(values(f), values(back));
        assertTrue(leftovers().isEmpty());
    }

    @Test
    void shouldRoundTripEveryTypeThroughCsvBitForBit() throws Exception {
        Frame f = frame();
        Path file = dir.resolve("data.csv");
        f.write().csv(file);
        Frame back = CsvReader.builder().runtime(rt).schema(f.schema()).read(file);
        assertEquals(values(f), values(back), "doubles written in shortest round-trip form read back exactly");
        assertTrue(Files.readString(file).startsWith("id,x,f,i,b,s,t\n0,,"), "header, and a null as an empty field");
        assertTrue(leftovers().isEmpty());
    }

    @Test
    void shouldWriteAFilteredFrameThatReadsBackWithInference() throws Exception {
        Frame f = frame().filter("x > 0 AND s IS NOT NULL").withColumn("y", "round(x * 100, 1)").select("id", "y");
        Path file = dir.resolve("small.csv");
        f.write().csv(file);
        Frame back = CsvReader.builder().runtime(rt).read(file);
        assertEquals(f.count(), back.count());
        assertEquals(java.util.Arrays.toString(f.collectDoubles("y")),
            java.util.Arrays.toString(back.collectDoubles("y")));
    }

    @Test
    void shouldRefuseToReplaceAFileUnlessToldAndLeaveItIntact() throws Exception {
        Path file = dir.resolve("keep.csv");
        Files.writeString(file, "old\n");
        MlException e = assertThrows(MlException.class, () -> frame().write().csv(file));
        assertTrue(e.getMessage().contains("found an existing file"), e.getMessage());
        assertThrows(MlException.class, () -> frame().write().parquet(file));
        assertEquals("old\n", Files.readString(file));
        frame().limit(2).select("id").write().overwrite(true).csv(file);
        assertEquals("id\n0\n1000000007\n", Files.readString(file));
        assertTrue(leftovers().isEmpty());
    }

    @Test
    void shouldRefuseVectorColumnsInCsvWithoutCreatingAFile() {
        Column v = ColumnBuilder.ofVectors("features", DataType.FLOAT, new double[][] {{1, 2}, {3, 4}});
        Frame f = Frame.ofColumns(rt, v);
        Path file = dir.resolve("v.csv");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> f.write().csv(file));
        assertTrue(e.getMessage().contains("column 'features'") && e.getMessage().contains("expected scalar"),
            e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void shouldNotLeaveAPartialFileWhenAPartitionFails() throws Exception {
        Frame bad = Frame.ofColumns(rt, ColumnBuilder.ofDoubles("x", 1, 0, 3)).withColumn("y", "x")
            .filter("x > 0");
        Path file = dir.resolve("p.csv");
        Frame broken = new Frame(new dev.ember.ml.core.runtime.PartitionSource() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public Schema schema() {
                return bad.schema();
            }

            @Override
            public int numPartitions() {
                return 1;
            }

            @Override
            public Partition compute(int index, dev.ember.ml.core.runtime.PartitionResolver resolver) {
                throw new IllegalStateException("disk gone");
            }

            @Override
            public List<dev.ember.ml.core.runtime.PartitionSource> parents() {
                return List.of();
            }

            @Override
            public String describe() {
                return "broken";
            }
        }, rt);
        MlException e = assertThrows(MlException.class, () -> broken.write().csv(file));
        assertTrue(e.getMessage().contains("disk gone"), e.getMessage());
        assertFalse(Files.exists(file));
        assertTrue(leftovers().isEmpty());
    }
}
