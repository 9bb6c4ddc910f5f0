package dev.ember.ml.algo;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.evaluation.ConfusionMatrix;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.algo.feature.OneHotEncoder;
import dev.ember.ml.algo.feature.PCA;
import dev.ember.ml.algo.feature.PolynomialExpansion;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.regression.LinearRegression;
import dev.ember.ml.algo.regression.LinearRegressionModel;
import dev.ember.ml.algo.tree.RandomForestClassificationModel;
import dev.ember.ml.algo.tree.RandomForestClassifier;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coefficients and importances come with feature names (issue 13): vector columns carry slot names from
 * {@code VectorAssembler}, {@code OneHotEncoder}, {@code PolynomialExpansion} and the scalers; models keep them,
 * save them, and report by name; the multiclass evaluator gives a confusion matrix named by the
 * {@code StringIndexer} labels. On {@code wine.csv} and {@code vehicle.csv}.
 */
class FeatureNamesTest {
    private static Runtime runtime;

    @BeforeAll
    static void start() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static Frame read(String name, int partitions) {
        return CsvReader.builder().runtime(runtime).numPartitions(partitions).read(TestData.dataset(name));
    }

    private static String[] allBut(Frame f, String label) {
        return f.schema().names().stream().filter(n -> !n.equals(label)).toArray(String[]::new);
    }

    @Test
    void shouldReportCoefficientsByColumnNameWhenFeaturesAreAssembledAndScaled(@TempDir Path dir) {
        Frame raw = read("wine.csv", 3);
        String[] cols = allBut(raw, "cultivar");
        StringIndexerModel indexer = new StringIndexer().inputCol("cultivar").outputCol("label")
            .stringOrderType("alphabetAsc").fit(raw);
        Frame assembled = new VectorAssembler().inputCols(cols).outputCol("raw").transform(indexer.transform(raw));
        assertEquals(Arrays.asList(cols), assembled.schema().field("raw").slotNames());
        Frame f = new StandardScaler().inputCol("raw").outputCol("features").withMean(true).fit(assembled)
            .transform(assembled).cache();
        assertEquals(Arrays.asList(cols), f.schema().field("features").slotNames(), "a scaler keeps the names");

        LogisticRegressionModel lr = new LogisticRegression().regParam(0.05).fit(f);
        assertEquals(Arrays.asList(cols), lr.featureNames());
        for (int c = 0; c < 3; c++) {
            Map<String, Double> byName = lr.coefficientsByName(c);
            assertEquals(Arrays.asList(cols), new ArrayList<>(byName.keySet()));
            assertArrayEquals(lr.coefficientMatrix()[c], byName.values().stream().mapToDouble(Double::doubleValue)
                .toArray());
        }
        lr.save(dir.resolve("lr"));
        LogisticRegressionModel back = StageIO.load(dir.resolve("lr"), LogisticRegressionModel.class);
        assertEquals(lr.coefficientsByName(1), back.coefficientsByName(1), "names survive save and load");

        LinearRegressionModel ols = new LinearRegression().featuresCol("raw").labelCol("alcohol").fit(
            new VectorAssembler().inputCols("malic_acid", "ash", "magnesium").outputCol("raw").transform(raw));
        assertEquals(List.of("malic_acid", "ash", "magnesium"), new ArrayList<>(ols.coefficientsByName().keySet()));
        assertEquals(ols.coefficients()[2], ols.coefficientsByName().get("magnesium"));

        RandomForestClassificationModel rf = new RandomForestClassifier().featuresCol("raw").numTrees(5).maxDepth(4)
            .seed(11).fit(f);
        Map<String, Double> importances = rf.featureImportancesByName();
        assertEquals(Arrays.asList(cols), new ArrayList<>(importances.keySet()));
        assertEquals(1.0, importances.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        rf.save(dir.resolve("rf"));
        assertEquals(importances, StageIO.load(dir.resolve("rf"), RandomForestClassificationModel.class)
            .featureImportancesByName());
    }

    @Test
    void shouldNameOneHotSlotsByTheIndexerLabelsWhenEncodingIndexedCategories() {
        Frame raw = read("vehicle.csv", 4);
        StringIndexerModel indexer = new StringIndexer().inputCol("Class").outputCol("classIdx")
            .stringOrderType("alphabetAsc").fit(raw);
        Frame indexed = indexer.transform(raw);
        assertEquals(indexer.labels(), indexed.schema().field("classIdx").labels());
        Frame encoded = new OneHotEncoder().inputCols("classIdx").outputCols("classVec").fit(indexed)
            .transform(indexed);
        List<String> labels = indexer.labels();   // bus, opel, saab, van
        List<String> expected = new ArrayList<>();
        for (int j = 0; j < labels.size() - 1; j++) {   // dropLast
            expected.add("classIdx=" + labels.get(j));
        }
        assertEquals(expected, encoded.schema().field("classVec").slotNames());
        Frame assembled = new VectorAssembler().inputCols("Comp", "classVec").outputCol("f").transform(encoded);
        List<String> all = new ArrayList<>(List.of("Comp"));
        all.addAll(expected);
        assertEquals(all, assembled.schema().field("f").slotNames());
    }

    @Test
    void shouldNamePrincipalComponentsSoThatADownstreamModelReportsByComponent() {
        Frame raw = read("wine.csv", 3);
        Frame indexed = new StringIndexer().inputCol("cultivar").outputCol("label").fit(raw).transform(raw);
        Frame assembled = new VectorAssembler().inputCols(allBut(raw, "cultivar")).outputCol("raw")
            .transform(indexed);
        Frame scaled = new StandardScaler().inputCol("raw").outputCol("scaled").withMean(true).fit(assembled)
            .transform(assembled);
        Frame pcs = new PCA().inputCol("scaled").outputCol("pcs").k(3).fit(scaled).transform(scaled);
        List<String> components = List.of("pcs_pca0", "pcs_pca1", "pcs_pca2");
        assertEquals(components, pcs.schema().field("pcs").slotNames());
        Frame f = new VectorAssembler().inputCols("pcs", "alcohol").outputCol("features").transform(pcs).cache();
        List<String> all = new ArrayList<>(components);
        all.add("alcohol");
        assertEquals(all, f.schema().field("features").slotNames(), "assembled beside a column, names kept");
        LogisticRegressionModel lr = new LogisticRegression().regParam(0.05).fit(f);
        Map<String, Double> byName = lr.coefficientsByName(2);
        assertEquals(all, new ArrayList<>(byName.keySet()));
        assertEquals(lr.coefficientMatrix()[2][1], byName.get("pcs_pca1"));
    }

    @Test
    void shouldNameMonomialsInTheOrderTheExpansionWritesThem() {
        Frame raw = read("wine.csv", 1);
        Frame ab = new VectorAssembler().inputCols("ash", "hue").outputCol("ab").elementType("double")
            .transform(raw);
        Frame poly = new PolynomialExpansion().inputCol("ab").outputCol("p").degree(3).transform(ab);
        Field f = poly.schema().field("p");
        List<String> names = f.slotNames();
        assertEquals(f.vectorSize(), names.size());
        assertEquals(List.of("ash", "ash^2", "ash^3", "hue", "ash*hue", "ash^2*hue", "hue^2", "ash*hue^2", "hue^3"),
            names);
        double[] a = poly.collectDoubles("ash");
        double[] h = poly.collectDoubles("hue");
        double[][] p = poly.collectVectors("p");
        for (int r = 0; r < 5; r++) {
            for (int j = 0; j < names.size(); j++) {
                assertEquals(evaluate(names.get(j), a[r], h[r]), p[r][j], 1e-9, names.get(j) + " row " + r);
            }
        }
        assertEquals(DataType.DOUBLE, f.elementType());
    }

    @Test
    void shouldGiveAConfusionMatrixNamedByTheLabelsWhenLabelsWereIndexed() {
        Frame raw = read("wine.csv", 3);
        StringIndexerModel indexer = new StringIndexer().inputCol("cultivar").outputCol("label")
            .stringOrderType("alphabetAsc").fit(raw);
        Frame f = new VectorAssembler().inputCols(allBut(raw, "cultivar")).outputCol("features")
            .transform(indexer.transform(raw)).cache();
        Frame predictions = new LogisticRegression().maxIter(30).fit(f).transform(f);
        MulticlassClassificationEvaluator ev = new MulticlassClassificationEvaluator();
        ConfusionMatrix m = ev.confusionMatrix(predictions);
        assertEquals(List.of("class_0", "class_1", "class_2"), m.labels());
        double total = 0;
        double diagonal = 0;
        double[] label = predictions.collectDoubles("label");
        double[] predicted = predictions.collectDoubles("prediction");
        double[][] expected = new double[3][3];
        for (int r = 0; r < label.length; r++) {
            expected[(int) label[r]][(int) predicted[r]]++;
        }
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], m.counts()[i], "row " + m.labels().get(i));
            for (int j = 0; j < 3; j++) {
                total += m.count(i, j);
                diagonal += i == j ? m.count(i, j) : 0;
            }
        }
        assertEquals(178, total);
        assertEquals(ev.evaluateAll(predictions)[1], diagonal / total, 1e-12, "accuracy is the diagonal");
        assertEquals(m.count(1, 2), m.count("class_1", "class_2"));
        assertEquals("actual \\ predicted", m.toString().lines().findFirst().orElseThrow().substring(0, 18));
    }

    private static double evaluate(String monomial, double a, double h) {
        double v = 1;
        for (String factor : monomial.split("\\*")) {
            String[] pw = factor.split("\\^");
            double base = pw[0].equals("ash") ? a : h;
            v *= Math.pow(base, pw.length == 1 ? 1 : Integer.parseInt(pw[1]));
        }
        return v;
    }
}
