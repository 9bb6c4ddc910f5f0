package dev.ember.ml.algo.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.SlowTest;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LinearSVC against the exact optima of its objective ({@code reference/hinge_*.json}, made by
 * {@code hinge_references.py}: for regParam &gt; 0 Clarabel plus an exact active-set polish, for regParam 0, the
 * default, a linear program solved by HiGHS; KKT residuals checked) on every binary dataset, at the default maxIter
 * and tol, float32 and float64 features, 1, 3 and 7 partitions, with and without standardization, regParam 0,
 * 0.01 and 0.1. The objective must match to 1e-6 relative (1e-10 absolute: separable data have optimum 0), the
 * coefficients to 2e-3 relative (1e-4 absolute) wherever the reference determines them, and across partitionings
 * of the same storage type the objective and those coefficients to 1e-6 (float32 storage is a different, rounded
 * data set). The QP's optimum is unique; the LP's is decided per coordinate by the script (its largest move along
 * the optimal face, see {@link #uniqueCoordinates}): unique on pima, unique except the first coefficient (a binary
 * feature) and hence the intercept on ionosphere, and not at all on the separable breast_cancer and sonar, where
 * the fit is compared with the maximum-margin separator (the limit of regParam -&gt; 0, unique) instead.
 */
class LinearSVCReferenceTest {
    private static final Logger LOG = LoggerFactory.getLogger(LinearSVCReferenceTest.class);
    private static Runtime runtime;

    @BeforeAll
    static void start() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"breast_cancer", "sonar", "ionosphere", "pima_indians_diabetes"})
    void shouldReachTheLinearProgramsOptimumWhenFitAtTheDefaults(String dataset) {
        check(dataset, true);
    }

    /**
     * The data-parallel path of the linear program: with the band capped at {@code 4 (p + 1)} rows (the default cap
     * holds these data sets whole), the solver starts from a proximal subproblem and moves band LPs in a trust region until the
     * certificate pass closes the gap over all rows.
     */
    @SlowTest
    @ParameterizedTest
    @ValueSource(strings = {"breast_cancer", "ionosphere", "pima_indians_diabetes"})
    void shouldReachTheLinearProgramsOptimumThroughNarrowBands(String dataset) {
        JsonNode ref = reference("hinge_" + dataset + ".json");
        double expected = 0;
        for (JsonNode v : ref.get("variants")) {
            if (v.get("regParam").asDouble() == 0) {
                expected = v.get("objective").asDouble();
            }
        }
        for (String type : new String[] {"double", "float"}) {
            double firstObjective = Double.NaN;
            for (int partitions : new int[] {1, 3}) {
                Frame data = load(ref, partitions, type);
                Summarizer.Summary s = Summarizer.summarize(data,
                    "features", "label", null, 2);
                int cap = 4 * (s.features().width() + 1);
                HingeSolver.Result r = new HingeSolver(data, "features", "label", null, s.features().mean(),
                    s.features().std(), true, 0, true, 2, 100).lpGatherCap(cap).solve();
                String what = dataset + ", " + type + ", " + partitions + " partitions, band of at most " + cap
                    + " rows";
                LOG.info("{}: objective {} (reference {}), {} steps, {} passes, {}", what, r.objective(), expected,
                    r.steps(), r.passes(), r.reason());
                assertTrue(r.exact(), what + ": " + r.reason());
                assertEquals(expected, r.objective(), 1e-6 * expected + 1e-10, what + ": objective (" + r.reason()
                    + ")");
                if (partitions == 1) {
                    firstObjective = r.objective();
                } else {
                    assertEquals(firstObjective, r.objective(), 1e-9 * firstObjective + 1e-12,
                        what + ": objective against 1 partition");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"breast_cancer", "sonar", "ionosphere", "pima_indians_diabetes"})
    void shouldReachTheExactOptimumWhenFitAtTheDefaults(String dataset) {
        check(dataset, false);
    }

    private void check(String dataset, boolean linearProgram) {
        JsonNode ref = reference("hinge_" + dataset + ".json");
        for (JsonNode v : ref.get("variants")) {
            double reg = v.get("regParam").asDouble();
            boolean standardization = v.get("standardization").asBoolean();
            if ((reg == 0) != linearProgram) {
                continue;
            }
            for (String type : new String[] {"double", "float"}) {
                double[] first = null;
                double firstObjective = 0;
                for (int partitions : new int[] {1, 3, 7}) {
                    String what = dataset + " regParam " + reg + " standardization " + standardization + ", "
                        + type + ", " + partitions + " partitions";
                    Frame data = load(ref, partitions, type);
                    long t0 = System.nanoTime();
                    LinearSVCModel m = new LinearSVC().regParam(reg).with(LinearSVC.STANDARDIZATION, standardization)
                        .fit(data);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    double objective = objective(ref, data, m, reg, standardization);
                    double expected = v.get("objective").asDouble();
                    LOG.info("{}: objective {} (reference {}, rel. gap {}), {} Newton steps, {} passes, {} ms, {}",
                        what, objective, expected, (objective - expected) / Math.max(expected, 1e-300),
                        m.summary().iterations(), m.summary().evaluations(), ms, m.summary().convergence());
                    String how = " (" + m.summary().iterations() + " Newton steps, " + m.summary().evaluations()
                        + " passes: " + m.summary().convergence() + ")";
                    assertEquals(expected, objective, 1e-6 * expected + 1e-10, what + ": objective" + how);
                    double[] coef = m.coefficients();
                    double[] all = Arrays.copyOf(coef, coef.length + 1);
                    all[coef.length] = m.intercept();
                    boolean[] unique = uniqueCoordinates(v, coef.length);
                    // separable data: LinearSVC returns the maximum-margin separator among the zero-loss optima
                    JsonNode sol = v.get("max_margin_separator").isNull() ? v : v.get("max_margin_separator");
                    JsonNode rc = sol.get("coefficients");
                    for (int j = 0; j <= coef.length; j++) {
                        if (unique[j]) {
                            double e = j < coef.length ? rc.get(j).asDouble() : sol.get("intercept").asDouble();
                            assertEquals(e, all[j], Math.max(2e-3 * Math.abs(e), 1e-4), what + ": "
                                + (j < coef.length ? "coefficient " + j : "intercept") + how);
                        }
                    }
                    if (first == null) {
                        first = all;
                        firstObjective = objective;
                    } else {
                        assertEquals(firstObjective, objective, 1e-6 * firstObjective + 1e-10,
                            what + ": objective against 1 partition");
                        for (int j = 0; j < all.length; j++) {
                            if (unique[j]) {
                                assertEquals(first[j], all[j], 1e-6 * Math.max(1, Math.abs(first[j])),
                                    what + ": " + (j < coef.length ? "coefficient " + j : "intercept")
                                        + " against 1 partition");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Which of the coefficients (then the intercept) the reference determines. With regParam &gt; 0 the QP's
     * optimum is unique (the intercept except when no row lies strictly inside the margin's dual box, see the
     * script); with regParam 0 the script measures, per coordinate of the standardized solution, the largest move
     * along the LP's optimal face ({@code optimal_face_directions}, exact: a homogeneous cone at the solution): 0
     * means every optimum shares that coordinate. The original-scale intercept mixes all coordinates, so it is
     * determined only when every one is. Separable data: LinearSVC picks the maximum-margin separator among the
     * zero-loss optima, which is unique; the script gives it ({@code max_margin_separator}).
     */
    static boolean[] uniqueCoordinates(JsonNode v, int d) {
        boolean[] unique = new boolean[d + 1];
        if (v.get("regParam").asDouble() > 0) {
            Arrays.fill(unique, true);
            unique[d] = v.get("intercept_unique").asBoolean();
            return unique;
        }
        if (!v.get("max_margin_separator").isNull()) {
            Arrays.fill(unique, true);
            return unique;
        }
        JsonNode dirs = v.get("optimal_face_directions");
        boolean all = true;
        for (int j = 0; j <= d; j++) {
            boolean fixed = dirs.get(j).asDouble() <= 1e-9;
            all &= fixed;
            if (j < d) {
                unique[j] = fixed;
            }
        }
        unique[d] = all;
        return unique;
    }

    /** The objective of the model's coefficients, recomputed here from its margins and the reference's sds. */
    static double objective(JsonNode ref, Frame data, LinearSVCModel m, double reg, boolean standardization) {
        Frame out = m.transform(data);
        double[][] raw = out.collectVectors("rawPrediction");
        double[] y = out.collectDoubles("label");
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
            loss += Math.max(0, 1 - (2 * y[i] - 1) * raw[i][1]);
        }
        double penalty = 0;
        double[] coef = m.coefficients();
        for (int j = 0; j < coef.length; j++) {
            double sd = ref.get("sd").get(j).asDouble();
            double theta = standardization ? coef[j] * sd : coef[j];
            penalty += 0.5 * reg * theta * theta;
        }
        return loss / y.length + penalty;
    }

    static Frame load(JsonNode ref, int partitions, String elementType) {
        return load(runtime, ref, partitions, elementType);
    }

    static Frame load(Runtime rt, JsonNode ref, int partitions, String elementType) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(partitions)
            .read(TestData.dataset(ref.get("dataset").asText()));
        String[] features = new String[ref.get("features").size()];
        for (int j = 0; j < features.length; j++) {
            features[j] = ref.get("features").get(j).asText();
        }
        Frame assembled = new VectorAssembler().inputCols(features).with(VectorAssembler.ELEMENT_TYPE, elementType)
            .transform(raw);
        return new StringIndexer().inputCol(ref.at("/label/column").asText()).outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled).transform(assembled).cache();
    }

    static JsonNode reference(String name) {
        try (InputStream in = LinearSVCReferenceTest.class.getResourceAsStream("/reference/" + name)) {
            assertTrue(in != null, "reference file " + name + " not found");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
