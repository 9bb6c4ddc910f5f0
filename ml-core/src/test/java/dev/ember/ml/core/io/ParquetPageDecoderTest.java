package dev.ember.ml.core.io;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.apache.parquet.column.ParquetProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The page decoder of numeric columns against what Parquet-MR's own writer wrote: PLAIN and dictionary pages (and
 * the writer's fallback from dictionary to PLAIN inside a chunk), data pages V1 and V2, required and optional
 * columns with nulls, several pages per chunk and several row groups.
 */
class ParquetPageDecoderTest {
    private static final long SEED = 20261205L;
    @TempDir
    Path dir;
    private Runtime runtime;

    @BeforeEach
    void start() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @ParameterizedTest(name = "{0}, dictionary {1}, distinct values {2}")
    @CsvSource({"PARQUET_1_0, false, 0", "PARQUET_1_0, true, 7", "PARQUET_1_0, true, 0",
        "PARQUET_2_0, false, 0", "PARQUET_2_0, true, 7", "PARQUET_2_0, true, 0"})
    void shouldReadTheValuesAndNullsParquetMrWroteWhateverThePageLayout(
        ParquetProperties.WriterVersion version, boolean dictionary, int distinct) throws IOException {
        System.out.println("seed " + SEED);
        Path file = dir.resolve("pages.parquet");
        ParquetProperties props = ParquetProperties.builder().withWriterVersion(version)
            .withDictionaryEncoding(dictionary).withPageSize(4096).withDictionaryPageSize(2048)
            .withPageRowCountLimit(500).build();
        int rows = 5000;
        double[] d = new double[rows];
        Float[] f = new Float[rows];
        Long[] l = new Long[rows];
        int[] i32 = new int[rows];
        SplittableRandom rnd = new SplittableRandom(SEED);
        try (ParquetTestFiles.RawWriter w = new ParquetTestFiles.RawWriter(file, """
            message m {
              required double d;
              optional float f;
              optional int64 l;
              required int32 i;
            }""", props)) {
            for (int r = 0; r < rows; r++) {
                // with few distinct values the dictionary holds; with many it overflows and the writer falls back
                d[r] = distinct > 0 ? rnd.nextInt(distinct) * 0.25 : rnd.nextGaussian();
                f[r] = rnd.nextInt(5) == 0 ? null : (float) (distinct > 0 ? rnd.nextInt(distinct) : rnd.nextDouble());
                l[r] = rnd.nextInt(3) == 0 ? null : (distinct > 0 ? rnd.nextInt(distinct) : rnd.nextLong());
                i32[r] = distinct > 0 ? rnd.nextInt(distinct) : rnd.nextInt();
                w.column("d").write(d[r], 0, 0);
                if (f[r] == null) {
                    w.column("f").writeNull(0, 0);
                } else {
                    w.column("f").write(f[r], 0, 1);
                }
                if (l[r] == null) {
                    w.column("l").writeNull(0, 0);
                } else {
                    w.column("l").write(l[r], 0, 1);
                }
                w.column("i").write(i32[r], 0, 0);
                w.endRow();
                if (r == 2999) {
                    w.endRowGroup();
                }
            }
        }
        Frame read = ParquetReader.options().runtime(runtime).read(file);
        List<Object[]> got = ParquetTestFiles.rows(read);
        assertEquals(rows, got.size());
        for (int r = 0; r < rows; r++) {
            Object[] row = got.get(r);
            assertEquals(d[r], (double) row[0], 0.0, "d row " + r);
            assertEquals(f[r] == null ? null : (double) f[r], row[1] == null ? null : ((Number) row[1]).doubleValue(),
                "f row " + r);
            assertEquals(l[r], row[2], "l row " + r);
            assertEquals(i32[r], row[3], "i row " + r);
        }
    }
}
