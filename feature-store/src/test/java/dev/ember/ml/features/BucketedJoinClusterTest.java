package dev.ember.ml.features;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.features.materialize.OfflineLayout;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bucketed join on {@code local-cluster[2]} (two executor JVMs, each reading only its buckets' files) gives the
 * in-process runtime's rows and the brute-force reference's.
 */
@IntegrationTest
@Timeout(240)
class BucketedJoinClusterTest {
    @TempDir
    Path dir;

    @Test
    void shouldJoinBucketsOnExecutorsWithTheInProcessRows() throws Exception {
        long seed = Seeds.announce("BucketedJoinClusterTest.join", 4400);
        PitData d = new PitData(seed, 600, 500, 5 * PitData.HOUR);
        Path base = dir.resolve("data");
        OfflineLayout layout;
        Frame local;
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            layout = BucketedLayout.materialize(d, rt, base);
            local = new FeatureStore(BucketedLayout.repo(base), rt, layout)
                .historicalFeatures(d.entityFrame(rt, 3), BucketedLayout.REFS).cache();
            BucketedLayout.checkAgainstBruteForce(d, local, "in-process");
            try (Runtime cluster = Runtime.localCluster(2)) {
                assertTrue(cluster.parallelism() >= 2, "executors' threads: " + cluster.parallelism());
                Frame onCluster = new FeatureStore(BucketedLayout.repo(base), cluster, layout)
                    .historicalFeatures(d.entityFrame(cluster, 3), BucketedLayout.REFS);
                assertEquals(3, onCluster.numPartitions());
                assertEquals(BucketedLayout.values(local), BucketedLayout.values(onCluster));
                BucketedLayout.checkAgainstBruteForce(d, onCluster, "local-cluster[2]");
            }
        }
    }
}
