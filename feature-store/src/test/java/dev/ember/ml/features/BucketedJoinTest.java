package dev.ember.ml.features;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.features.materialize.OfflineLayout;
import dev.ember.ml.features.registry.DefinitionsJson;
import dev.ember.ml.features.registry.Plan;
import dev.ember.ml.features.registry.RegistryState;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bucketed views: materialized rows land in {@code date=D/bucket=NNNN/} by key hash, and the join that reads them
 * bucket by bucket gives the brute-force reference's rows and the same rows as the join from the source.
 */
class BucketedJoinTest {
    private static Runtime rt;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    @Test
    void shouldJoinMaterializedBucketsLikeTheSourceAndTheBruteForceReference() throws Exception {
        for (long s = 0; s < 1; s++) {
            long seed = Seeds.announce("BucketedJoinTest.join", 3300 + s);
            PitData d = new PitData(seed, 500, 400, 5 * PitData.HOUR);
            Path base = dir.resolve("s" + s);
            OfflineLayout layout = BucketedLayout.materialize(d, rt, base);
            FeatureRepository repo = BucketedLayout.repo(base);
            int files = BucketedLayout.checkBucketDirectories(layout, repo.view("fv"));
            assertTrue(files > BucketedLayout.BUCKETS, "files: " + files);
            FeatureStore fromSource = new FeatureStore(repo, rt);
            FeatureStore fromBuckets = new FeatureStore(repo, rt, layout);
            for (int parts : new int[] {1, 3}) {
                Frame a = fromBuckets.historicalFeatures(d.entityFrame(rt, parts), BucketedLayout.REFS);
                assertEquals(parts, a.numPartitions(), "entity partitions kept");
                BucketedLayout.checkAgainstBruteForce(d, a, "seed " + seed + " partitions " + parts);
                Frame b = fromSource.historicalFeatures(d.entityFrame(rt, parts), BucketedLayout.REFS);
                assertEquals(BucketedLayout.values(b), BucketedLayout.values(a));
            }
        }
    }

    @Test
    void shouldRefuseABucketedViewThatWasNeverMaterialized() throws Exception {
        PitData d = new PitData(Seeds.announce("BucketedJoinTest.unmaterialized", 3400), 50, 20, PitData.HOUR);
        d.writeFeatures(rt, dir.resolve("features"));
        FeatureStore store = new FeatureStore(BucketedLayout.repo(dir), rt, new OfflineLayout(dir.resolve("none")));
        Exception e = assertThrows(RuntimeException.class,
            () -> store.historicalFeatures(d.entityFrame(rt, 1), BucketedLayout.REFS));
        assertTrue(e.getMessage().contains("feature view 'fv': is bucketed but has no materialized rows"),
            e.getMessage());
    }

    @Test
    void shouldRecordTheBucketCountAndAskForANewVersionWhenItChanges() {
        FeatureView v = BucketedLayout.repo(dir).view("fv");
        assertEquals(BucketedLayout.BUCKETS, DefinitionsJson.view(DefinitionsJson.view(v)).buckets());
        FeatureView rebucketed = FeatureView.builder("fv").entities("thing").source(v.source())
            .feature("v1", "v1").feature("v2", "v2").feature("seen_at", "event_us").feature("v1_twice", "v1 * 2")
            .ttl("5h").buckets(8).build();
        FeatureRepository first = BucketedLayout.repo(dir);
        RegistryState state = Plan.of(RegistryState.empty(), first).result();
        Plan p = Plan.of(state, FeatureRepository.of(dir, List.copyOf(first.entities().values()),
            List.of(rebucketed)));
        assertTrue(p.hasErrors(), p.render());
        assertTrue(p.errors().get(0).contains("buckets change from 5 to 8"), p.render());
        assertThrows(RuntimeException.class, () -> FeatureView.builder("x").entities("thing").source(v.source())
            .feature("a", "a").buckets(-1).build());
    }
}
