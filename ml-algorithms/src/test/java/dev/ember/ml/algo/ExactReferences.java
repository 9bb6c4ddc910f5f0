package dev.ember.ml.algo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.TestData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exact optima of {@code src/test/resources/reference/exact/} (made by {@code exact_references.py}: proximal
 * Newton and active-set Newton with KKT residuals below 1e-12) and what a fitted model is compared with them by.
 *
 * <p>Tolerances (issue 9): coefficients and intercepts within 2e-3 relative, or 1e-4 absolute where that is
 * larger (near zero); the identical set of exact zeros; probabilities (or predictions) on the sample rows within
 * 1e-4; ordinary least squares within 1e-6 relative.
 */
public final class ExactReferences {
    /** Relative tolerance of coefficients and intercepts. */
    public static final double COEFFICIENT_REL = 2e-3;
    /** Absolute tolerance of coefficients near zero. */
    public static final double COEFFICIENT_ABS = 1e-4;
    /** Absolute tolerance of the sample probabilities. */
    public static final double PROBABILITY_ABS = 1e-4;
    /** Relative tolerance of ordinary least squares. */
    public static final double OLS_REL = 1e-6;

    private ExactReferences() {
    }

    /**
     * @param file a file name under {@code /reference/exact/}
     * @return its JSON
     */
    public static JsonNode load(String file) {
        try (InputStream in = ExactReferences.class.getResourceAsStream("/reference/exact/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("reference file /reference/exact/" + file + " not found");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a reference file
     * @param id a case id in it
     * @return the case
     */
    public static JsonNode find(JsonNode file, String id) {
        for (JsonNode c : file.get("cases")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("case " + id + " not in the reference file of " + file.get("dataset"));
    }

    /**
     * @param file a reference file
     * @return the ids of its cases, in file order
     */
    public static List<String> ids(JsonNode file) {
        List<String> out = new ArrayList<>();
        file.get("cases").forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    /**
     * Reads a dataset as the reference script does: the label column read as a string and indexed in ascending
     * string order (classification), or as a double under its own name (regression); the
     * features are the other numeric columns in file order, assembled into one block of {@code elementType}.
     *
     * @param runtime the runtime
     * @param dataset the CSV file name
     * @param label the label column
     * @param classification whether the label is a class
     * @param partitions the number of partitions
     * @param elementType "float" or "double"
     * @return the cached frame with "features" and "label" (classification) or the label column
     */
    public static Frame prepare(Runtime runtime, String dataset, String label, boolean classification,
                                int partitions, String elementType) {
        Path path = TestData.dataset(dataset);
        Schema inferred = CsvReader.inferSchema(path);
        List<Field> fields = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (Field f : inferred.fields()) {
            if (f.name().equals(label)) {
                fields.add(Field.of(f.name(), classification ? DataType.STRING : DataType.DOUBLE, false));
            } else {
                fields.add(f);
                if (f.type().isNumeric()) {
                    features.add(f.name());
                }
            }
        }
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(partitions).schema(new Schema(fields))
            .read(path);
        Frame assembled = new VectorAssembler().inputCols(features.toArray(String[]::new)).outputCol("features")
            .with(VectorAssembler.ELEMENT_TYPE, elementType).transform(raw);
        if (!classification) {
            return assembled.cache();
        }
        return new StringIndexer().inputCol(label).outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled).transform(assembled).cache();
    }

    /**
     * Compares a fit with a reference case and describes every difference; nothing here asserts.
     *
     * <p>A float32 block is compared with the optimum on the float32-rounded data (the case's {@code float32}
     * solution, when rounding changes the data): that optimum differs from the float64 one by the rounding of
     * the data, not by any solver.
     *
     * @param ref the reference case
     * @param elementType the feature block's element type, "float" or "double"
     * @param coefficients the fitted coefficients, K x d (one row for binomial and linear)
     * @param intercepts the fitted intercepts (K, or 1)
     * @param objective the fit's final objective
     * @param family "binomial", "multinomial" or "linear"
     * @return the comparison
     */
    public static Comparison compare(JsonNode ref, String elementType, double[][] coefficients,
                                     double[] intercepts, double objective, String family) {
        boolean rounded = "float".equals(elementType);
        JsonNode solution = rounded && ref.get("float32").isObject() ? ref.get("float32") : ref;
        boolean ols = "linear".equals(family) && ref.get("regParam").asDouble() == 0;
        return compare(ref, solution, rounded, ols, coefficients, intercepts, objective, family);
    }

    private static Comparison compare(JsonNode ref, JsonNode solution, boolean rounded, boolean ols,
                                      double[][] coefficients, double[] intercepts, double objective,
                                      String family) {
        double[][] expected = matrix(solution.get("coefficients"), family);
        double[] expectedIntercepts = solution.get("intercepts").isArray() ? doubles(solution.get("intercepts"))
            : new double[] {solution.get("intercepts").asDouble()};
        boolean identified = solution.get("coefficients_identified").asBoolean();
        double worstCoef = 0;
        String worstWhere = "-";
        int zeroMismatches = 0;
        double maxRel = 0;
        for (int c = 0; c < expected.length; c++) {
            for (int j = 0; j < expected[c].length; j++) {
                double e = expected[c][j];
                double a = coefficients[c][j];
                double ratio = Math.abs(a - e) / allowed(e, ols);
                if (ratio > worstCoef) {
                    worstCoef = ratio;
                    worstWhere = (expected.length > 1 ? "class " + c + " " : "") + "coefficient " + j + ": " + a
                        + " vs " + e;
                }
                if (Math.abs(e) > COEFFICIENT_ABS) {
                    maxRel = Math.max(maxRel, Math.abs(a - e) / Math.abs(e));
                }
                if ((e == 0) != (a == 0)) {
                    zeroMismatches++;
                }
            }
        }
        for (int c = 0; c < expectedIntercepts.length; c++) {
            double ratio = Math.abs(intercepts[c] - expectedIntercepts[c]) / allowed(expectedIntercepts[c], ols);
            if (ratio > worstCoef) {
                worstCoef = ratio;
                worstWhere = "intercept " + c + ": " + intercepts[c] + " vs " + expectedIntercepts[c];
            }
        }
        double worstPrediction = predictionError(ref.get("sample_features"), solution, rounded, coefficients,
            intercepts, family);
        double predictionLimit = "linear".equals(family) ? predictionLimit(solution, ols) : PROBABILITY_ABS;
        double optimum = solution.get("objective").asDouble();
        double gap = (objective - optimum) / Math.abs(optimum);
        return new Comparison(identified, worstCoef, worstWhere, maxRel, zeroMismatches,
            solution.get("num_zero_coefficients").asInt(), worstPrediction, predictionLimit, gap);
    }

    private static double allowed(double expected, boolean ols) {
        return ols ? OLS_REL * Math.abs(expected) + 1e-12 : Math.max(COEFFICIENT_REL * Math.abs(expected),
            COEFFICIENT_ABS);
    }

    private static double predictionLimit(JsonNode ref, boolean ols) {
        double scale = 0;
        for (JsonNode p : ref.get("sample_predictions")) {
            scale = Math.max(scale, Math.abs(p.asDouble()));
        }
        return (ols ? OLS_REL : COEFFICIENT_REL) * scale;
    }

    private static double predictionError(JsonNode rows, JsonNode solution, boolean rounded,
                                          double[][] coefficients, double[] intercepts, String family) {
        JsonNode expected = "linear".equals(family) ? solution.get("sample_predictions")
            : solution.get("sample_probabilities");
        double worst = 0;
        for (int r = 0; r < rows.size(); r++) {
            double[] x = doubles(rows.get(r));
            if (rounded) {
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) x[j];
                }
            }
            double[] m = new double[coefficients.length];
            for (int c = 0; c < m.length; c++) {
                m[c] = intercepts[c];
                for (int j = 0; j < x.length; j++) {
                    m[c] += coefficients[c][j] * x[j];
                }
            }
            switch (family) {
                case "linear" -> worst = Math.max(worst, Math.abs(m[0] - expected.get(r).asDouble()));
                case "binomial" -> worst = Math.max(worst,
                    Math.abs(1 / (1 + Math.exp(-m[0])) - expected.get(r).asDouble()));
                default -> {
                    double max = java.util.Arrays.stream(m).max().orElse(0);
                    double sum = 0;
                    for (int c = 0; c < m.length; c++) {
                        m[c] = Math.exp(m[c] - max);
                        sum += m[c];
                    }
                    double[] e = doubles(expected.get(r));
                    for (int c = 0; c < m.length; c++) {
                        worst = Math.max(worst, Math.abs(m[c] / sum - e[c]));
                    }
                }
            }
        }
        return worst;
    }

    private static double[][] matrix(JsonNode node, String family) {
        if (!"multinomial".equals(family)) {
            return new double[][] {doubles(node)};
        }
        double[][] out = new double[node.size()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = doubles(node.get(c));
        }
        return out;
    }

    /**
     * @param a a JSON array of numbers
     * @return its values
     */
    public static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    /**
     * How a fit compares with an exact optimum.
     *
     * @param identified whether the reference's coefficients are unique (else only probabilities count)
     * @param worstCoefficientRatio the largest error of a coefficient or intercept over its tolerance
     * @param worstCoefficient which one, with both values
     * @param maxRelativeError the largest relative error over the reference coefficients above 1e-4 in size
     * @param zeroMismatches coefficients that are zero in one and not in the other
     * @param referenceZeros the reference's number of zero coefficients
     * @param worstPredictionError the largest probability (or prediction) error on the sample rows
     * @param predictionLimit its tolerance
     * @param objectiveGap the fit's objective minus the optimum, relative to the optimum
     */
    public record Comparison(boolean identified, double worstCoefficientRatio, String worstCoefficient,
                             double maxRelativeError, int zeroMismatches, int referenceZeros,
                             double worstPredictionError, double predictionLimit, double objectiveGap) {
        /** @return whether every tolerance holds */
        public boolean passes() {
            return predictionsPass() && (!identified || (worstCoefficientRatio <= 1 && zeroMismatches == 0));
        }

        /** @return whether the sample predictions are within their tolerance */
        public boolean predictionsPass() {
            return worstPredictionError <= predictionLimit;
        }

        /** @return one line with every figure */
        public String describe() {
            return String.format(Locale.ROOT, "%s coefErr/tol %.3g (max rel %.3g; worst %s) zeroMismatch %d of %d "
                    + "refZeros, predErr %.3g (tol %.1g), objective gap %.3g%s", passes() ? "PASS" : "FAIL",
                worstCoefficientRatio, maxRelativeError, worstCoefficient, zeroMismatches, referenceZeros,
                worstPredictionError, predictionLimit, objectiveGap, identified ? "" : " (coefficients not unique)");
        }
    }
}
