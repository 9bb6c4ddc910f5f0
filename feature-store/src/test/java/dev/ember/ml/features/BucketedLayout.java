package dev.ember.ml.features;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Row;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.join.KeyHash;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.OfflineLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bucketed view over {@link PitData}'s randomized rows, materialized daily, and the checks both tests share. */
final class BucketedLayout {
    static final int BUCKETS = 5;
    static final List<String> REFS = List.of("fv:v1", "fv:v2", "fv:seen_at", "fv:v1_twice");

    private BucketedLayout() {
    }

    static FeatureRepository repo(Path base) {
        Entity key = Entity.of("thing", new JoinKey("key", DataType.STRING));
        FeatureView v = FeatureView.builder("fv").entities("thing")
            .source(FeatureSource.parquet("features", "ts").withCreatedTimestamp("created"))
            .feature("v1", "v1").feature("v2", "v2").feature("seen_at", "event_us").feature("v1_twice", "v1 * 2")
            .ttl("5h").buckets(BUCKETS).build();
        return FeatureRepository.of(base, List.of(key), List.of(v));
    }

    /** Writes the rows and materializes every day they cover; returns the offline store. */
    static OfflineLayout materialize(PitData d, Runtime rt, Path base) throws Exception {
        d.writeFeatures(rt, base.resolve("features"));
        FeatureRepository repo = repo(base);
        OfflineLayout layout = new OfflineLayout(base.resolve("store"));
        Instant from = Instant.ofEpochSecond(PitData.BASE / 1_000_000 - 86_400);
        Instant to = Instant.ofEpochSecond(PitData.BASE / 1_000_000 + 3 * 86_400);
        new Materializer(repo, rt, layout, Clock.fixed(to.plusSeconds(86_400), ZoneOffset.UTC))
            .materialize(repo.view("fv"), from, to);
        return layout;
    }

    /** Every materialized file lies in the directory of its rows' key bucket; returns the number of files. */
    static int checkBucketDirectories(OfflineLayout layout, FeatureView v) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(layout.rowsDir(v))) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        for (Path f : files) {
            String dirName = f.getParent().getFileName().toString();
            assertTrue(dirName.startsWith("bucket="), f.toString());
            int bucket = Integer.parseInt(dirName.substring("bucket=".length()));
            Frame rows = ParquetReader.read(f);
            for (int p = 0; p < rows.numPartitions(); p++) {
                try (PartitionRef ref = rows.partition(p)) {
                    Column k = ref.partition().column("key");
                    for (int i = 0; i < k.length(); i++) {
                        assertEquals(bucket, KeyHash.bucket(new Column[] {k}, i, BUCKETS), f + " row " + i);
                    }
                }
            }
        }
        return files.size();
    }

    /** The joined rows equal the brute-force reference, row by row, in the entity frame's order. */
    static void checkAgainstBruteForce(PitData d, Frame out, String what) {
        List<Row> rows = out.head(Integer.MAX_VALUE);
        assertEquals(d.entities.size(), rows.size(), what);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            PitData.ERow e = d.entities.get(i);
            assertEquals((long) e.id(), r.get("id"), "row order kept");
            PitData.FRow want = d.expected(e);
            String at = what + " entity " + e;
            if (want == null) {
                assertNull(r.get("v1"), at);
                assertNull(r.get("v2"), at);
                assertNull(r.get("seen_at"), at);
            } else {
                assertEquals(want.v1(), r.get("v1"), at + " matched " + want);
                assertEquals(want.v2(), r.get("v2"), at + " matched " + want);
                assertEquals(want.ts(), r.get("seen_at"), at);
                assertEquals(want.v1() == null ? null : want.v1() * 2, r.get("v1_twice"), at);
            }
        }
    }

    /** @return the rows as lists of values, to compare two runtimes' results exactly */
    static List<List<Object>> values(Frame out) {
        List<List<Object>> all = new ArrayList<>();
        for (Row r : out.head(Integer.MAX_VALUE)) {
            List<Object> vals = new ArrayList<>();
            for (String c : out.schema().names()) {
                vals.add(r.get(c));
            }
            all.add(vals);
        }
        return all;
    }
}
