package dev.ember.ml.core.io;

import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParquetErrorsTest {
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

    @Test
    void shouldNameThePathWhenFileIsMissing() {
        Path missing = dir.resolve("no-such.parquet");
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> ParquetReader.options().runtime(runtime).read(missing));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void shouldRejectEmptyFileWhenReading() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.parquet"));
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> ParquetReader.options().runtime(runtime).read(empty));
        assertTrue(e.getMessage().startsWith(empty.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("found 0 bytes"), e.getMessage());
    }

    @Test
    void shouldRejectDirectoryWhenReading() {
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> ParquetReader.options().runtime(runtime).read(dir));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void shouldNameFileWhenFooterIsCorrupt() throws IOException {
        Path file = writeSmallFile("corrupt.parquet");
        long length = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(length - 8);
            raf.writeInt(0x7fff_fff0);
        }
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> ParquetReader.options().runtime(runtime).read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("footer"), e.getMessage());
    }

    @Test
    void shouldNameFileWhenTruncated() throws IOException {
        Path file = writeSmallFile("truncated.parquet");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 20);
        }
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> ParquetReader.options().runtime(runtime).read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void shouldNameFileAndRowGroupWhenPageDataIsCorrupt() throws IOException {
        Path file = writeSmallFile("bad-page.parquet");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(4);
            for (int i = 0; i < 64; i++) {
                raf.write(0xff);
            }
        }
        Frame frame = ParquetReader.options().runtime(runtime).read(file);
        DataFormatException e = assertThrows(DataFormatException.class, () -> frame.partition(0).close());
        assertEquals(0, e.rowGroup());
        assertTrue(e.getMessage().startsWith(file + ", row group 0"), e.getMessage());
    }

    @Test
    void shouldNameFileRowGroupAndColumnWhenVectorRowIsRagged() throws IOException {
        Path file = dir.resolve("ragged.parquet");
        try (ParquetTestFiles.RawWriter w = new ParquetTestFiles.RawWriter(file, """
            message m {
              required double x;
              required group v (LIST) { repeated group list { required float element; } }
            }""")) {
            int[][] widths = {{3, 3, 3}, {3, 2}};
            for (int[] group : widths) {
                for (int width : group) {
                    w.column("x").write(1.0, 0, 0);
                    for (int j = 0; j < width; j++) {
                        w.column("v", "list", "element").write((float) j, j == 0 ? 0 : 1, 1);
                    }
                    w.endRow();
                }
                w.endRowGroup();
            }
        }
        Frame frame = ParquetReader.options().runtime(runtime).read(file);
        assertEquals(3, frame.schema().field("v").vectorSize());
        try (PartitionRef first = frame.partition(0)) {
            assertEquals(3, first.partition().numRows());
        }

        DataFormatException e = assertThrows(DataFormatException.class, () -> frame.partition(1).close());
        assertEquals(file, e.file());
        assertEquals(1, e.rowGroup());
        assertEquals("v", e.column());
        assertEquals(5, e.row());
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ", row group 1, row 5, column 'v': found a vector of 2 elements, expected 3"),
            m);

        DataFormatException cached = assertThrows(DataFormatException.class, frame::cacheNow);
        assertEquals(1, cached.rowGroup());
        frame.unpersist();
    }

    @Test
    void shouldNameColumnAndTypeWhenColumnTypeIsUnsupported() throws IOException {
        Path file = dir.resolve("unsupported.parquet");
        try (ParquetTestFiles.RawWriter w = new ParquetTestFiles.RawWriter(file, """
            message m {
              required double x;
              required int96 legacy_ts;
              optional group point { required double a; required double b; }
            }""")) {
            w.column("x").write(1.0, 0, 0);
            w.column("legacy_ts").write(org.apache.parquet.io.api.Binary.fromConstantByteArray(new byte[12]), 0, 0);
            w.column("point", "a").writeNull(0, 0);
            w.column("point", "b").writeNull(0, 0);
            w.endRow();
        }
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> ParquetReader.options().runtime(runtime).read(file));
        assertTrue(e.getMessage().startsWith(file + ": column 'legacy_ts': found INT96, expected DOUBLE"),
            e.getMessage());

        DataFormatException struct = assertThrows(DataFormatException.class,
            () -> ParquetReader.options().runtime(runtime).columns("point").read(file));
        assertTrue(struct.getMessage().contains("column 'point': found group of 2 fields (struct)"),
            struct.getMessage());

        DataFormatException absent = assertThrows(DataFormatException.class,
            () -> ParquetReader.options().runtime(runtime).columns("y").read(file));
        assertTrue(absent.getMessage().contains("found no column 'y', expected one of [x, legacy_ts, point]"),
            absent.getMessage());
    }

    @Test
    void shouldNameRowWhenVectorElementIsNull() throws IOException {
        Path file = dir.resolve("null-element.parquet");
        try (ParquetTestFiles.RawWriter w = new ParquetTestFiles.RawWriter(file, """
            message m { required group v (LIST) { repeated group list { optional double element; } } }""")) {
            w.column("v", "list", "element").write(1.0, 0, 2);
            w.column("v", "list", "element").write(2.0, 1, 2);
            w.endRow();
            w.column("v", "list", "element").write(1.0, 0, 2);
            w.column("v", "list", "element").writeNull(1, 1);
            w.endRow();
        }
        Frame frame = ParquetReader.options().runtime(runtime).read(file);
        DataFormatException e = assertThrows(DataFormatException.class, () -> frame.collectVectors("v"));
        assertTrue(e.getMessage().contains("row group 0, row 2, column 'v': found a null vector element"),
            e.getMessage());
    }

    @Test
    void shouldFailInsteadOfMixingVersionsWhenFileChangesUnderAFrame() throws IOException {
        Path file = writeSmallFile("changing.parquet");
        Frame frame = ParquetReader.options().runtime(runtime).read(file);
        Frame bigger = ParquetTestFiles.everyTypeFrame(runtime, 30);
        try {
            ParquetWriter.write(bigger, file);
        } finally {
            ParquetTestFiles.release(bigger);
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> frame.collectDoubles("d"));
        assertTrue(e.getMessage().contains("changed since it was opened"), e.getMessage());
    }

    @Test
    void shouldLeaveTargetUntouchedAndNoTemporaryFileWhenWriteFails() throws IOException {
        Path file = writeSmallFile("kept.parquet");
        byte[] before = Files.readAllBytes(file);
        Frame failing = new Frame(new FailingSource(ParquetTestFiles.everyTypeSchema()), runtime);

        MlException e = assertThrows(MlException.class, () -> ParquetWriter.write(failing, file));
        assertTrue(e.getMessage().contains("partition 1 is broken"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.getFileName()), files.map(Path::getFileName).toList());
        }
    }

    @Test
    void shouldRefuseExistingTargetWhenOverwriteIsOff() throws IOException {
        Path file = writeSmallFile("exists.parquet");
        Frame frame = ParquetTestFiles.everyTypeFrame(runtime, 3);
        try {
            MlException e = assertThrows(MlException.class,
                () -> ParquetWriter.options().overwrite(false).write(frame, file));
            assertTrue(e.getMessage().contains("found an existing file"), e.getMessage());
        } finally {
            ParquetTestFiles.release(frame);
        }
    }

    private Path writeSmallFile(String name) {
        Path file = dir.resolve(name);
        Frame frame = ParquetTestFiles.everyTypeFrame(runtime, 5, 5);
        try {
            ParquetWriter.write(frame, file);
        } finally {
            ParquetTestFiles.release(frame);
        }
        return file;
    }

    /** Partition 0 is fine, partition 1 fails to compute. */
    private static final class FailingSource implements PartitionSource {
        private final Schema schema;

        FailingSource(Schema schema) {
            this.schema = schema;
        }

        @Override
        public String id() {
            return "failing-" + System.identityHashCode(this);
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public int numPartitions() {
            return 2;
        }

        @Override
        public Partition compute(int index, PartitionResolver resolver) {
            if (index == 1) {
                throw new MlException("partition 1 is broken");
            }
            return ParquetTestFiles.everyTypePartition(index, 20, 7);
        }

        @Override
        public List<PartitionSource> parents() {
            return List.of();
        }

        @Override
        public String describe() {
            return "Failing";
        }
    }
}
