package dev.ember.ml.runtime;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frame operations (SQL filter and withColumn, randomSplit, sample, fold column, limit, union, describe) on the
 * cluster runtime: the lineage travels to the executors as descriptors and their kernels are looked up there, and
 * counts and the one-pass describe() computed on executors equal the in-process ones.
 */
@IntegrationTest
@Timeout(180)
class FrameOpsClusterTest {
    private static final long SEED = 20261205L;
    @TempDir
    static Path tmp;
    static Path file;
    static Runtime cluster;
    static Runtime local;

    @BeforeAll
    static void start() throws Exception {
        file = tmp.resolve("ops.csv");
        SplittableRandom rnd = new SplittableRandom(SEED);
        StringBuilder sb = new StringBuilder("x,n,s\n");
        String[] cats = {"a", "b", "c"};
        for (int i = 0; i < 6_000; i++) {
            sb.append(i % 11 == 0 ? "" : Double.toString(rnd.nextDouble() * 10 - 5)).append(',')
                .append(rnd.nextInt(10)).append(',').append(cats[i % 3]).append('\n');
        }
        Files.writeString(file, sb);
        cluster = Runtime.localCluster(2);
        local = Runtime.inProcess();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (local != null) {
            local.close();
        }
    }

    private static Frame read(Runtime rt) {
        return CsvReader.builder().runtime(rt).numPartitions(4).read(file);
    }

    private static void assertSame(Function<Frame, Frame> op) {
        Frame c = op.apply(read(cluster));
        Frame l = op.apply(read(local));
        assertEquals(l.count(), c.count(), "count");
        Frame dc = c.describe();
        Frame dl = l.describe();
        assertEquals(dl.schema(), dc.schema());
        for (String col : dl.schema().names().subList(1, dl.schema().size())) {
            assertArrayEquals(dl.collectDoubles(col), dc.collectDoubles(col), 1e-12, "describe " + col);
        }
    }

    @Test
    void shouldFilterAndDeriveColumnsOnExecutorsLikeInProcess() {
        assertSame(f -> f.withColumn("lx", "log(abs(x) + 1)").filter("s IN ('a', 'b') AND n > 2"));
        assertSame(f -> f.withColumn("r", "CASE WHEN x IS NULL THEN -1 ELSE x / nullif(n, 0) END").drop("s"));
    }

    @Test
    void shouldSplitSampleAndFoldOnExecutorsLikeInProcess() {
        assertSame(f -> f.randomSplit(new double[] {0.7, 0.3}, SEED)[1]);
        assertSame(f -> f.sample(0.2, SEED));
        assertSame(f -> f.withFoldColumn("fold", 5, SEED).filter("fold = 3"));
    }

    @Test
    void shouldLimitAndUnionOnExecutorsLikeInProcess() {
        assertSame(f -> f.limit(2_345));
        assertSame(f -> f.filter("n < 5").union(f.filter("n >= 5")).limit(5_000));
    }
}
