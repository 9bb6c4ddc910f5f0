package dev.ember.ml.core.io;

import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParquetRoundTripTest {
    private static Runtime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRuntime() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    @ParameterizedTest
    @EnumSource(ParquetWriter.Compression.class)
    void shouldKeepSchemaValuesAndNullsWhenRoundTrippingEveryType(ParquetWriter.Compression compression) {
        Frame written = ParquetTestFiles.everyTypeFrame(runtime, 50, 1, 120);
        Path file = dir.resolve("every.parquet");
        try {
            ParquetWriter.options().compression(compression).write(written, file);
            Frame read = ParquetReader.options().runtime(runtime).read(file);

            assertEquals(ParquetTestFiles.everyTypeSchema(), read.schema());
            assertEquals(3, read.numPartitions());
            assertEquals(171, read.count());
            ParquetTestFiles.assertSameRows(written, read);
        } finally {
            ParquetTestFiles.release(written);
        }
    }

    @Test
    void shouldGiveSameRowsWhenReadThroughTheCache() {
        Frame written = ParquetTestFiles.everyTypeFrame(runtime, 30, 40, 50, 60);
        Path file = dir.resolve("cached.parquet");
        try {
            ParquetWriter.write(written, file);
            Frame read = ParquetReader.options().runtime(runtime).read(file).cacheNow();
            ParquetTestFiles.assertSameRows(written, read);
            read.unpersist();
        } finally {
            ParquetTestFiles.release(written);
        }
    }

    @Test
    void shouldWriteOneRowGroupPerNonEmptyPartitionWhenRowGroupRowsNotSet() {
        Frame written = ParquetTestFiles.everyTypeFrame(runtime, 10, 0, 20, 30);
        Path file = dir.resolve("groups.parquet");
        try {
            ParquetWriter.write(written, file);
            Frame read = ParquetReader.options().runtime(runtime).read(file);
            ParquetSource source = (ParquetSource) read.source();
            assertEquals(3, source.numRowGroups());
            assertEquals(List.of(10L, 20L, 30L), List.of(source.knownRowCount(0), source.knownRowCount(1),
                source.knownRowCount(2)));
            ParquetTestFiles.assertSameRows(written, read);
        } finally {
            ParquetTestFiles.release(written);
        }
    }

    @Test
    void shouldGiveOnePartitionPerRowGroupAndHalfAsManyWhenTwoRowGroupsPerPartition() {
        Frame written = ParquetTestFiles.everyTypeFrame(runtime, 250, 250, 250, 250);
        Path file = dir.resolve("ten-groups.parquet");
        try {
            ParquetWriter.options().rowGroupRows(100).write(written, file);

            Frame one = ParquetReader.options().runtime(runtime).read(file);
            assertEquals(10, ((ParquetSource) one.source()).numRowGroups());
            assertEquals(10, one.numPartitions());
            for (int i = 0; i < 10; i++) {
                assertEquals(100, one.source().knownRowCount(i));
            }

            Frame two = ParquetReader.options().runtime(runtime).rowGroupsPerPartition(2).read(file);
            assertEquals(5, two.numPartitions());
            assertEquals(200, two.source().knownRowCount(4));

            Frame three = ParquetReader.options().runtime(runtime).rowGroupsPerPartition(3).read(file);
            assertEquals(4, three.numPartitions());
            assertEquals(100, three.source().knownRowCount(3));

            assertEquals(1000, one.count());
            ParquetTestFiles.assertSameRows(written, one);
            ParquetTestFiles.assertSameRows(written, two);
            ParquetTestFiles.assertSameRows(written, three);
        } finally {
            ParquetTestFiles.release(written);
        }
    }

    @Test
    void shouldKeepRowsWhenPartitionsSpanSeveralWriteChunksAndRowGroups() {
        Frame written = ParquetTestFiles.everyTypeFrame(runtime, 9000, 1, 5000);
        Path perPartition = dir.resolve("big-per-partition.parquet");
        Path fixedRows = dir.resolve("big-fixed-rows.parquet");
        try {
            ParquetWriter.write(written, perPartition);
            Frame a = ParquetReader.options().runtime(runtime).read(perPartition);
            assertEquals(3, a.numPartitions());
            ParquetTestFiles.assertSameRows(written, a);

            ParquetWriter.options().rowGroupRows(4000).write(written, fixedRows);
            Frame b = ParquetReader.options().runtime(runtime).read(fixedRows);
            assertEquals(4, b.numPartitions());
            assertEquals(List.of(4000L, 4000L, 4000L, 2001L), List.of(b.source().knownRowCount(0),
                b.source().knownRowCount(1), b.source().knownRowCount(2), b.source().knownRowCount(3)));
            ParquetTestFiles.assertSameRows(written, b);
        } finally {
            ParquetTestFiles.release(written);
        }
    }

    @Test
    void shouldReadColumnsInGivenOrderWhenProjected() {
        Frame written = ParquetTestFiles.everyTypeFrame(runtime, 40, 40);
        Path file = dir.resolve("projected.parquet");
        try {
            ParquetWriter.write(written, file);
            Frame read = ParquetReader.options().runtime(runtime).columns("vd", "s", "dReq").read(file);
            assertEquals(List.of("vd", "s", "dReq"), read.schema().names());
            ParquetTestFiles.assertSameRows(written.select("vd", "s", "dReq"), read);
        } finally {
            ParquetTestFiles.release(written);
        }
    }

    @Test
    void shouldWriteAndReadFileWithoutRowGroupsWhenFrameIsEmpty() {
        Frame written = ParquetTestFiles.everyTypeFrame(runtime, 0, 0);
        Path file = dir.resolve("empty-frame.parquet");
        try {
            ParquetWriter.write(written, file);
            Frame read = ParquetReader.options().runtime(runtime).read(file);
            assertEquals(ParquetTestFiles.everyTypeSchema(), read.schema());
            assertEquals(1, read.numPartitions());
            assertEquals(0, read.count());
            assertEquals(0, ParquetTestFiles.rows(read).size());
            assertEquals(ParquetTestFiles.everyTypeSchema(), ParquetReader.readSchema(file));
        } finally {
            ParquetTestFiles.release(written);
        }
    }

    @Test
    void shouldReplaceFileAtomicallyAndLeaveNoTemporaryFilesWhenOverwriting() throws IOException {
        Frame first = ParquetTestFiles.everyTypeFrame(runtime, 10);
        Frame second = ParquetTestFiles.everyTypeFrame(runtime, 20, 5);
        Path file = dir.resolve("nested/dir/out.parquet");
        try {
            ParquetWriter.write(first, file);
            ParquetWriter.write(second, file);
            Frame read = ParquetReader.options().runtime(runtime).read(file);
            assertEquals(25, read.count());
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertEquals(List.of(file.getFileName()), files.map(Path::getFileName).toList());
            }
        } finally {
            ParquetTestFiles.release(first);
            ParquetTestFiles.release(second);
        }
    }

    @Test
    void shouldInferVectorWidthFromFirstNonNullRowWhenFileHasNoEmberSchema() throws IOException {
        Path file = dir.resolve("foreign-list.parquet");
        try (ParquetTestFiles.RawWriter w = new ParquetTestFiles.RawWriter(file, """
            message m {
              optional group v (LIST) { repeated group list { optional float element; } }
              required double x;
            }""")) {
            // row 0: null list; rows 1, 2: two elements each
            w.column("v", "list", "element").writeNull(0, 0);
            w.column("x").write(1.0, 0, 0);
            w.endRow();
            for (int r = 1; r <= 2; r++) {
                w.column("v", "list", "element").write(r * 10f, 0, 3);
                w.column("v", "list", "element").write(r * 10f + 1, 1, 3);
                w.column("x").write(r + 1.0, 0, 0);
                w.endRow();
            }
        }
        Frame read = ParquetReader.options().runtime(runtime).read(file);
        assertEquals(Schema.of(new Field("v", DataType.VECTOR, true, 2, DataType.FLOAT),
            Field.of("x", DataType.DOUBLE, false)), read.schema());
        List<Object[]> rows = ParquetTestFiles.rows(read);
        assertEquals(null, rows.get(0)[0]);
        assertArrayEquals(new double[] {10, 11}, (double[]) rows.get(1)[0]);
        assertArrayEquals(new double[] {20, 21}, (double[]) rows.get(2)[0]);
        assertEquals(3.0, rows.get(2)[1]);
    }

    @Test
    void shouldReadLegacyListsAndOtherLogicalTypesWhenWrittenByOtherTools() throws IOException {
        Path file = dir.resolve("legacy.parquet");
        try (ParquetTestFiles.RawWriter w = new ParquetTestFiles.RawWriter(file, """
            message m {
              required group two (LIST) { repeated double array; }
              repeated float bare;
              optional int64 ms (TIMESTAMP(MILLIS,true));
              optional int64 ns (TIMESTAMP(NANOS,false));
              required int32 day (DATE);
              required int32 u (UINT_32);
              required int32 small (INT_16);
              optional binary raw;
              required binary e (ENUM);
            }""")) {
            for (int r = 0; r < 2; r++) {
                w.column("two", "array").write(r + 0.5, 0, 1);
                w.column("two", "array").write(r + 1.5, 1, 1);
                w.column("bare").write(7f, 0, 1);
                w.column("ms").write(-1500L, 0, 1);
                w.column("ns").write(1_999L, 0, 1);
                w.column("day").write(r, 0, 0);
                w.column("u").write(-1, 0, 0);
                w.column("small").write(-3, 0, 0);
                w.column("raw").writeNull(0, 0);
                w.column("e").write(org.apache.parquet.io.api.Binary.fromString("RED"), 0, 0);
                w.endRow();
            }
        }
        Frame read = ParquetReader.options().runtime(runtime).read(file);
        assertEquals(Schema.of(
            Field.vector("two", 2, DataType.DOUBLE),
            Field.vector("bare", 1, DataType.FLOAT),
            Field.of("ms", DataType.TIMESTAMP),
            Field.of("ns", DataType.TIMESTAMP),
            Field.of("day", DataType.TIMESTAMP, false),
            Field.of("u", DataType.LONG, false),
            Field.of("small", DataType.INT, false),
            Field.of("raw", DataType.STRING),
            Field.of("e", DataType.STRING, false)), read.schema());
        Object[] row = ParquetTestFiles.rows(read).get(1);
        assertEquals(1.5, ((double[]) row[0])[0]);
        assertEquals(7.0, ((double[]) row[1])[0]);
        assertEquals(-1_500_000L, row[2]);
        assertEquals(1L, row[3]);
        assertEquals(86_400_000_000L, row[4]);
        assertEquals(4_294_967_295L, row[5]);
        assertEquals(-3, row[6]);
        assertEquals(null, row[7]);
        assertEquals("RED", row[8]);
    }

    @Test
    void shouldReadProjectedColumnsWhenFileHasUnsupportedColumnsElsewhere() throws IOException {
        Path file = dir.resolve("int96.parquet");
        try (ParquetTestFiles.RawWriter w = new ParquetTestFiles.RawWriter(file,
            "message m { required int96 ts; required double x; }")) {
            w.column("ts").write(org.apache.parquet.io.api.Binary.fromConstantByteArray(new byte[12]), 0, 0);
            w.column("x").write(4.25, 0, 0);
            w.endRow();
        }
        Frame read = ParquetReader.options().runtime(runtime).columns("x").read(file);
        assertEquals(List.of("x"), read.schema().names());
        assertEquals(4.25, read.collectDoubles("x")[0]);
        assertFalse(read.isCached());
        assertTrue(read.explain().contains("ParquetScan"));
    }
}
