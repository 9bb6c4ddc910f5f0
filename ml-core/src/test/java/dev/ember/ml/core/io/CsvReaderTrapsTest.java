package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new user met reading their own files (issue 13): a semicolon- or tab-separated file read as one string
 * column without a word, a column turned into strings by one stray value with no word of which row did it, and
 * errors about a row that named "partition 0, row 9" instead of the file and line. On {@code wine.csv} (178 rows,
 * 14 columns), rewritten the way such files come.
 */
class CsvReaderTrapsTest {
    private static Runtime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static List<String> wine() throws IOException {
        return Files.readAllLines(CsvTestSupport.dataset("wine.csv"));
    }

    @Test
    void shouldDetectTheDelimiterWhenTheFileIsSemicolonOrTabSeparated() throws IOException {
        Schema expected = CsvReader.builder().runtime(runtime).read(CsvTestSupport.dataset("wine.csv")).schema();
        for (String sep : List.of(";", "\t", "|")) {
            List<String> lines = wine().stream().map(l -> l.replace(",", sep)).toList();
            Path file = Files.write(dir.resolve("wine-" + (int) sep.charAt(0) + ".csv"), lines);
            Frame f = CsvReader.builder().runtime(runtime).numPartitions(3).read(file);
            assertEquals(expected, f.schema(), "separator " + (int) sep.charAt(0));
            assertEquals(178, f.count());
        }
    }

    @Test
    void shouldRefuseNamingTheDelimiterFoundWhenTheDelimiterSetIsNotInTheFile() throws IOException {
        List<String> lines = wine().stream().map(l -> l.replace(",", ";")).toList();
        Path file = Files.write(dir.resolve("wine-semicolon.csv"), lines);
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> CsvReader.builder().runtime(runtime).delimiter('\t').read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("split evenly on ';'")
            && e.getMessage().contains(".delimiter(';')"), e.getMessage());
    }

    @Test
    void shouldKeepTheCommaWhenTheHeaderHoldsOne() throws IOException {
        // one column per line, values holding a semicolon: nothing is guessed
        Path file = CsvTestSupport.write(dir, "one.csv", "a,b\n\"x;y\",1\n\"z;w\",2\n");
        Frame f = CsvReader.builder().runtime(runtime).read(file);
        assertEquals(List.of("a", "b"), f.schema().names());
    }

    @Test
    void shouldNameTheRowAndValueThatMadeAColumnTextWhenANumberIsExpected() throws IOException {
        List<String> lines = new ArrayList<>(wine());
        // data row 100 (line 101): magnesium (column 5) holds "n/a" where every other row holds a number
        String[] f = lines.get(100).split(",");
        f[4] = "n/a";
        lines.set(100, String.join(",", f));
        Path file = Files.write(dir.resolve("wine-na.csv"), lines);
        Frame frame = CsvReader.builder().runtime(runtime).numPartitions(4).read(file);
        assertEquals(DataType.STRING, frame.schema().field("magnesium").type());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> frame.schema().require("magnesium", DataType.DOUBLE, DataType.FLOAT, DataType.INT));
        assertTrue(e.getMessage().contains("row 100 (line 101)") && e.getMessage().contains("'n/a'")
            && e.getMessage().contains(file.toString()), e.getMessage());
        // a column that is text throughout names its first value
        assertTrue(frame.schema().field("cultivar").metadata().typeEvidence().contains("row 1 (line 2)"));
        // given "n/a" as a null value, the column is numeric again
        Frame fixed = CsvReader.builder().runtime(runtime).addNullValues("n/a").read(file);
        assertEquals(DataType.INT, fixed.schema().field("magnesium").type());
    }

    @Test
    void shouldNameFileRowAndLineOfAPartitionRowWhenReadFromCsv() throws IOException {
        Path file = CsvTestSupport.dataset("wine.csv");
        for (int parts : new int[] {1, 3, 7}) {
            Frame frame = CsvReader.builder().runtime(runtime).numPartitions(parts).read(file);
            int seen = 0;
            for (int p = 0; p < frame.numPartitions(); p++) {
                try (PartitionRef ref = frame.partition(p)) {
                    Partition part = ref.partition();
                    for (int r = 0; r < part.numRows(); r++) {
                        seen++;
                        if (seen == 60) {
                            assertEquals("partition " + p + ", row " + r + " (file " + file.toAbsolutePath()
                                .normalize() + ", row 60, line 61)", part.where(r), parts + " partitions");
                        }
                    }
                }
            }
            assertEquals(178, seen);
        }
    }

    @Test
    void shouldNameFileRowGroupAndRowOfAPartitionRowWhenReadFromParquet() {
        Path file = dir.resolve("wine.parquet");
        ParquetWriter.write(CsvReader.builder().runtime(runtime).read(CsvTestSupport.dataset("wine.csv")), file,
            ParquetWriter.options().rowGroupRows(50));   // row groups of 50, 50, 50, 28 rows
        for (int perPartition : new int[] {1, 3}) {
            Frame frame = ParquetReader.options().runtime(runtime).rowGroupsPerPartition(perPartition).read(file);
            int seen = 0;
            for (int p = 0; p < frame.numPartitions(); p++) {
                try (PartitionRef ref = frame.partition(p)) {
                    Partition part = ref.partition();
                    for (int r = 0; r < part.numRows(); r++) {
                        seen++;
                        if (seen == 120) {
                            assertEquals("partition " + p + ", row " + r + " (file " + file + ", row group 2, row 120)",
                                part.where(r), perPartition + " row groups per partition");
                        }
                    }
                }
            }
            assertEquals(178, seen);
        }
    }

    @Test
    void shouldNameTheFileRowOfAFilteredRow() throws IOException {
        Path file = CsvTestSupport.dataset("wine.csv");
        List<String> lines = wine();
        List<Integer> expected = new ArrayList<>();   // data rows (1-based) with magnesium > 120
        for (int i = 1; i < lines.size(); i++) {
            if (Integer.parseInt(lines.get(i).split(",")[4]) > 120) {
                expected.add(i);
            }
        }
        Frame frame = CsvReader.builder().runtime(runtime).numPartitions(4).read(file).filter("magnesium > 120");
        int k = 0;
        for (int p = 0; p < frame.numPartitions(); p++) {
            try (PartitionRef ref = frame.partition(p)) {
                Partition part = ref.partition();
                for (int r = 0; r < part.numRows(); r++, k++) {
                    int row = expected.get(k);
                    assertTrue(part.where(r).endsWith(", row " + row + ", line " + (row + 1) + ")"), part.where(r));
                }
            }
        }
        assertEquals(expected.size(), k);
        assertTrue(k > 10 && k < 100, "kept " + k);
    }
}
