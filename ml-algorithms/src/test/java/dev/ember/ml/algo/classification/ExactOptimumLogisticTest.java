package dev.ember.ml.algo.classification;

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
 * Logistic regression (binomial and multinomial; L2, L1, elastic net; with and without standardization) against
 * the exact optima of Ember's own objective ({@code reference/exact/exact_references.py}, KKT residuals below
 * 1e-12), on every real classification dataset, at the defaults a user gets (tol 1e-6, maxIter 100) and at tight
 * tolerances (tol 1e-12, maxIter 5000), over float32 and float64 feature blocks and 1, 3 and 7 partitions.
 * Tolerances ({@link ExactReferences}): coefficients 2e-3 relative (1e-4 absolute near zero), identical zero
 * sets, probabilities 1e-4. Each test prints one line starting with {@code EXACT} with every figure.
 *
 * <p>The unit part is the tight fits of the small binomial datasets and iris over double and float blocks at 3
 * partitions; everything else is {@link SlowTest} (restrict it to some datasets with
 * {@code -Dember.exact.datasets=vehicle,glass}). The fits are deterministic, so there is no seed.
 */
class ExactOptimumLogisticTest {
    private static final List<String> SMALL = List.of("breast_cancer", "sonar", "ionosphere",
        "pima_indians_diabetes");
    private static final List<String> BINOMIAL = SMALL;
    private static final List<String> MULTINOMIAL = List.of("iris", "wine", "glass", "vehicle", "satellite",
        "digits", "letter_recognition", "shuttle");
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

    static String file(String family, String dataset) {
        return "exact_" + family + "_" + dataset + ".json";
    }

    static Stream<Arguments> unitCases() {
        Stream.Builder<Arguments> out = Stream.builder();
        for (String dataset : SMALL) {
            addCases(out, "binomial", dataset, List.of("double", "float"), List.of(3), List.of("tight"));
        }
        addCases(out, "multinomial", "iris", List.of("double", "float"), List.of(3), List.of("tight"));
        return out.build();
    }

    static Stream<Arguments> slowCases() {
        Stream.Builder<Arguments> out = Stream.builder();
        String only = System.getProperty("ember.exact.datasets", "");
        List<String> selected = only.isBlank() ? List.of() : List.of(only.split(","));
        for (String dataset : BINOMIAL) {
            if (selected.isEmpty() || selected.contains(dataset)) {
                addSlow(out, "binomial", dataset);
            }
        }
        for (String dataset : MULTINOMIAL) {
            if (selected.isEmpty() || selected.contains(dataset)) {
                addSlow(out, "multinomial", dataset);
            }
        }
        return out.build();
    }

    private static void addSlow(Stream.Builder<Arguments> out, String family, String dataset) {
        boolean unit = SMALL.contains(dataset) || "iris".equals(dataset);
        // the tight fits at 1 and 7 partitions (3 for the datasets outside the unit part), and the defaults at 3
        addCases(out, family, dataset, List.of("double", "float"), unit ? List.of(1, 7) : List.of(1, 3, 7),
            List.of("tight"));
        addCases(out, family, dataset, List.of("double", "float"), List.of(3), List.of("defaults"));
    }

    private static void addCases(Stream.Builder<Arguments> out, String family, String dataset,
                                 List<String> types, List<Integer> partitions, List<String> modes) {
        JsonNode ref = ExactReferences.load(file(family, dataset));
        for (String id : ExactReferences.ids(ref)) {
            for (String mode : modes) {
                for (String type : types) {
                    for (int p : partitions) {
                        out.add(Arguments.of(family, dataset, id, type, p, mode));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{2} {3} partitions={4} {5}")
    @MethodSource("unitCases")
    void shouldReachTheExactOptimumWhenTolerancesAreTight(String family, String dataset, String id, String type,
                                                          int partitions, String mode) {
        check(family, dataset, id, type, partitions, mode);
    }

    @SlowTest
    @ParameterizedTest(name = "{2} {3} partitions={4} {5}")
    @MethodSource("slowCases")
    void shouldReachTheExactOptimumOnEveryDatasetPartitioningAndDefault(String family, String dataset, String id,
                                                                        String type, int partitions, String mode) {
        check(family, dataset, id, type, partitions, mode);
    }

    private static void check(String family, String dataset, String id, String type, int partitions,
                              String mode) {
        JsonNode file = ExactReferences.load(file(family, dataset));
        JsonNode ref = ExactReferences.find(file, id);
        String label = file.get("label").asText();
        Frame data = FRAMES.computeIfAbsent(dataset + "/" + partitions + "/" + type,
            key -> ExactReferences.prepare(runtime, dataset + ".csv", label, true, partitions, type));
        LogisticRegression lr = new LogisticRegression().with(LogisticRegression.FAMILY, family)
            .regParam(ref.get("regParam").asDouble()).elasticNetParam(ref.get("elasticNetParam").asDouble())
            .with(LogisticRegression.STANDARDIZATION, ref.get("standardization").asBoolean());
        if ("tight".equals(mode)) {
            lr = lr.tol(1e-12).maxIter(5000);
        }
        LogisticRegressionModel m = lr.fit(data);
        double[][] coef = "multinomial".equals(family) ? m.coefficientMatrix() : new double[][] {m.coefficients()};
        double[] intercepts = "multinomial".equals(family) ? m.intercepts() : new double[] {m.intercept()};
        double[] history = m.summary().objectiveHistory();
        Comparison c = ExactReferences.compare(ref, type, coef, intercepts, history[history.length - 1], family);
        String line = "EXACT " + id + " " + type + " partitions=" + partitions + " " + mode + ": " + c.describe()
            + "; iterations " + m.summary().iterations() + ", evaluations " + m.summary().evaluations() + ", "
            + m.summary().convergence();
        System.out.println(line);
        assertTrue(c.passes(), line);
    }
}
