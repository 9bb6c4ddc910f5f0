package dev.ember.ml.runtime;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.tree.GBTClassifier;
import dev.ember.ml.algo.tree.RandomForestClassifier;
import dev.ember.ml.algo.tree.TreeEnsembleModel;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Histogram trees on the cluster runtime: the binning map, the quantile sketch and the per-round histogram
 * aggregates run on two executor JVMs, whose partition states keep the rows of each node between rounds; the
 * boosted trees reach them as a broadcast. The trees and predictions equal the in-process runtime's.
 */
@IntegrationTest
@Timeout(240)
class TreesClusterTest {
    static Runtime cluster;
    static Runtime local;

    @BeforeAll
    static void start() {
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
        return read(rt, false);
    }

    /** @param categorical whether {@code pregnant} is a string indexed into a categorical slot */
    private static Frame read(Runtime rt, boolean categorical) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(4)
            .read(TestData.dataset("pima_indians_diabetes.csv"));
        String[] features = raw.schema().fields().stream().filter(f -> f.type().isNumeric()).map(Field::name)
            .toArray(String[]::new);
        if (categorical) {
            Frame text = raw.withColumn("pregnant_text", "CAST(pregnant AS STRING)");
            raw = new StringIndexer().inputCol("pregnant_text").outputCol("pregnant_index").fit(text).transform(text);
            features[java.util.Arrays.asList(features).indexOf("pregnant")] = "pregnant_index";
        }
        Frame assembled = new VectorAssembler().inputCols(features).transform(raw);
        return new StringIndexer().inputCol("diabetes").outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled).transform(assembled);
    }

    private static void assertSameModels(TreeEnsembleModel<?> expected, TreeEnsembleModel<?> actual, Frame lf,
                                         Frame cf) {
        assertEquals(expected.toDebugString().replace(expected.uid(), ""),
            actual.toDebugString().replace(actual.uid(), ""), "trees");
        assertArrayEquals(expected.transform(lf).collectDoubles("prediction"),
            actual.transform(cf).collectDoubles("prediction"), "predictions");
    }

    @Test
    void shouldBoostTheSameTreesOnExecutorsAsInProcess() {
        GBTClassifier gbt = new GBTClassifier().maxIter(8).maxLeaves(15).maxDepth(30).minInstancesPerNode(5)
            .with(dev.ember.ml.algo.tree.TreeParams.SUBSAMPLING_RATE, 0.8);
        Frame lf = read(local);
        Frame cf = read(cluster);
        assertSameModels(gbt.fit(lf), gbt.fit(cf), lf, cf);
    }

    @Test
    void shouldGrowTheSameCategoricalSplitsOnExecutorsAsInProcess() {
        GBTClassifier gbt = new GBTClassifier().maxIter(20).maxLeaves(15).maxDepth(30).minInstancesPerNode(5);
        RandomForestClassifier rf = new RandomForestClassifier().numTrees(4).maxDepth(5);
        Frame lf = read(local, true);
        Frame cf = read(cluster, true);
        for (TreeEnsembleModel<?> expected : List.of(gbt.fit(lf), rf.fit(lf))) {
            org.junit.jupiter.api.Assertions.assertTrue(expected.toDebugString().contains("(feature 0 in {"),
                "no categorical split:\n" + expected.toDebugString());
        }
        assertSameModels(gbt.fit(lf), gbt.fit(cf), lf, cf);
        assertSameModels(rf.fit(lf), rf.fit(cf), lf, cf);
    }

    @Test
    void shouldGrowTheSameForestOnExecutorsAsInProcess() {
        RandomForestClassifier rf = new RandomForestClassifier().numTrees(4).maxDepth(5);
        Frame lf = read(local);
        Frame cf = read(cluster);
        assertSameModels(rf.fit(lf), rf.fit(cf), lf, cf);
    }
}
