package dev.ember.ml.algo.regression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.algo.ExactReferences;
import dev.ember.ml.algo.ExactReferences.Comparison;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.SlowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linear regression (solver l-bfgs: OLS, ridge, lasso, elastic net; solver normal: OLS and ridge; with and
 * without standardization) against the exact optima of Ember's own objective
 * ({@code reference/exact/exact_references.py}, KKT residuals below 1e-12) on diabetes, the one real dataset
 * with a numeric target, at the defaults (tol 1e-6, maxIter 100) and at tight tolerances (tol 1e-12, maxIter
 * 5000), over float32 and float64 feature blocks and 1, 3 and 7 partitions. Tolerances ({@link ExactReferences}):
 * coefficients 2e-3 relative (1e-4 absolute near zero), identical zero sets, OLS 1e-6 relative. Each test
 * prints one line starting with {@code EXACT} with every figure.
 *
 * <p>The unit part is every case at 3 partitions; 1 and 7 partitions are {@link SlowTest}. The solver normal
 * has no tolerance, so it runs once per block type and partitioning ("defaults").
 */
class ExactOptimumLinearTest {
    private static final String FILE = "exact_linear_diabetes.json";
    private static final Map<String, Frame> FRAMES = new HashMap<>();
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        FRAMES.values().forEach(Frame::unpersist);
        FRAMES.clear();
        runtime.close();
    }

    static Stream<Arguments> unitCases() {
        return cases(List.of(3));
    }

    static Stream<Arguments> slowCases() {
        return cases(List.of(1, 7));
    }

    private static Stream<Arguments> cases(List<Integer> partitionings) {
        JsonNode ref = ExactReferences.load(FILE);
        Stream.Builder<Arguments> out = Stream.builder();
        for (JsonNode c : ref.get("cases")) {
            boolean normal = "normal".equals(c.get("solver").asText());
            for (String mode : normal ? List.of("defaults") : List.of("defaults", "tight")) {
                for (String type : List.of("double", "float")) {
                    for (int p : partitionings) {
                        out.add(Arguments.of(c.get("id").asText(), type, p, mode));
                    }
                }
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0} {1} partitions={2} {3}")
    @MethodSource("unitCases")
    void shouldReachTheExactOptimumAtThreePartitions(String id, String type, int partitions, String mode) {
        check(id, type, partitions, mode);
    }

    @SlowTest
    @ParameterizedTest(name = "{0} {1} partitions={2} {3}")
    @MethodSource("slowCases")
    void shouldReachTheExactOptimumWhateverThePartitioning(String id, String type, int partitions, String mode) {
        check(id, type, partitions, mode);
    }

    private static void check(String id, String type, int partitions, String mode) {
        JsonNode file = ExactReferences.load(FILE);
        JsonNode ref = ExactReferences.find(file, id);
        String label = file.get("label").asText();
        Frame data = FRAMES.computeIfAbsent(partitions + "/" + type,
            key -> ExactReferences.prepare(runtime, file.get("dataset").asText(), label, false, partitions, type));
        LinearRegression lr = new LinearRegression().with(LinearRegression.LABEL_COL, label)
            .solver(ref.get("solver").asText())
            .regParam(ref.get("regParam").asDouble()).elasticNetParam(ref.get("elasticNetParam").asDouble())
            .with(LinearRegression.STANDARDIZATION, ref.get("standardization").asBoolean());
        if ("tight".equals(mode)) {
            lr = lr.with(LinearRegression.TOL, 1e-12).with(LinearRegression.MAX_ITER, 5000);
        }
        LinearRegressionModel m = lr.fit(data);
        double[] history = m.summary().objectiveHistory();
        Comparison c = ExactReferences.compare(ref, type, new double[][] {m.coefficients()},
            new double[] {m.intercept()}, history[history.length - 1], "linear");
        String line = "EXACT " + id + " " + type + " partitions=" + partitions + " " + mode + ": " + c.describe()
            + "; iterations " + m.summary().iterations() + ", evaluations " + m.summary().evaluations() + ", "
            + m.summary().convergence();
        System.out.println(line);
        assertTrue(c.passes(), line);
    }
}
