package dev.ember.ml.algo.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.persist.PersistenceException;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.StageContract;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tree estimators' contract: params, save/load with unchanged predictions, the version-1 golden files, the
 * same trees on any partitioning, early stopping, importances and clear errors.
 */
class TreeModelsTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static final Path GOLDEN = TestData.repoRoot().resolve("ml-algorithms/src/test/resources/golden");

    @Test
    void shouldMeetTheStageContractForEveryEstimatorAndModel(@TempDir Path dir) {
        Frame f = TreeFixtures.rows(runtime, "breast_cancer.csv", "diagnosis").frame(runtime, 2, "float");
        List<TreeEstimatorBase<?, ?>> estimators = List.of(new DecisionTreeClassifier().maxDepth(3),
            new DecisionTreeRegressor().maxDepth(3), new RandomForestClassifier().numTrees(3).maxDepth(3),
            new RandomForestRegressor().numTrees(3).maxDepth(3), new GBTClassifier().maxIter(3).maxLeaves(7),
            new GBTRegressor().maxIter(3));
        int i = 0;
        for (TreeEstimatorBase<?, ?> e : estimators) {
            StageContract.checkParams(e);
            StageContract.assertRoundTrip(e, dir.resolve("e" + i));
            TreeEnsembleModel<?> m = (TreeEnsembleModel<?>) e.fit(f);
            StageContract.checkParams(m);
            StageContract.assertTransformRoundTrip(m, f, dir.resolve("m" + i), 0);
            assertEquals(1.0, Arrays.stream(m.featureImportances()).sum(), 1e-12, e + ": importances sum to 1");
            assertTrue(m.toDebugString().contains("If (feature "), m.toDebugString());
            i++;
        }
    }

    @Test
    void shouldGrowTheSameTreesOnAnyPartitioning() {
        TreeFixtures.Rows rows = TreeFixtures.rows(runtime, "pima_indians_diabetes.csv", "diabetes");
        long seed = Seeds.announce("shouldGrowTheSameTreesOnAnyPartitioning", 7L);
        GBTClassifier gbt = new GBTClassifier().maxIter(10).maxLeaves(15).maxDepth(30).minInstancesPerNode(5)
            .with(TreeParams.SUBSAMPLING_RATE, 0.8).with(TreeParams.GBT_FEATURE_SUBSET_STRATEGY, "0.7").seed(seed);
        RandomForestClassifier rf = new RandomForestClassifier().numTrees(5).maxDepth(6).seed(seed);
        GBTClassificationModel gbt1 = gbt.fit(rows.frame(runtime, 1, "float"));
        RandomForestClassificationModel rf1 = rf.fit(rows.frame(runtime, 1, "float"));
        for (int partitions : new int[] {4, 16}) {
            assertSameTrees(gbt1, gbt.fit(rows.frame(runtime, partitions, "float")), "GBT, " + partitions);
            assertSameTrees(rf1, rf.fit(rows.frame(runtime, partitions, "float")), "RF, " + partitions);
        }
    }

    @Test
    void shouldGrowTheSameTreesWhenSomePartitionsAreEmpty() {
        // four partitions of 192 rows limited to the first 384 rows: the last two partitions are empty, and their
        // histograms are neither allocated nor summed; the same rows in two partitions must give the same trees
        TreeFixtures.Rows rows = TreeFixtures.rows(runtime, "pima_indians_diabetes.csv", "diabetes");
        long seed = Seeds.announce("shouldGrowTheSameTreesWhenSomePartitionsAreEmpty", 13L);
        Frame limited = rows.frame(runtime, 4, "float").limit(384);
        Frame two = TreeFixtures.frame(runtime, List.of(Arrays.copyOf(rows.x(), 384)),
            Arrays.stream(Arrays.copyOf(rows.y(), 384)).boxed().toList(), 2, "float");
        GBTClassifier gbt = new GBTClassifier().maxIter(10).maxLeaves(15).maxDepth(30).minInstancesPerNode(5)
            .seed(seed);
        RandomForestClassifier rf = new RandomForestClassifier().numTrees(5).maxDepth(6).seed(seed);
        assertSameTrees(gbt.fit(two), gbt.fit(limited), "GBT, empty partitions");
        assertSameTrees(rf.fit(two), rf.fit(limited), "RF, empty partitions");
    }

    @Test
    void shouldGrowTheSameTreesWithCheckedAndUncheckedHistogramLoops() {
        TreeFixtures.Rows rows = TreeFixtures.rows(runtime, "pima_indians_diabetes.csv", "diabetes");
        long seed = Seeds.announce("shouldGrowTheSameTreesWithCheckedAndUncheckedHistogramLoops", 11L);
        GBTClassifier gbt = new GBTClassifier().maxIter(10).maxLeaves(15).maxDepth(30).minInstancesPerNode(5)
            .with(TreeParams.SUBSAMPLING_RATE, 0.8).seed(seed);
        GBTClassificationModel unchecked = gbt.fit(rows.frame(runtime, 3, "float"));
        // diabetes has 10 features: three words of four bins, so the unchecked gather's odd last word is read too
        TreeFixtures.Rows diabetes = TreeFixtures.rows(runtime, "diabetes.csv", "progression");
        GBTRegressor regressor = new GBTRegressor().maxIter(10).maxLeaves(15).maxDepth(30).minInstancesPerNode(5)
            .seed(seed);
        GBTRegressionModel uncheckedRegression = regressor.fit(diabetes.frame(runtime, 3, "double"));
        System.setProperty("ember.unsafe.disable", "true");
        try {
            assertSameTrees(unchecked, gbt.fit(rows.frame(runtime, 3, "float")), "GBT, checked loops");
            assertSameTrees(uncheckedRegression, regressor.fit(diabetes.frame(runtime, 3, "double")),
                "GBT regression, checked loops");
        } finally {
            System.clearProperty("ember.unsafe.disable");
        }
    }

    static void assertSameTrees(TreeEnsembleModel<?> a, TreeEnsembleModel<?> b, String what) {
        assertEquals(a.getNumTrees(), b.getNumTrees(), what + ": trees");
        for (int t = 0; t < a.getNumTrees(); t++) {
            DecisionTree x = a.trees().get(t);
            DecisionTree y = b.trees().get(t);
            assertEquals(x.numNodes(), y.numNodes(), what + ", tree " + t + ": nodes");
            for (int n = 0; n < x.numNodes(); n++) {
                String at = what + ", tree " + t + ", node " + n;
                assertEquals(x.isLeaf(n), y.isLeaf(n), at);
                if (!x.isLeaf(n)) {
                    assertEquals(x.feature(n), y.feature(n), at);
                    assertEquals(x.threshold(n), y.threshold(n), at);
                    assertEquals(x.missingLeft(n), y.missingLeft(n), at);
                } else {
                    assertArrayEquals(x.value(n), y.value(n), 1e-12, at);
                }
            }
        }
    }

    @Test
    void shouldStopBoostingWhenTheValidationLossStopsImproving() {
        TreeFixtures.Rows rows = TreeFixtures.rows(runtime, "pima_indians_diabetes.csv", "diabetes");
        GBTClassifier gbt = new GBTClassifier().maxIter(200).stepSize(0.3);
        // every fourth row validates
        Frame split = TreeFixtures.frame(runtime, List.of(rows.x()), Arrays.stream(rows.y()).boxed().toList(), 2,
            "float");
        double[] flags = new double[rows.y().length];
        for (int i = 0; i < flags.length; i += 4) {
            flags[i] = 1;
        }
        Frame withVal = TreeFixtures.withDoubleColumn(runtime, split, "validation", flags);
        GBTClassificationModel full = gbt.fit(withVal);
        GBTClassificationModel stopped = gbt.with(TreeParams.VALIDATION_INDICATOR_COL, "validation").fit(withVal);
        assertEquals(200, full.getNumTrees());
        double[] history = full.objectiveHistory();
        assertEquals(201, history.length, "training loss at 0..200 trees");
        for (int i = 1; i < history.length; i++) {
            assertTrue(history[i] <= history[i - 1] + 1e-12, "training loss rose at tree " + i);
        }
        assertTrue(stopped.getNumTrees() < 60, "stopped after " + stopped.getNumTrees() + " trees");
        assertTrue(stopped.provenance().metrics().containsKey("validationLoss"));
    }

    @Test
    void shouldRefuseLabelsThatAreNotClassesNamingTheColumn() {
        TreeFixtures.Rows rows = TreeFixtures.rows(runtime, "diabetes.csv", "progression");
        Frame f = TreeFixtures.frame(runtime, List.of(rows.x()), Arrays.stream(rows.y()).map(v -> v + 0.5).boxed()
            .toList(), 2, "double");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new RandomForestClassifier().fit(f));
        assertTrue(e.getMessage().contains("column 'label'") && e.getMessage().contains("not integers"),
            e.getMessage());
        InvalidArgumentException g = assertThrows(InvalidArgumentException.class,
            () -> new GBTClassifier().fit(f));
        assertTrue(g.getMessage().contains("expected 0 and 1"), g.getMessage());
    }

    @Test
    void shouldLoadTheVersion1GoldenModels() throws IOException {
        TreeFixtures.Rows rows = TreeFixtures.rows(runtime, "breast_cancer.csv", "diagnosis");
        Frame f = rows.frame(runtime, 1, "double");
        Path expectedFile = GOLDEN.resolve("trees_v1_expected.json");
        List<TreeEnsembleModel<?>> fresh = List.of(
            new GBTClassifier().maxIter(5).maxLeaves(7).maxDepth(30).seed(1).fit(f),
            new RandomForestClassifier().numTrees(3).maxDepth(4).seed(1).fit(f),
            new GBTRegressor().maxIter(5).seed(1).fit(f));
        String[] names = {"gbt_classification_v1", "random_forest_classification_v1", "gbt_regression_v1"};
        if (Boolean.getBoolean("ember.writeGolden")) {
            ArrayNode out = new ObjectMapper().createArrayNode();
            for (int i = 0; i < names.length; i++) {
                fresh.get(i).save(GOLDEN.resolve(names[i]));
                ArrayNode p = out.addArray();
                Arrays.stream(fresh.get(i).transform(f).collectDoubles("prediction")).limit(40).forEach(p::add);
            }
            Files.writeString(expectedFile, out.toPrettyString());
        }
        JsonNode expected = new ObjectMapper().readTree(expectedFile.toFile());
        for (int i = 0; i < names.length; i++) {
            PipelineStage loaded = StageIO.load(GOLDEN.resolve(names[i]), fresh.get(i).getClass());
            double[] pred = ((TreeEnsembleModel<?>) loaded).transform(f).collectDoubles("prediction");
            for (int r = 0; r < 40; r++) {
                assertEquals(expected.get(i).get(r).asDouble(), pred[r], 1e-12, names[i] + ", row " + r);
            }
        }
        Path bad = Files.createTempDirectory("tree-future");
        copy(GOLDEN.resolve(names[0]), bad);
        Path meta = bad.resolve("metadata.json");
        Files.writeString(meta, Files.readString(meta).replace("\"stageFormatVersion\" : 1",
            "\"stageFormatVersion\" : 99"));
        PersistenceException e = assertThrows(PersistenceException.class,
            () -> StageIO.load(bad, GBTClassificationModel.class));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
