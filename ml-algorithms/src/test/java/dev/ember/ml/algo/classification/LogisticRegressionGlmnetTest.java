package dev.ember.ml.algo.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logistic regression against R glmnet, Spark's convention (sample standard deviation). Reference values and the
 * script that made them: {@code src/test/resources/reference/glmnet_references.R} and its JSON files.
 * Tolerance: coefficients within 1e-3 relative, or 1e-4 absolute where the reference is 0, and the same set of
 * exact zeros under L1.
 */
class LogisticRegressionGlmnetTest {
    private static final double REL = 1e-3;
    private static final double ABS_ZERO = 1e-4;
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    static JsonNode reference(String name) throws IOException {
        return new ObjectMapper().readTree(LogisticRegressionGlmnetTest.class.getResourceAsStream(
            "/reference/" + name));
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    /** Reads a dataset, indexes its label alphabetically (R's factor order) and assembles a double block. */
    static Frame prepare(String dataset, String labelCol, int partitions) {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(partitions).read(TestData.dataset(dataset));
        Frame assembled = new VectorAssembler().inputCols(raw.schema().fields().stream()
                .filter(f -> f.type().isNumeric()).map(Field::name).toArray(String[]::new))
            .with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
        return new StringIndexer().inputCol(labelCol).outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled).transform(assembled).cache();
    }

    static void assertCoefficient(double expected, double actual, String what) {
        if (expected == 0) {
            assertTrue(Math.abs(actual) <= ABS_ZERO, what + ": expected 0, found " + actual);
        } else {
            assertTrue(Math.abs(actual - expected) <= REL * Math.abs(expected),
                what + ": expected " + expected + ", found " + actual + " (relative error "
                    + Math.abs(actual - expected) / Math.abs(expected) + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"binomial_breast_cancer_lambda0.01_alpha0.json",
        "binomial_breast_cancer_lambda0.01_alpha1.json", "binomial_breast_cancer_lambda0.05_alpha0.5.json"})
    void shouldMatchGlmnetBinomial(String file) throws IOException {
        JsonNode ref = reference(file);
        JsonNode spark = ref.get("variants").get("spark");
        LogisticRegressionModel m = new LogisticRegression()
            .regParam(ref.get("params").get("regParam").asDouble())
            .elasticNetParam(ref.get("params").get("elasticNetParam").asDouble())
            .tol(1e-12).maxIter(2000)
            .fit(prepare("breast_cancer.csv", "diagnosis", 4));
        double[] expected = doubles(spark.get("coefficients"));
        double[] actual = m.coefficients();
        for (int j = 0; j < expected.length; j++) {
            assertCoefficient(expected[j], actual[j], file + " coefficient " + j);
            assertEquals(expected[j] == 0, actual[j] == 0.0, file + " coefficient " + j + " zero pattern: found "
                + actual[j] + ", glmnet " + expected[j]);
        }
        assertCoefficient(spark.get("intercept").asDouble(), m.intercept(), file + " intercept");
        double[] history = m.summary().objectiveHistory();
        assertEquals(spark.get("objective").asDouble(), history[history.length - 1],
            1e-6 * spark.get("objective").asDouble(), file + " objective");
    }

    @ParameterizedTest
    @ValueSource(strings = {"multinomial_iris_lambda0.01_alpha0.json", "multinomial_iris_lambda0.01_alpha1.json"})
    void shouldMatchGlmnetMultinomialOnIris(String file) throws IOException {
        JsonNode ref = reference(file);
        JsonNode spark = ref.get("variants").get("spark");
        Frame data = prepare("iris.csv", "species", 3);
        LogisticRegressionModel m = new LogisticRegression().with(LogisticRegression.FAMILY, "multinomial")
            .regParam(ref.get("params").get("regParam").asDouble())
            .elasticNetParam(ref.get("params").get("elasticNetParam").asDouble())
            .tol(1e-12).maxIter(5000).fit(data);
        assertMultinomial(file, spark, data, m);
    }

    @org.junit.jupiter.api.Test
    void shouldMatchGlmnetMultinomialOnLetterRecognition() throws IOException {
        String file = "multinomial_letter_recognition_lambda0.01_alpha0.json";
        JsonNode ref = reference(file);
        Frame data = prepare("letter_recognition.csv", "lettr", 4);
        LogisticRegressionModel m = new LogisticRegression().regParam(0.01).tol(1e-12).maxIter(5000).fit(data);
        assertEquals(26, m.numClasses());
        assertMultinomial(file, ref.get("variants").get("spark"), data, m);
    }

    static void assertMultinomial(String file, JsonNode spark, Frame data, LogisticRegressionModel m) {
        double[][] coef = m.coefficientMatrix();
        JsonNode expected = spark.get("coefficient_matrix");
        for (int c = 0; c < coef.length; c++) {
            double[] row = doubles(expected.get(c));
            for (int j = 0; j < row.length; j++) {
                assertCoefficient(row[j], coef[c][j], file + " class " + c + " coefficient " + j);
            }
        }
        double[] intercepts = doubles(spark.get("intercepts"));
        for (int c = 0; c < intercepts.length; c++) {
            assertCoefficient(intercepts[c], m.intercepts()[c], file + " intercept " + c);
        }
        JsonNode probs = spark.get("probabilities_first5");
        try (PartitionRef ref = m.transform(data).partition(0)) {
            double[] p = new double[coef.length];
            for (int r = 0; r < 5; r++) {
                ref.partition().column("probability").getVector(r, p);
                double[] e = doubles(probs.get(r));
                for (int c = 0; c < e.length; c++) {
                    assertEquals(e[c], p[c], 1e-5, file + " probability row " + r + " class " + c);
                }
            }
        }
    }
}
