package dev.ember.ml.algo.bayes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NaiveBayes: params and persistence for every model type, thresholds, and bad input. */
class NaiveBayesTest {
    private static Runtime runtime;
    private static JsonNode wine;

    @BeforeAll
    static void setUp() throws IOException {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        try (InputStream in = NaiveBayesTest.class.getResourceAsStream("/reference/naive_bayes_references.json")) {
            wine = new ObjectMapper().readTree(in).at("/datasets/wine.csv");
        }
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    @Test
    void shouldRoundTripEveryModelTypeWithEqualOutput(@TempDir Path tmp) {
        Frame f = NaiveBayesReferenceTest.labelled(runtime, "wine.csv", wine, 2, false);
        for (String type : new String[] {"multinomial", "complement", "gaussian"}) {
            NaiveBayes est = new NaiveBayes().modelType(type).smoothing(0.5);
            NaiveBayesModel m = est.fit(f);
            StageContract.checkParams(est);
            StageContract.checkParams(m);
            NaiveBayesModel back = StageContract.assertTransformRoundTrip(m, f, tmp.resolve(type), 0.0);
            assertArrayEquals(m.pi(), back.pi());
            assertEquals(m.sigma().length, back.sigma().length);
            StageContract.assertRoundTrip(est, tmp.resolve(type + "-estimator"));
        }
    }

    @Test
    void shouldPredictTheMostProbableClassOrTheLargestRatioToThresholds() {
        Frame f = NaiveBayesReferenceTest.labelled(runtime, "wine.csv", wine, 1, false);
        NaiveBayesModel m = new NaiveBayes().modelType("gaussian").fit(f);
        Frame out = m.transform(f);
        double[][] p = out.collectVectors("probability");
        double[] pred = out.collectDoubles("prediction");
        double[] label = out.collectDoubles("label");
        int correct = 0;
        for (int r = 0; r < p.length; r++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = p[r][c] > p[r][best] ? c : best;
            }
            assertEquals(best, pred[r], "row " + r);
            correct += pred[r] == label[r] ? 1 : 0;
        }
        assertTrue(correct > 0.95 * p.length, "training accuracy " + correct + " / " + p.length);
        double[] onlyClass2 = m.with(NaiveBayes.THRESHOLDS, new double[] {1, 1, 1e-300}).transform(f)
            .collectDoubles("prediction");
        for (double v : onlyClass2) {
            assertEquals(2, v);
        }
    }

    @Test
    void shouldRefuseFeaturesTheModelTypeCannotTakeAndBadLabels() {
        Frame f = NaiveBayesReferenceTest.labelled(runtime, "wine.csv", wine, 2, false);
        Frame negative = f.withColumn("shifted", "alcohol - 13");
        Frame neg = new dev.ember.ml.algo.feature.VectorAssembler().inputCols("shifted", "ash").outputCol("x")
            .transform(negative);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new NaiveBayes().with(NaiveBayes.FEATURES_COL, "x").fit(neg));
        assertTrue(e.getMessage().matches("column 'x', partition 0, row \\d+ \\(file \\S+wine.csv, row \\d+, line"
            + " \\d+\\): found -?[0-9.E-]+ at element 0,"
            + " expected a finite number >= 0 \\(the multinomial model\\)"), e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> new NaiveBayes().modelType("bernoulli").fit(f));
        String row1 = " (file " + dev.ember.ml.testkit.TestData.dataset("wine.csv").toAbsolutePath().normalize()
            + ", row 1, line 2)";
        assertEquals("column 'features', partition 0, row 0" + row1 + ": found 14.23 at element 0, expected 0 or 1"
            + " (the bernoulli model)", e.getMessage());
        Frame badLabel = f.withColumn("half", "label + 0.5");
        e = assertThrows(InvalidArgumentException.class, () -> new NaiveBayes().labelCol("half").fit(badLabel));
        assertEquals("label column 'half', partition 0, row 0" + row1 + ": found 0.5, expected a class index 0, 1,"
            + " 2, ... (at most 65535)", e.getMessage());
    }
}
