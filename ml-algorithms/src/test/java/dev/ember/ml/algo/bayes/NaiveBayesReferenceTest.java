package dev.ember.ml.algo.bayes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Naive Bayes against scikit-learn's {@code MultinomialNB}, {@code ComplementNB}, {@code GaussianNB} (six real
 * datasets) and {@code BernoulliNB} (digits binarized), with and without weights, on 1 and 4 partitions:
 * priors and tables to 1e-12, probabilities to 1e-9. Reference: {@code reference/naive_bayes_references.py}.
 */
class NaiveBayesReferenceTest {
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() throws IOException {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        try (InputStream in = NaiveBayesReferenceTest.class.getResourceAsStream(
            "/reference/naive_bayes_references.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** The dataset with {@code label} (sorted class index) and {@code features} (double; binarized if asked). */
    static Frame labelled(Runtime rt, String dataset, JsonNode ref, int partitions, boolean binarize) {
        Frame f = CsvReader.builder().runtime(rt).numPartitions(partitions).read(TestData.dataset(dataset));
        JsonNode columns = ref.get("columns");
        String[] cols = new String[columns.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = columns.get(i).asText();
            if (binarize) {
                f = f.withColumn("b" + i, "least(" + cols[i] + ", 1)");
                cols[i] = "b" + i;
            }
        }
        f = new VectorAssembler().inputCols(cols).with(VectorAssembler.ELEMENT_TYPE, "double").transform(f);
        String label = ref.get("label").asText();
        if (ref.get("numericLabel").asBoolean()) {
            StringBuilder sql = new StringBuilder("CASE");
            JsonNode classes = ref.get("classes");
            for (int c = 0; c < classes.size(); c++) {
                sql.append(" WHEN ").append(label).append(" = ").append(classes.get(c).asDouble()).append(" THEN ")
                    .append(c).append(".0");
            }
            return f.withColumn("label", sql.append(" END").toString());
        }
        return new StringIndexer().inputCol(label).outputCol("label").with(StringIndexer.STRING_ORDER_TYPE,
            "alphabetAsc").fit(f).transform(f);
    }

    static void assertClose(JsonNode expected, double[] actual, double tol, String what) {
        assertEquals(expected.size(), actual.length, what + ": length");
        for (int j = 0; j < actual.length; j++) {
            double e = expected.get(j).asDouble();
            assertTrue(Math.abs(e - actual[j]) <= tol * Math.max(1, Math.abs(e)),
                what + "[" + j + "]: expected " + e + ", found " + actual[j]);
        }
    }

    private static void check(NaiveBayesModel m, Frame f, JsonNode ref, String what) {
        if (!what.contains("complement")) {
            // complement: the prior does not enter the likelihood (scikit-learn records the unsmoothed one)
            assertClose(ref.get("pi"), m.pi(), 1e-12, what + ", pi");
        }
        for (int c = 0; c < m.numClasses(); c++) {
            assertClose(ref.get("theta").get(c), m.theta()[c], 1e-12, what + ", theta " + c);
            if (ref.has("sigma")) {
                assertClose(ref.get("sigma").get(c), m.sigma()[c], 1e-12, what + ", sigma " + c);
            }
        }
        double[][] prob = m.transform(f).collectVectors("probability");
        JsonNode rows = ref.get("rows");
        for (int i = 0; i < rows.size(); i++) {
            int r = rows.get(i).asInt();
            assertClose(ref.get("probabilities").get(i), prob[r], 1e-9, what + ", probability of row " + r);
        }
    }

    @Test
    void shouldEqualScikitLearnsModelsOnSixDatasets() {
        for (Iterator<Map.Entry<String, JsonNode>> it = reference.get("datasets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (int partitions : new int[] {1, 4}) {
                Frame f = labelled(runtime, e.getKey(), e.getValue(), partitions, false);
                for (String type : new String[] {"multinomial", "complement", "gaussian"}) {
                    String what = e.getKey() + " " + type + ", " + partitions + " partitions";
                    check(new NaiveBayes().modelType(type).fit(f), f, e.getValue().get(type), what);
                }
            }
        }
    }

    @Test
    void shouldEqualBernoulliNBOnBinarizedDigits() {
        JsonNode ref = reference.at("/datasets/digits.csv");
        for (int partitions : new int[] {1, 7}) {
            Frame f = labelled(runtime, "digits.csv", ref, partitions, true);
            check(new NaiveBayes().modelType("bernoulli").fit(f), f, ref.get("bernoulli"),
                "digits bernoulli, " + partitions + " partitions");
        }
    }

    @Test
    void shouldEqualScikitLearnWithSampleWeights() {
        JsonNode ref = reference.at("/datasets/iris.csv");
        JsonNode weighted = reference.get("weighted_iris");
        for (int partitions : new int[] {1, 3}) {
            Frame f = labelled(runtime, "iris.csv", ref, partitions, false);
            for (String type : new String[] {"multinomial", "gaussian"}) {
                check(new NaiveBayes().modelType(type).weightCol("sepal_width").fit(f), f, weighted.get(type),
                    "weighted iris " + type + ", " + partitions + " partitions");
            }
        }
    }
}
