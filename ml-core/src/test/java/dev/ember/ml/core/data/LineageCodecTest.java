package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.runtime.SourceCodec;
import dev.ember.ml.core.runtime.SourceCodecs;
import dev.ember.ml.core.runtime.SourceDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame operations as an executor sees them: each lineage is described as JSON, rebuilt by the source codecs
 * and registered kernels found on the class path (as the cluster runtime does), and must compute the same rows.
 */
@Timeout(60)
class LineageCodecTest {
    private static final long SEED = 20261205L;
    private static final SourceCodecs CODECS = SourceCodecs.fromServiceLoader();
    private static final SourceCodec.Context CONTEXT = new SourceCodec.Context(KernelRegistry.fromServiceLoader(),
        id -> {
            throw new MlException("no broadcast " + id);
        });
    private static Runtime rt;
    @TempDir
    static Path dir;
    private static Frame csv;

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess(new RuntimeConfig().threads(2));
        Path file = dir.resolve("mixed.csv");
        TestFrames.mixed(rt, 3_000, 3, SEED).write().csv(file);
        csv = CsvReader.builder().runtime(rt).numPartitions(3).read(file);
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    private static void assertRebuildsTheSame(Frame f) {
        String json = f.source().descriptor().toJson();
        PartitionSource rebuilt = CODECS.rebuild(SourceDescriptor.fromJson(json), CONTEXT, new HashMap<>());
        assertEquals(f.schema(), rebuilt.schema(), json);
        assertEquals(f.numPartitions(), rebuilt.numPartitions());
        Frame g = new Frame(rebuilt, rt);
        assertEquals(f.head(Integer.MAX_VALUE), g.head(Integer.MAX_VALUE), json);
    }

    @Test
    void shouldRebuildEveryFrameOperationFromItsDescriptor() {
        assertTrue(csv.numPartitions() > 1);
        Frame[] splits = csv.randomSplit(new double[] {0.8, 0.2}, SEED);
        assertRebuildsTheSame(splits[1]);
        assertRebuildsTheSame(csv.sample(0.1, 7));
        assertRebuildsTheSame(csv.withFoldColumn("fold", 3, SEED).filter("fold = 1"));
        assertRebuildsTheSame(csv.withColumn("lx", "log(abs(x) + 1)").filter("s IN ('a', 'b') AND lx > 0.5"));
        assertRebuildsTheSame(csv.drop("s").limit(1_234));
        assertRebuildsTheSame(splits[0].union(splits[1]).limit(2_500));
        assertEquals(3_000, splits[0].union(splits[1]).count());
    }

    @Test
    void shouldKeepTheDescriptorKindsAndRefuseAMalformedOne() {
        SourceDescriptor d = csv.union(csv).limit(5).source().descriptor();
        assertEquals(LimitSource.KIND, d.kind());
        assertEquals(UnionSource.KIND, d.parents().get(0).kind());
        assertEquals(2, d.parents().get(0).parents().size());
        String bad = d.toJson().replace("\"n\":5", "\"n\":\"five\"");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> CODECS.rebuild(SourceDescriptor.fromJson(bad), CONTEXT, new HashMap<>()));
        assertTrue(e.getMessage().contains("expected 1 parent and an integer n"), e.getMessage());
        List<SourceDescriptor> one = List.of(csv.source().descriptor());
        SourceDescriptor lonely = new SourceDescriptor(UnionSource.KIND, "u", SourceDescriptor.newParams(), one);
        assertThrows(InvalidArgumentException.class,
            () -> CODECS.rebuild(lonely, CONTEXT, new HashMap<>()));
    }

    @Test
    void shouldEvaluateFiltersIdenticallyInTheRebuiltLineageOnPartitionRefs() {
        Frame f = csv.filter("x IS NULL OR s IS NULL");
        PartitionSource rebuilt = CODECS.rebuild(SourceDescriptor.fromJson(f.source().descriptor().toJson()),
            CONTEXT, new HashMap<>());
        long n = 0;
        for (int i = 0; i < rebuilt.numPartitions(); i++) {
            try (PartitionRef ref = rt.open(rebuilt, i)) {
                n += ref.partition().numRows();
            }
        }
        // x is null for i % 10 == 3 (300 rows), s for i % 7 == 5 (428 rows), both for i % 70 == 33 (43 rows)
        assertEquals(300 + 428 - 43, n);
        assertEquals(n, f.count());
    }
}
