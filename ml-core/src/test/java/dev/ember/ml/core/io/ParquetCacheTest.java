package dev.ember.ml.core.io;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParquetCacheTest {
    @TempDir
    Path dir;

    @Test
    void shouldRecomputeEvictedPartitionsFromFileWhenCacheBudgetIsTiny() {
        Path file = dir.resolve("evict.parquet");
        int partitions = 8;
        int rows = 500;
        try (Runtime writer = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            int[] sizes = new int[partitions];
            java.util.Arrays.fill(sizes, rows);
            Frame frame = ParquetTestFiles.everyTypeFrame(writer, sizes);
            try {
                ParquetWriter.write(frame, file);
            } finally {
                ParquetTestFiles.release(frame);
            }
        }
        long partitionBytes = rows * ParquetTestFiles.everyTypeSchema().bytesPerRow();
        try (Runtime runtime = Runtime.inProcess(new RuntimeConfig().threads(2)
            .cacheMaxBytes(partitionBytes * 5 / 2))) {
            Frame frame = ParquetReader.options().runtime(runtime).read(file).cacheNow();
            assertEquals((long) partitions * rows, frame.count());

            double[] first = sums(frame);
            for (int pass = 0; pass < 3; pass++) {
                double[] again = sums(frame);
                assertEquals(first[0], again[0], 0.0, "sum of d, pass " + pass);
                assertEquals(first[1], again[1], 0.0, "sum of vd, pass " + pass);
                assertEquals(first[2], again[2], 0.0, "sum of t, pass " + pass);
            }
            CacheStats stats = runtime.cacheStats();
            assertTrue(stats.evictions() > 0, stats.toString());
            assertTrue(stats.misses() > partitions, "evicted partitions were read again: " + stats);
            assertTrue(stats.cachedPartitions() < partitions, stats.toString());
            frame.unpersist();
        }
    }

    /** Sums of a nullable double, a nullable vector and a timestamp column, in partition order. */
    private static double[] sums(Frame frame) {
        double d = 0;
        for (double v : frame.collectDoubles("d")) {
            d += Double.isNaN(v) ? 0 : v;
        }
        double vd = 0;
        for (double[] row : frame.collectVectors("vd")) {
            for (double v : row) {
                vd += v;
            }
        }
        double t = 0;
        for (double v : frame.collectDoubles("t")) {
            t += Double.isNaN(v) ? 0 : v;
        }
        return new double[] {d, vd, t};
    }
}
