package dev.ember.ml.algo.regression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LinearRegression on diabetes.csv against R: {@code lm} for OLS, glmnet for ridge, lasso and elastic net.
 * Reference values and the script: {@code src/test/resources/reference/glmnet_references.R}.
 */
class LinearRegressionTest {
    private static final String[] FEATURES = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    static Frame diabetes(int partitions) {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(partitions)
            .read(TestData.dataset("diabetes.csv"));
        return new VectorAssembler().inputCols(FEATURES).with(VectorAssembler.ELEMENT_TYPE, "double")
            .transform(raw).cache();
    }

    static LinearRegression estimator() {
        return new LinearRegression().with(LinearRegression.LABEL_COL, "progression");
    }

    static JsonNode reference(String name) throws IOException {
        return new ObjectMapper().readTree(LinearRegressionTest.class.getResourceAsStream("/reference/" + name));
    }

    static void assertClose(double expected, double actual, double rel, double absForZero, String what) {
        double tol = expected == 0 ? absForZero : rel * Math.abs(expected);
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + ", found " + actual
            + " (difference " + Math.abs(expected - actual) + ")");
    }

    static void assertModel(JsonNode expected, LinearRegressionModel m, double rel, String what) {
        JsonNode coef = expected.get("coefficients");
        for (int j = 0; j < coef.size(); j++) {
            assertClose(coef.get(j).asDouble(), m.coefficients()[j], rel, 1e-4, what + " coefficient " + j);
            if (coef.get(j).asDouble() == 0) {
                assertEquals(0.0, m.coefficients()[j], what + " coefficient " + j + " must be exactly 0");
            }
        }
        assertClose(expected.get("intercept").asDouble(), m.intercept(), rel, 1e-4, what + " intercept");
    }

    @Test
    void shouldEqualLmForOrdinaryLeastSquaresOnEveryPartitioning() throws IOException {
        JsonNode lm = reference("linear_diabetes_ols_lm.json");
        for (int partitions : new int[] {1, 4, 16}) {
            LinearRegressionModel m = estimator().solver("normal").fit(diabetes(partitions));
            assertModel(lm, m, 1e-6, "OLS, " + partitions + " partitions");
            assertEquals(lm.get("objective_half_mse").asDouble(), m.summary().objectiveHistory()[0],
                1e-9 * lm.get("objective_half_mse").asDouble());
        }
        LinearRegressionModel lbfgs = estimator().solver("l-bfgs").with(LinearRegression.TOL, 1e-12)
            .with(LinearRegression.MAX_ITER, 1000).fit(diabetes(4));
        assertModel(lm, lbfgs, 1e-6, "OLS by l-bfgs");
    }

    @Test
    void shouldMatchGlmnetRidgeWithTheNormalSolver() throws IOException {
        JsonNode ref = reference("linear_diabetes_lambda0.1_alpha0.json").get("variants");
        assertModel(ref.get("glmnet"), estimator().solver("normal").regParam(0.1).fit(diabetes(3)), 1e-6,
            "ridge, normal");
        assertModel(ref.get("spark_lbfgs"), estimator().solver("l-bfgs").regParam(0.1)
            .with(LinearRegression.TOL, 1e-12).with(LinearRegression.MAX_ITER, 1000).fit(diabetes(3)), 1e-5,
            "ridge, l-bfgs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear_diabetes_lambda0.1_alpha1.json", "linear_diabetes_lambda0.1_alpha0.5.json"})
    void shouldMatchGlmnetLassoAndElasticNet(String file) throws IOException {
        JsonNode ref = reference(file);
        // diabetes' s1..s6 are nearly collinear: the objective is flat along them, so run to tol 1e-15 to pin down
        // the small s3 coefficient (the objective itself agrees with glmnet to 1e-12 relative already at 1e-12)
        LinearRegressionModel m = estimator().regParam(0.1)
            .elasticNetParam(ref.get("params").get("elasticNetParam").asDouble())
            .with(LinearRegression.TOL, 1e-15).with(LinearRegression.MAX_ITER, 5000).fit(diabetes(4));
        assertModel(ref.get("variants").get("spark_lbfgs"), m, 1e-3, file);
    }

    @Test
    void shouldPredictAndRoundTrip(@TempDir Path tmp) throws IOException {
        Frame data = diabetes(2);
        LinearRegressionModel m = estimator().solver("normal").fit(data);
        double[] pred = m.transform(data).collectDoubles("prediction");
        JsonNode lm = reference("linear_diabetes_ols_lm.json").get("predictions_all_rows");
        for (int i = 0; i < pred.length; i++) {
            assertEquals(lm.get(i).asDouble(), pred[i], 1e-8, "prediction " + i);
        }
        StageContract.checkParams(m);
        StageContract.assertTransformRoundTrip(m, data, tmp.resolve("model"), 0.0);
    }

    @Test
    void shouldRefuseL1WithTheNormalSolver() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> estimator().solver("normal").regParam(0.1).elasticNetParam(1).fit(diabetes(1)));
        assertTrue(e.getMessage().contains("expected no L1 term"), e.getMessage());
    }

    @Test
    void shouldReachTheSameOptimumWhenWarmStarted() {
        Frame data = diabetes(3);
        LinearRegression lasso = estimator().solver("l-bfgs").regParam(0.1).elasticNetParam(1.0).tol(1e-12)
            .maxIter(2000);
        LinearRegressionModel cold = lasso.fit(data);
        LinearRegressionModel nearby = lasso.regParam(0.2).fit(data);
        LinearRegressionModel warm = lasso.fit(data, nearby);
        double[] a = cold.coefficients();
        double[] b = warm.coefficients();
        double scale = java.util.Arrays.stream(a).map(Math::abs).max().orElse(1);
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j], b[j], 1e-6 * scale, "coefficient " + j + " (1e-6 of the largest, " + scale + ")");
        }
        assertEquals(cold.intercept(), warm.intercept(), 1e-6 * Math.abs(cold.intercept()));
        LinearRegressionModel fromOptimum = lasso.fit(data, cold);
        assertTrue(fromOptimum.summary().evaluations() < cold.summary().evaluations() / 2,
            "a start at the optimum costs " + fromOptimum.summary().evaluations() + " evaluations, a cold start "
                + cold.summary().evaluations());
    }
}
