package dev.ember.ml.onnx;

import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime (Java) predicts what Ember predicts, to 1e-6, for every case of {@link ParityCases}. */
class OnnxRuntimeParityTest {
    static final double TOL = 1e-6;
    private static Runtime rt;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Seeds.announce("OnnxRuntimeParityTest", ParityCases.SEED);
        rt = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    /** Every case with float and double blocks, on 1, 4 or 7 partitions in turn. */
    static Stream<Arguments> cases() {
        int[] partitions = {1, 4, 7};
        return java.util.stream.IntStream.range(0, ParityCases.ALL.size()).boxed().flatMap(i -> Stream.of(
            Arguments.of(ParityCases.ALL.get(i), "float", partitions[i % 3]),
            Arguments.of(ParityCases.ALL.get(i), "double", partitions[(i + 1) % 3])));
    }

    @ParameterizedTest(name = "{0} {1} on {2} partitions")
    @MethodSource("cases")
    void shouldPredictWhatEmberPredictsWhenOnnxRuntimeRunsTheExportedPipeline(String name, String elementType,
                                                                               int partitions) throws Exception {
        ParityCases.Fitted f = ParityCases.fit(name, elementType, partitions, rt, tmp);
        OnnxModel onnx = OnnxExport.of(f.model(), f.data().schema()).export();
        if (System.getProperty("onnx.dump") != null) {
            onnx.write(Path.of(System.getProperty("onnx.dump"), name + "_" + elementType + ".onnx"));
        }
        assertTrue(!onnx.inputs().contains("label"), name + ": the graph reads no label, inputs " + onnx.inputs());
        Map<String, double[][]> out = OrtRunner.run(onnx, f.data());
        assertEquals(onnx.outputs(), java.util.List.copyOf(out.keySet()), name + ": outputs");
        for (String column : onnx.outputs()) {
            assertClose(name + " " + elementType + " " + partitions + "p " + column, expected(f, column),
                out.get(column));
        }
    }

    static double[][] expected(ParityCases.Fitted f, String column) {
        if (f.predicted().schema().field(column).type() == dev.ember.ml.core.data.DataType.VECTOR) {
            return f.predicted().collectVectors(column);
        }
        double[] v = f.predicted().collectDoubles(column);
        double[][] rows = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            rows[i] = new double[] {v[i]};
        }
        return rows;
    }

    /** Each value within {@link #TOL} relative to {@code max(1, |ember|)}, with the first miss named. */
    static void assertClose(String what, double[][] ember, double[][] onnx) {
        assertEquals(ember.length, onnx.length, what + ": rows");
        double worst = 0;
        for (int r = 0; r < ember.length; r++) {
            assertEquals(ember[r].length, onnx[r].length, what + ": width of row " + r);
            for (int j = 0; j < ember[r].length; j++) {
                double err = Math.abs(ember[r][j] - onnx[r][j]) / Math.max(1, Math.abs(ember[r][j]));
                worst = Math.max(worst, err);
                if (!(err <= TOL)) {
                    throw new AssertionError(what + ": row " + r + " slot " + j + ": Ember " + ember[r][j]
                        + ", ONNX Runtime " + onnx[r][j]);
                }
            }
        }
        System.out.printf("%s: %d rows, largest relative difference %.3g%n", what, ember.length, worst);
    }
}
