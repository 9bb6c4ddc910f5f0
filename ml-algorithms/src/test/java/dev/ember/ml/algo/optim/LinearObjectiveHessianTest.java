package dev.ember.ml.algo.optim;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.stat.ColumnSummary;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LinearObjective#hessian} (the {@link HessianKernels} pass) against central differences of the objective's
 * own gradient, for the squared, binary logistic and softmax losses, with and without an intercept and
 * standardization, on float blocks over 3 partitions (iris with 3 classes, breast_cancer with 2).
 */
class LinearObjectiveHessianTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** A dataset's numeric columns as a float32 block in 3 partitions, its string label indexed. */
    static Frame prepare(String dataset, String labelCol) {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(3).read(TestData.dataset(dataset));
        Frame assembled = new VectorAssembler().inputCols(raw.schema().fields().stream()
                .filter(f -> f.type().isNumeric()).map(Field::name).toArray(String[]::new))
            .with(VectorAssembler.ELEMENT_TYPE, "float").transform(raw);
        return new StringIndexer().inputCol(labelCol).outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled).transform(assembled).cache();
    }

    static void check(LinearObjective objective, SplittableRandom rnd, String what) {
        int n = objective.dimension();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian() * 0.5;
        }
        double[][] h = objective.hessian(x);
        double step = 1e-5;
        double worst = 0;
        double scale = 0;
        double[] gp = new double[n];
        double[] gm = new double[n];
        for (int j = 0; j < n; j++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += step;
            xm[j] -= step;
            objective.valueAndGradient(xp, gp);
            objective.valueAndGradient(xm, gm);
            for (int i = 0; i < n; i++) {
                double fd = (gp[i] - gm[i]) / (2 * step);
                worst = Math.max(worst, Math.abs(fd - h[i][j]));
                scale = Math.max(scale, Math.abs(h[i][j]));
            }
        }
        System.out.println(what + ": |H - finite differences| " + worst + " (largest entry " + scale + ")");
        assertTrue(worst <= 1e-6 * Math.max(1, scale), what + ": Hessian differs from finite differences by "
            + worst + " (largest entry " + scale + ")");
    }

    @Test
    void shouldMatchFiniteDifferencesOfTheGradient() {
        SplittableRandom rnd = new SplittableRandom(Seeds.announce("LinearObjectiveHessianTest", 31));
        Frame data = prepare("iris.csv", "species");
        ColumnSummary s = Summarizer.summarize(data, "features", "label", null, 2).features();
        KernelParams columns = KernelParams.builder().put("featuresCol", "features").put("labelCol", "label").build();
        for (boolean intercept : new boolean[] {true, false}) {
            for (boolean standardization : new boolean[] {true, false}) {
                String what = "intercept " + intercept + ", standardization " + standardization;
                check(new LinearObjective(data, LossKernels.multinomialKernel(), columns, 3, s.mean(), s.std(),
                    intercept, 0.01, standardization, 2), rnd, "softmax, " + what);
                check(new LinearObjective(data, LossKernels.leastSquaresKernel(), columns, 1, s.mean(), s.std(),
                    intercept, 0.01, standardization, 2, 0.7), rnd, "squared, " + what);
            }
        }
        Frame binary = prepare("breast_cancer.csv", "diagnosis");
        ColumnSummary sb = Summarizer.summarize(binary, "features", "label", null, 2).features();
        check(new LinearObjective(binary, LossKernels.binaryLogisticKernel(), columns, 1, sb.mean(), sb.std(), true,
            0.01, false, 2), rnd, "binary logistic");
    }
}
