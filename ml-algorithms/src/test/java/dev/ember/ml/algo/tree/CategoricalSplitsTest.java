package dev.ember.ml.algo.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Categorical features: the categories {@code StringIndexer} records reach the trees through
 * {@code VectorAssembler}'s metadata; a split sends the best set of categories left (checked against every
 * partition by brute force); boosting on categorical features is as good as LightGBM's and scikit-learn's
 * categorical support ({@code reference/trees/tree_references.py}, section "categorical"); the same trees on 1, 4
 * and 16 partitions; saved, loaded (golden files of format version 2) and exported with their sets.
 */
class CategoricalSplitsTest {
    private static final Path GOLDEN = TestData.repoRoot().resolve("ml-algorithms/src/test/resources/golden");
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() throws IOException {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        try (InputStream in = CategoricalSplitsTest.class.getResourceAsStream("/reference/trees/trees.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** Rows whose category {@code c} of 8 has mean {@code MEANS[c]}: the best split is {1,3,5,6} vs the rest. */
    private static final double[] MEANS = {5, 0, 5, 0, 5, 0, 0, 5};

    @Test
    void shouldCarryStringIndexerCategoriesThroughVectorAssemblerToTheTrees() {
        long seed = 11;
        System.out.println("seed " + seed);
        SplittableRandom rng = new SplittableRandom(seed);
        String[] names = {"red", "green", "blue", "cyan", "magenta", "yellow", "black", "white"};
        int n = 800;
        String[] color = new String[n];
        double[] size = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int c = i % 8;
            color[i] = names[c];
            size[i] = rng.nextDouble();
            y[i] = MEANS[c] + 0.1 * size[i] + 0.01 * rng.nextGaussian();
        }
        Frame raw = Frame.ofColumns(runtime, ColumnBuilder.ofStrings("color", color),
            ColumnBuilder.ofDoubles("size", size), ColumnBuilder.ofDoubles("label", y));
        Frame indexed = new StringIndexer().inputCol("color").outputCol("colorIndex")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(raw).transform(raw);
        Frame assembled = new VectorAssembler().inputCols("size", "colorIndex").transform(indexed);
        Field features = assembled.schema().field("features");
        List<String> sorted = Arrays.stream(names).sorted().toList();
        assertEquals(Map.of(1, sorted), features.slotCategories());
        Schema back = Schema.fromJson(assembled.schema().toJson());
        assertEquals(Map.of(1, sorted), back.field("features").slotCategories());

        DecisionTreeRegressionModel m = new DecisionTreeRegressor().maxDepth(1).fit(assembled);
        DecisionTree tree = m.tree();
        assertTrue(tree.isCategorical(0), m.toDebugString());
        assertEquals(1, tree.feature(0));
        // red, magenta, blue, white (means 5) on one side; the left set is one of the two sides
        List<String> left = Arrays.stream(tree.leftCategories(0)).mapToObj(sorted::get).sorted().toList();
        List<String> fives = List.of("blue", "magenta", "red", "white");
        List<String> zeros = List.of("black", "cyan", "green", "yellow");
        assertTrue(left.equals(fives) || left.equals(zeros), "left " + left + "\n" + m.toDebugString());
        String text = m.toDebugString();
        String set = "{" + String.join(",", Arrays.stream(tree.leftCategories(0)).mapToObj(sorted::get).toList()) + "}";
        assertTrue(text.contains("If (feature 1 in " + set + ")") && text.contains("Else (feature 1 not in " + set),
            text);
        double[] pred = m.transform(assembled).collectDoubles("prediction");
        for (int i = 0; i < n; i++) {
            assertEquals(MEANS[i % 8], pred[i], 0.1, "row " + i);
        }
    }

    @Test
    void shouldFindTheBestPartitionOfTheCategoriesByBruteForce() {
        long seed = 5;
        System.out.println("seed " + seed);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2000;
        int cats = 9;
        List<double[]> x = new ArrayList<>();
        List<Double> yReg = new ArrayList<>();
        List<Double> yCls = new ArrayList<>();
        double[] mean = new double[cats];
        double[][] classP = new double[cats][3];
        for (int c = 0; c < cats; c++) {
            mean[c] = 10 + rng.nextGaussian() * 3; // all positive: smoothing would shrink a rare mean to the bottom
            double a = rng.nextDouble();
            double b = rng.nextDouble() * (1 - a);
            classP[c] = new double[] {a, b, 1 - a - b};
        }
        // category 8 is rare (4 rows) with the highest mean, the others skewed (category 0 about 700 rows, 7
        // about 120): an order by a smoothed mean (G / (H + 10)) would put category 8 among the middle ones
        double top = Arrays.stream(mean, 0, cats - 1).max().orElseThrow();
        mean[cats - 1] = top + 2;
        for (int i = 0; i < n; i++) {
            int c = i < 4 ? cats - 1 : (int) ((cats - 1) * Math.pow(rng.nextDouble(), 2));
            x.add(new double[] {c, rng.nextDouble()});
            yReg.add(mean[c] + rng.nextGaussian());
            double u = rng.nextDouble();
            yCls.add(u < classP[c][0] ? 0.0 : u < classP[c][0] + classP[c][1] ? 1.0 : 2.0);
        }
        for (int partitions : new int[] {1, 3}) {
            Frame reg = categorical(TreeFixtures.frame(runtime, x, yReg, partitions, "double"), Map.of(0, cats));
            DecisionTree t = new DecisionTreeRegressor().maxDepth(1).fit(reg).tree();
            double best = bestPartitionGain(x, yReg, cats, 1);
            assertTrue(t.isCategorical(0), "regression root not categorical");
            assertEquals(best, t.gain(0), 1e-9 * best, "regression gain, " + partitions + " partitions");

            Frame cls = categorical(TreeFixtures.frame(runtime, x, yCls, partitions, "double"), Map.of(0, cats));
            DecisionTree tc = new DecisionTreeClassifier().maxDepth(1).fit(cls).tree();
            double bestC = bestPartitionGain(x, yCls, cats, 3);
            assertTrue(tc.isCategorical(0), "classification root not categorical");
            // Ember's classification gain is the sum of squared class weights form: n times the Gini decrease
            assertEquals(bestC, tc.gain(0), 1e-9 * bestC, "Gini gain, " + partitions + " partitions");
        }
    }

    /**
     * The largest decrease over every split of the categories of feature 0 in two non-empty sets: for one output
     * {@code sum^2/n} summed over the children minus the parent's (the squared-error decrease), for classes the
     * same of each class count ({@code n} times the Gini decrease).
     */
    private static double bestPartitionGain(List<double[]> x, List<Double> y, int cats, int classes) {
        double[][] stat = new double[cats][classes + 1];
        for (int i = 0; i < x.size(); i++) {
            int c = (int) x.get(i)[0];
            if (classes == 1) {
                stat[c][0] += y.get(i);
            } else {
                stat[c][y.get(i).intValue()] += 1;
            }
            stat[c][classes] += 1;
        }
        double[] total = new double[classes + 1];
        for (double[] s : stat) {
            for (int j = 0; j <= classes; j++) {
                total[j] += s[j];
            }
        }
        double best = 0;
        for (int mask = 1; mask < (1 << cats) - 1; mask++) {
            double[] l = new double[classes + 1];
            for (int c = 0; c < cats; c++) {
                if ((mask >>> c & 1) != 0) {
                    for (int j = 0; j <= classes; j++) {
                        l[j] += stat[c][j];
                    }
                }
            }
            double g = 0;
            for (int j = 0; j < classes; j++) {
                double r = total[j] - l[j];
                g += l[j] * l[j] / l[classes] + r * r / (total[classes] - l[classes])
                    - total[j] * total[j] / total[classes];
            }
            best = Math.max(best, g);
        }
        return best;
    }

    private static final String[][] DATASETS = {{"letter_recognition.csv", "lettr"},
        {"pima_indians_diabetes.csv", "diabetes"}};

    @Test
    void shouldBoostCategoricalFeaturesAsWellAsLightGbmAndScikitLearn() {
        GBTClassifier gbt = new GBTClassifier().maxIter(100).stepSize(0.1).maxLeaves(15).maxDepth(30)
            .minInstancesPerNode(20);
        StringBuilder report = new StringBuilder();
        for (String[] d : DATASETS) {
            Frame[] tt = split(d[0], d[1], 2, "float");
            double[] p = TreeReferenceTest.probabilityOfOne(gbt.fit(tt[0]).transform(tt[1]));
            double auc = TreeReferenceTest.auc(tt[1].collectDoubles("label"), p);
            JsonNode ref = reference.path("categorical").path(d[0]);
            double lgb = ref.path("lightgbmAuc").asDouble();
            double skl = ref.path("sklearnAuc").asDouble();
            report.append(String.format("%s: Ember %.4f LightGBM %.4f scikit-learn %.4f%n", d[0], auc, lgb, skl));
            assertTrue(auc >= lgb - 0.005 && auc >= skl - 0.005, d[0] + ": test AUC " + auc + "\n" + report);
        }
        System.out.print(report);
    }

    @Test
    void shouldGrowTheSameTreesOn1And4And16PartitionsInFloatAndDouble() {
        GBTClassifier gbt = new GBTClassifier().maxIter(10).maxLeaves(15).maxDepth(30).seed(3);
        String expected = null;
        for (String type : new String[] {"double", "float"}) {
            for (int partitions : new int[] {1, 4, 16}) {
                Frame train = split("letter_recognition.csv", "lettr", partitions, type)[0];
                GBTClassificationModel m = gbt.fit(train);
                // the same splits; leaf values to 10 digits (the partitions' sums add in another order)
                String text = roundNumbers(m.toDebugString().replaceAll("uid=\\S+", ""));
                assertTrue(text.contains(" in {"), "no categorical split");
                if (expected == null) {
                    expected = text;
                } else {
                    assertEquals(expected, text, partitions + " partitions of " + type);
                }
            }
        }
    }

    private static String roundNumbers(String text) {
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("-?\\d+\\.\\d+(E-?\\d+)?").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (mt.find()) {
            mt.appendReplacement(sb, String.format(java.util.Locale.ROOT, "%.10g", Double.parseDouble(mt.group())));
        }
        return mt.appendTail(sb).toString();
    }

    @Test
    void shouldPredictAsTheTreesWalkWithUnseenAndMissingCategories() {
        Frame train = split("letter_recognition.csv", "lettr", 2, "double")[0];
        GBTClassificationModel m = new GBTClassifier().maxIter(20).maxLeaves(15).maxDepth(30).fit(train);
        double[][] x = train.collectVectors("features");
        List<double[]> rows = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double[] r = x[i].clone();
            if (i % 3 == 1) {
                r[i % 16] = 16 + i % 7; // a category the model never saw
            } else if (i % 3 == 2) {
                r[i % 16] = Double.NaN;
            }
            rows.add(r);
            y.add(0.0);
        }
        Frame probe = categorical(TreeFixtures.frame(runtime, rows, y, 2, "double"), letterCategories());
        double[][] raw = m.transform(probe).collectVectors("rawPrediction");
        for (int i = 0; i < rows.size(); i++) {
            double f = m.forest.initScore();
            for (DecisionTree t : m.trees()) {
                f += t.value(t.leaf(rows.get(i)))[0];
            }
            assertEquals(f, raw[i][1], 1e-12, "row " + i);
        }
    }

    @Test
    void shouldRefuseFeatureValuesThatAreNotCategoriesNamingTheRow() {
        List<double[]> x = List.of(new double[] {0, 1}, new double[] {1, 2}, new double[] {2.5, 3});
        Frame f = categorical(TreeFixtures.frame(runtime, x, List.of(0.0, 1.0, 0.0), 1, "double"), Map.of(0, 3));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new DecisionTreeClassifier().fit(f));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("feature 0 is categorical")
            && e.getMessage().contains("2.5"), e.getMessage());
        // index 3 is StringIndexer's for unseen values (handleInvalid=keep); 4 is no category
        List<double[]> big = List.of(new double[] {0, 1}, new double[] {4, 2}, new double[] {3, 3});
        Frame g = categorical(TreeFixtures.frame(runtime, big, List.of(0.0, 1.0, 0.0), 1, "double"), Map.of(0, 3));
        InvalidArgumentException e2 = assertThrows(InvalidArgumentException.class,
            () -> new GBTClassifier().fit(g));
        assertTrue(e2.getMessage().contains("row 1") && e2.getMessage().contains("expected a category index 0..3"),
            e2.getMessage());
    }

    @Test
    void shouldSaveAndLoadCategoricalSplitsAndKeepTheVersion2GoldenModel() throws IOException {
        Frame train = split("letter_recognition.csv", "lettr", 1, "double")[0];
        GBTClassificationModel fresh = new GBTClassifier().maxIter(5).maxLeaves(7).maxDepth(30).seed(1).fit(train);
        Path dir = Files.createTempDirectory("categorical-gbt");
        fresh.save(dir.resolve("m"));
        GBTClassificationModel loaded = StageIO.load(dir.resolve("m"), GBTClassificationModel.class);
        assertEquals(fresh.toDebugString(), loaded.toDebugString().replace(loaded.uid(), fresh.uid()));
        double[] a = fresh.transform(train).collectDoubles("prediction");
        double[] b = loaded.transform(train).collectDoubles("prediction");
        assertArrayEquals(a, b);

        // a categorical split naming a tree the model does not have is refused, not dropped
        Path sets = dir.resolve("m").resolve("arrays").resolve("categorySplits.npy");
        double[][] rows = dev.ember.ml.core.persist.Npy.read(sets).matrix();
        rows[rows.length - 1][0] = 99;
        dev.ember.ml.core.persist.Npy.write(sets, rows);
        dev.ember.ml.core.persist.PersistenceException bad = assertThrows(
            dev.ember.ml.core.persist.PersistenceException.class,
            () -> StageIO.load(dir.resolve("m"), GBTClassificationModel.class));
        assertTrue(bad.getMessage().contains("categorySplits.npy has a row of tree 99"), bad.getMessage());

        Path golden = GOLDEN.resolve("gbt_categorical_v2");
        Path expectedFile = GOLDEN.resolve("gbt_categorical_v2_expected.json");
        double[][] probs = fresh.transform(train).collectVectors("probability");
        if (Boolean.getBoolean("ember.writeGolden")) {
            fresh.save(golden);
            ArrayNode out = new ObjectMapper().createArrayNode();
            for (int r = 0; r < 40; r++) {
                out.add(probs[r][1]);
            }
            Files.writeString(expectedFile, out.toPrettyString());
        }
        JsonNode expected = new ObjectMapper().readTree(expectedFile.toFile());
        GBTClassificationModel old = StageIO.load(golden, GBTClassificationModel.class);
        assertTrue(old.trees().stream().anyMatch(t -> t.isCategorical(0)), "golden model has no categorical root");
        double[][] oldProbs = old.transform(train).collectVectors("probability");
        for (int r = 0; r < 40; r++) {
            assertEquals(expected.get(r).asDouble(), oldProbs[r][1], 1e-12, "row " + r);
        }
    }

    /** @return the letter data set's 16 features, each a category 0..15 named by its value */
    private static Map<Integer, Integer> letterCategories() {
        Map<Integer, Integer> m = new TreeMap<>();
        for (int f = 0; f < 16; f++) {
            m.put(f, 16);
        }
        return m;
    }

    /**
     * The reference script's split (index % 4 == 0 is the test set) of a data set whose categorical features
     * (the script's {@code categoricalFeatures}) hold their values as category indices; letter_recognition's label
     * is 1 for the letters A-M, pima's its diabetes class.
     */
    private static Frame[] split(String dataset, String label, int partitions, String type) {
        Frame[] tt = TreeFixtures.split(runtime, dataset, label, partitions, type);
        Map<Integer, Integer> cats = new TreeMap<>();
        for (JsonNode c : reference.path("categorical").path(dataset).path("categoricalFeatures")) {
            int f = c.asInt();
            double max = 0;
            for (Frame part : tt) {
                for (double[] r : part.collectVectors("features")) {
                    max = Math.max(max, r[f]);
                }
            }
            cats.put(f, (int) max + 1);
        }
        Frame[] out = new Frame[2];
        for (int i = 0; i < 2; i++) {
            Frame f = tt[i];
            if (dataset.startsWith("letter")) {
                double[] y = Arrays.stream(f.collectDoubles("label")).map(v -> v < 13 ? 1 : 0).toArray();
                f = relabel(f, y);
            }
            out[i] = categorical(f, cats);
        }
        return out;
    }

    private static Frame relabel(Frame frame, double[] y) {
        List<double[]> x = Arrays.asList(frame.collectVectors("features"));
        boolean isFloat = frame.schema().field("features").elementType() == dev.ember.ml.core.data.DataType.FLOAT;
        return TreeFixtures.frame(runtime, x, Arrays.stream(y).boxed().toList(), frame.numPartitions(),
            isFloat ? "float" : "double");
    }

    /** @return the frame with its features column's metadata naming {@code counts} categories per slot */
    static Frame categorical(Frame frame, Map<Integer, Integer> counts) {
        Map<Integer, List<String>> names = new TreeMap<>();
        counts.forEach((slot, c) -> {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < c; i++) {
                l.add(Integer.toString(i));
            }
            names.put(slot, l);
        });
        List<Partition> parts = new ArrayList<>();
        for (int p = 0; p < frame.numPartitions(); p++) {
            try (var ref = frame.partition(p)) {
                Partition part = ref.partition();
                List<Column> cols = new ArrayList<>();
                for (Column c : part.columns()) {
                    cols.add(c.field().name().equals("features")
                        ? c.withMetadata(c.field().metadata().withSlotCategories(names)) : c.share());
                }
                parts.add(new Partition(p, cols, part.numRows()));
            }
        }
        Frame out = Frame.of(runtime, parts);
        assertNotNull(out.schema().field("features").slotCategories());
        return out;
    }
}
