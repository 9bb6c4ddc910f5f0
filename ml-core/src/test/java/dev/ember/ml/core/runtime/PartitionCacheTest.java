package dev.ember.ml.core.runtime;

import dev.ember.ml.core.data.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PartitionCacheTest {
    private static final long SEED = 7L;
    /** 8 partitions x 4000 rows x (16 doubles + 1 double) = 8 x 544,000 bytes. */
    private static final int PARTS = 8;
    private static final int ROWS = 4000;
    private static final int WIDTH = 16;
    private static final long PARTITION_BYTES = ROWS * (WIDTH + 1) * 8L;

    private static double[] sum(Frame f) {
        return f.treeAggregate(AggregateCall.of(SumKernels.VectorSum.class,
            KernelParams.builder().put("col", "x").put("width", (long) WIDTH).build()), 2);
    }

    @Test
    void shouldComputeOnceWhenTheDataFitsTheBudget() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2).cacheMaxBytes(PARTS * PARTITION_BYTES))) {
            GeneratedSource src = new GeneratedSource(SEED, PARTS, ROWS, WIDTH);
            Frame f = new Frame(src, rt).cache();
            double[] first = sum(f);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(first, sum(f), 0.0);
            }
            assertEquals(PARTS, src.computations.get(), "every partition computed once, then served from cache");
            CacheStats s = rt.cacheStats();
            assertEquals(0, s.evictions());
            assertEquals(PARTS * PARTITION_BYTES, s.usedBytes());
            assertEquals(PARTS * 5L, s.hits());
        }
    }

    @Test
    void shouldEvictAndRecomputeFromLineageWhenDataIsTwiceTheBudget() {
        double[] fits;
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2).cacheMaxBytes(PARTS * PARTITION_BYTES))) {
            fits = sum(new Frame(new GeneratedSource(SEED, PARTS, ROWS, WIDTH), rt).cache());
        }
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2)
            .cacheMaxBytes(PARTS * PARTITION_BYTES / 2))) {
            GeneratedSource src = new GeneratedSource(SEED, PARTS, ROWS, WIDTH);
            Frame f = new Frame(src, rt).cache();
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(fits, sum(f), 0.0, "pass " + i + " over data twice the budget");
            }
            CacheStats s = rt.cacheStats();
            assertTrue(s.evictions() > 0, "expected evictions: " + s);
            assertTrue(src.computations.get() > PARTS, "expected recomputation: " + src.computations.get());
            assertTrue(s.usedBytes() <= s.maxBytes(), "over budget after the passes: " + s);
            assertTrue(s.peakBytes() <= s.maxBytes() + 2 * PARTITION_BYTES,
                "peak should exceed the budget by at most the partitions in use: " + s);
        }
    }

    @Test
    void shouldFreeEverythingOnUnpersist() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2).cacheMaxBytes(1L << 30))) {
            GeneratedSource src = new GeneratedSource(SEED, PARTS, ROWS, WIDTH);
            Frame f = new Frame(src, rt).cacheNow();
            assertEquals(PARTS, rt.cacheStats().cachedPartitions());
            f.unpersist();
            assertEquals(0, rt.cacheStats().cachedPartitions());
            assertEquals(0, rt.cacheStats().usedBytes());
        }
    }

    @Test
    void shouldNotEvictAPinnedPartition() {
        try (PartitionCache cache = new PartitionCache(PARTITION_BYTES)) {
            GeneratedSource src = new GeneratedSource(SEED, 2, ROWS, WIDTH);
            PartitionRef a = cache.acquire(new PartitionCache.Key(src.id(), 0), () -> src.compute(0, null));
            PartitionRef b = cache.acquire(new PartitionCache.Key(src.id(), 1), () -> src.compute(1, null));
            // both pinned: over budget, neither freed
            assertEquals(2, cache.stats().cachedPartitions());
            double before = a.partition().column("y").getDouble(0);
            b.close();
            assertEquals(1, cache.stats().cachedPartitions(), "the unpinned one is evicted");
            assertEquals(before, a.partition().column("y").getDouble(0), "the pinned one stays valid");
            a.close();
        }
    }
}
