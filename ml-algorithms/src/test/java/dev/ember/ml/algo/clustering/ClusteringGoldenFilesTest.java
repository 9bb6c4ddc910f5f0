package dev.ember.ml.algo.clustering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.algo.bayes.NaiveBayes;
import dev.ember.ml.algo.bayes.NaiveBayesModel;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The saved models of this release (format version 1 of KMeansModel, BisectingKMeansModel, GaussianMixtureModel
 * and NaiveBayesModel, in {@code src/test/resources/golden/}) load and predict on iris what they predicted when
 * they were saved (recorded in {@code golden/clustering_v1_predictions.json}). A later release must keep loading
 * them. To rewrite them (only when the format version changes): run with {@code -Dember.golden.write=true}.
 */
class ClusteringGoldenFilesTest {
    private static final Path GOLDEN = TestData.repoRoot().resolve("ml-algorithms/src/test/resources/golden");
    private static Runtime runtime;
    private static Frame iris;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        JsonNode columns = ClusteringFixtures.reference("clustering_references.json").at("/kmeans/iris.csv/columns");
        iris = ClusteringFixtures.data(runtime, "iris.csv", columns, "double", 2)
            .withColumn("label", "CASE WHEN species = 'setosa' THEN 0.0 WHEN species = 'versicolor' THEN 1.0"
                + " ELSE 2.0 END");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    @Test
    void shouldLoadTheGoldenModelsOfVersion1AndPredictAsWhenSaved() throws IOException {
        if (Boolean.getBoolean("ember.golden.write")) {
            write();
        }
        JsonNode expected = new ObjectMapper().readTree(GOLDEN.resolve("clustering_v1_predictions.json").toFile());
        check(StageIO.load(GOLDEN.resolve("kmeans_v1"), KMeansModel.class), expected.get("kmeans"), "prediction");
        check(StageIO.load(GOLDEN.resolve("bisecting_kmeans_v1"), BisectingKMeansModel.class),
            expected.get("bisecting"), "prediction");
        check(StageIO.load(GOLDEN.resolve("gaussian_mixture_v1"), GaussianMixtureModel.class),
            expected.get("gmm"), "probability");
        check(StageIO.load(GOLDEN.resolve("naive_bayes_v1"), NaiveBayesModel.class), expected.get("nb"),
            "probability");
        KMeansModel km = StageIO.load(GOLDEN.resolve("kmeans_v1"), KMeansModel.class);
        assertEquals(3, km.k());
        assertEquals(150, java.util.Arrays.stream(km.summary().clusterSizes()).sum());
    }

    private static void check(Model m, JsonNode expected, String column) {
        Frame out = m.transform(iris);
        if ("prediction".equals(column)) {
            double[] p = out.collectDoubles(column);
            for (int r = 0; r < p.length; r++) {
                assertEquals(expected.get(r).asDouble(), p[r], m.getClass().getSimpleName() + " row " + r);
            }
        } else {
            double[][] p = out.collectVectors(column);
            for (int r = 0; r < p.length; r++) {
                assertArrayEquals(ClusteringFixtures.doubles(expected.get(r)), p[r], 1e-12,
                    m.getClass().getSimpleName() + " row " + r);
            }
        }
    }

    private static void write() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode();
        KMeansModel km = new KMeans().k(3).seed(1).fit(iris);
        BisectingKMeansModel bk = new BisectingKMeans().k(3).seed(1).fit(iris);
        GaussianMixtureModel gm = new GaussianMixture().k(3).seed(1).fit(iris);
        NaiveBayesModel nb = new NaiveBayes().modelType("gaussian").fit(iris);
        save(km, "kmeans_v1");
        save(bk, "bisecting_kmeans_v1");
        save(gm, "gaussian_mixture_v1");
        save(nb, "naive_bayes_v1");
        out.set("kmeans", doubles(json, km.transform(iris).collectDoubles("prediction")));
        out.set("bisecting", doubles(json, bk.transform(iris).collectDoubles("prediction")));
        out.set("gmm", matrix(json, gm.transform(iris).collectVectors("probability")));
        out.set("nb", matrix(json, nb.transform(iris).collectVectors("probability")));
        json.writerWithDefaultPrettyPrinter().writeValue(GOLDEN.resolve("clustering_v1_predictions.json").toFile(),
            out);
    }

    private static void save(Model m, String name) throws IOException {
        Path dir = GOLDEN.resolve(name);
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        m.save(dir);
    }

    private static ArrayNode doubles(ObjectMapper json, double[] v) {
        ArrayNode a = json.createArrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    private static ArrayNode matrix(ObjectMapper json, double[][] m) {
        ArrayNode a = json.createArrayNode();
        for (double[] row : m) {
            a.add(doubles(json, row));
        }
        return a;
    }
}
