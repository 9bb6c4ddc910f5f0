package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.optim.LinearObjective;
import dev.ember.ml.algo.optim.LossKernels;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The first evaluation of a cold-started logistic regression (zero coefficients, log-odds intercepts) computed
 * from the summary's class weights and per-class feature sums equals a real pass of the loss kernel at that point.
 */
class StartingPointTest {

    @ParameterizedTest(name = "{0} ({1}, {2} partitions)")
    @CsvSource({
        "breast_cancer.csv, diagnosis, double, 1",
        "breast_cancer.csv, diagnosis, float, 4",
        "iris.csv, species, double, 3",
        "wine.csv, cultivar, float, 7",
        "vehicle.csv, Class, double, 4"
    })
    void shouldEqualAPassAtTheColdStart(String file, String labelColumn, String elementType, int partitions) {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(partitions).read(TestData.dataset(file));
            Frame assembled = new VectorAssembler()
                .inputCols(raw.schema().fields().stream().filter(f -> f.type().isNumeric()).map(Field::name)
                    .toArray(String[]::new))
                .with(VectorAssembler.ELEMENT_TYPE, elementType).transform(raw);
            Frame data = new StringIndexer().inputCol(labelColumn).outputCol("label").fit(assembled)
                .transform(assembled).cache();
            Summarizer.Summary s = Summarizer.summarizeClasses(data, "features", "label", null, 2);
            double[] classWeights = s.labels().weights();
            int classes = classWeights.length;
            int k = classes > 2 ? classes : 1;
            int d = s.features().width();
            KernelParams params = KernelParams.builder().put("featuresCol", "features").put("labelCol", "label")
                .build();
            LinearObjective pass = objective(data, params, k, s);
            LinearObjective free = objective(data, params, k, s);
            double[] x0 = new double[pass.dimension()];
            if (k == 1) {
                x0[d] = Math.log(classWeights[1] / classWeights[0]);
            } else {
                double meanLog = 0;
                for (double w : classWeights) {
                    meanLog += Math.log(w) / classes;
                }
                for (int c = 0; c < k; c++) {
                    x0[k * d + c] = Math.log(classWeights[c]) - meanLog;
                }
            }
            free.startingAt(x0, StartingPoint.lossSums(free.effective(x0), k, d, classWeights,
                s.classFeatureSums(), s.features().weightSum()));
            double[] g1 = new double[x0.length];
            double[] g2 = new double[x0.length];
            double v1 = pass.valueAndGradient(x0, g1);
            double v2 = free.valueAndGradient(x0, g2);
            assertEquals(1, pass.evaluations());
            assertEquals(0, free.evaluations(), "the starting point costs no pass");
            assertEquals(v1, v2, 1e-12 * Math.abs(v1), "objective");
            double scale = 0;
            for (double g : g1) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int i = 0; i < g1.length; i++) {
                assertEquals(g1[i], g2[i], 1e-10 * scale, "gradient " + i);
            }
        }
    }

    private static LinearObjective objective(Frame data, KernelParams params, int k, Summarizer.Summary s) {
        return new LinearObjective(data, k == 1 ? LossKernels.binaryLogisticKernel() : LossKernels.multinomialKernel(),
            params, k, s.features().mean(), s.features().std(), true, 0.01, true, 2);
    }
}
