package dev.ember.ml.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.registry.mlflow.MlflowModelFormat;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Models logged with the onnx flavor, run in Python from the project venv: ONNX's checker accepts them, and both
 * onnxruntime (directly) and {@code mlflow.pyfunc.load_model(...).predict(DataFrame)} predict what Ember predicts,
 * to 1e-6, on the CSV files the models were fitted on.
 */
@IntegrationTest
class OnnxPythonCrossCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A float and a double case per model family (the rest of the parity cases run in Java). */
    private static final List<String[]> CASES = List.of(
        new String[] {"breast_cancer_logistic", "float"},
        new String[] {"breast_cancer_holes_imputer", "double"},
        new String[] {"wine_multinomial", "double"},
        new String[] {"iris_forest", "float"},
        new String[] {"iris_species_onehot_linear", "double"},
        new String[] {"diabetes_gbt", "double"});

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldPredictWhatEmberPredictsWhenPythonLoadsTheLoggedOnnxFlavor(@TempDir Path tmp) throws Exception {
        Path python = TestData.python();
        assumeTrue(Files.isExecutable(python), "no project venv at " + python + "; run scripts/python-env.sh");
        Seeds.announce("OnnxPythonCrossCheckTest", ParityCases.SEED);
        Map<String, ParityCases.Fitted> fitted = new LinkedHashMap<>();
        ArrayNode cases = JSON.createArrayNode();
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            for (String[] c : CASES) {
                String name = c[0] + "_" + c[1];
                ParityCases.Fitted f = ParityCases.fit(c[0], c[1], rt, tmp);
                Path dir = tmp.resolve(name);
                // the signature lists the model's inputs only, the columns the graph reads (MLflow's pyfunc
                // refuses a DataFrame that lacks a signature column, such as the label)
                Schema inputs = f.data().schema().select(OnnxExport.of(f.model(), f.data().schema()).export()
                    .inputs());
                MlflowModelFormat.write(new ModelArtifact(f.model(), "model", inputs, null, null), "r1", dir);
                JsonNode flavors = MlflowModelFormat.readMlmodel(dir).path("flavors");
                assertTrue(flavors.has("ember") && flavors.has("onnx") && flavors.has("python_function"),
                    name + ": flavors " + flavors);
                assertEquals("mlflow.onnx", flavors.path("python_function").path("loader_module").asText());
                assertTrue(Files.isRegularFile(dir.resolve("model.onnx")), name + ": model.onnx");
                cases.addObject().put("name", name).put("model_dir", dir.toString()).put("csv", f.csv().toString());
                // Ember's outputs, collected before the runtime closes
                fitted.put(name, new ParityCases.Fitted(f.model(), f.data(), f.predicted(), f.csv()));
                expectations.put(name, expected(f));
            }
        }
        Path in = tmp.resolve("cases.json");
        Path out = tmp.resolve("out.json");
        JSON.writeValue(in.toFile(), cases);
        Path script = TestData.repoRoot().resolve("ml-onnx/src/test/resources/python/onnx_crosscheck.py");
        Process p = new ProcessBuilder(python.toString(), script.toString(), in.toString(), out.toString())
            .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "python cross-check failed:\n" + log);
        JsonNode result = JSON.readTree(out.toFile());
        for (String name : fitted.keySet()) {
            Map<String, double[]> want = expectations.get(name);
            JsonNode r = result.path(name);
            assertTrue(!r.path("inputs").toString().contains("\"label\""), name + ": inputs " + r.path("inputs"));
            for (String source : List.of("ort", "pyfunc")) {
                assertEquals(want.keySet(), keys(r.path(source)), name + " " + source + ": outputs");
                for (Map.Entry<String, double[]> e : want.entrySet()) {
                    assertClose(name + " " + source + " " + e.getKey(), e.getValue(), r.path(source).path(e.getKey()));
                }
            }
        }
    }

    private final Map<String, Map<String, double[]>> expectations = new LinkedHashMap<>();

    /** Ember's prediction and each probability slot, named as the flavor's outputs are. */
    static Map<String, double[]> expected(ParityCases.Fitted f) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("prediction", f.predicted().collectDoubles("prediction"));
        if (f.predicted().schema().contains("probability")
            && f.predicted().schema().field("probability").type() == DataType.VECTOR) {
            double[][] prob = f.predicted().collectVectors("probability");
            for (int j = 0; j < prob[0].length; j++) {
                double[] slot = new double[prob.length];
                for (int r = 0; r < prob.length; r++) {
                    slot[r] = prob[r][j];
                }
                out.put("probability_" + j, slot);
            }
        }
        return out;
    }

    private static java.util.Set<String> keys(JsonNode n) {
        java.util.Set<String> s = new java.util.LinkedHashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    private static void assertClose(String what, double[] ember, JsonNode values) {
        assertEquals(ember.length, values.size(), what + ": rows");
        double worst = 0;
        for (int r = 0; r < ember.length; r++) {
            double v = values.get(r).asDouble();
            double err = Math.abs(ember[r] - v) / Math.max(1, Math.abs(ember[r]));
            worst = Math.max(worst, err);
            if (!(err <= OnnxRuntimeParityTest.TOL)) {
                throw new AssertionError(what + ": row " + r + ": Ember " + ember[r] + ", Python " + v);
            }
        }
        System.out.printf("%s: %d rows, largest relative difference %.3g%n", what, ember.length, worst);
    }
}
