package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.CoreKernels;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.SourceCodec;
import dev.ember.ml.core.runtime.SourceCodecs;
import dev.ember.ml.core.runtime.SourceDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lineage descriptors: a frame's sources rebuilt from JSON in "another process" read the same partitions. */
class LineageDescriptorTest {
    @TempDir
    static Path tmp;
    static Runtime rt;
    static final SourceCodecs CODECS = SourceCodecs.fromServiceLoader();
    static final SourceCodec.Context CONTEXT = new SourceCodec.Context(KernelRegistry.fromServiceLoader(), id -> {
        throw new MlException("no broadcast " + id);
    });

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess();
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    /** Rebuilds a frame's lineage from its descriptor's JSON text and compares every partition. */
    private static PartitionSource assertRebuildsTheSame(Frame f) {
        String json = f.source().descriptor().toJson();
        Map<String, PartitionSource> built = new HashMap<>();
        PartitionSource rebuilt = CODECS.rebuild(SourceDescriptor.fromJson(json), CONTEXT, built);
        assertEquals(f.schema(), rebuilt.schema());
        assertEquals(f.numPartitions(), rebuilt.numPartitions());
        for (int i = 0; i < f.numPartitions(); i++) {
            try (PartitionRef a = f.partition(i); PartitionRef b = rt.open(rebuilt, i)) {
                assertEquals(a.partition().numRows(), b.partition().numRows());
                CoreKernels.Fingerprint fp = new CoreKernels.Fingerprint();
                assertArrayEquals(fp.seqOp(new long[2], a.partition(), KernelParams.empty()),
                    fp.seqOp(new long[2], b.partition(), KernelParams.empty()), "partition " + i);
            }
        }
        assertSame(rebuilt, CODECS.rebuild(SourceDescriptor.fromJson(json), CONTEXT, built), "rebuilt once");
        return rebuilt;
    }

    @Test
    void shouldRebuildCsvByteRangesAndAMapOverThem() throws Exception {
        Path csv = tmp.resolve("d.csv");
        StringBuilder sb = new StringBuilder("x,name,flag\n");
        for (int i = 0; i < 5000; i++) {
            sb.append(i * 0.5).append(',').append(i % 3 == 0 ? "\"a,b\"" : "n" + i).append(',')
                .append(i % 2 == 0).append('\n');
        }
        Files.writeString(csv, sb);
        Frame f = CsvReader.builder().runtime(rt).numPartitions(3).read(csv);
        assertEquals(3, f.numPartitions());
        assertRebuildsTheSame(f);
        assertRebuildsTheSame(f.select("name", "x"));
    }

    @Test
    void shouldRebuildParquetRowGroups() {
        Path file = ClusterTestData.writeLogistic(tmp.resolve("p.parquet"), 3000, 4, 1000, 3);
        Frame f = ClusterTestData.read(rt, file);
        assertEquals(3, f.numPartitions());
        assertRebuildsTheSame(f);
        assertRebuildsTheSame(f.select("label"));
    }

    @Test
    void shouldRefuseInMemoryDataUnknownKindsAndUnregisteredKernels() {
        Frame mem = Frame.ofColumns(rt, ColumnBuilder.ofDoubles("x", 1, 2));
        MlException e = assertThrows(MlException.class, () -> mem.source().descriptor());
        assertTrue(e.getMessage().contains("write it to Parquet first") && e.getMessage().contains("memory-"),
            e.getMessage());
        MlException unknown = assertThrows(MlException.class, () -> CODECS.rebuild(
            new SourceDescriptor("jdbc", "jdbc-1", SourceDescriptor.newParams(), List.of()), CONTEXT, new HashMap<>()));
        assertTrue(unknown.getMessage().contains("unknown kind 'jdbc'"), unknown.getMessage());
        Path file = ClusterTestData.writeLogistic(tmp.resolve("q.parquet"), 100, 2, 100, 3);
        SourceDescriptor parquet = ClusterTestData.read(rt, file).source().descriptor();
        var params = SourceDescriptor.newParams();
        params.put("kernel", "java.lang.ProcessBuilder");
        params.putArray("params");
        params.set("schema", ClusterTestData.read(rt, file).schema().toJsonNode());
        MlException kernel = assertThrows(MlException.class, () -> CODECS.rebuild(
            new SourceDescriptor("map", "map-1", params, List.of(parquet)), CONTEXT, new HashMap<>()));
        assertTrue(kernel.getMessage().contains("not registered"), kernel.getMessage());
    }

    @Test
    void shouldCreateRuntimesFromMasterUrls() {
        try (Runtime r = Runtime.create("local[3]")) {
            assertEquals(3, r.parallelism());
        }
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Runtime.create("yarn"));
        assertTrue(e.getMessage().contains("local-cluster[n]"), e.getMessage());
        ClusterRuntimeFactory f = new ClusterRuntimeFactory();
        assertTrue(f.accepts("local-cluster[4]") && f.accepts("ember://10.0.0.1:7077")
            && f.accepts("ember://driver:7077?executors=3"));
        assertArrayEquals(new boolean[] {false, false}, new boolean[] {f.accepts("local[2]"), f.accepts("ember://x")});
    }
}
