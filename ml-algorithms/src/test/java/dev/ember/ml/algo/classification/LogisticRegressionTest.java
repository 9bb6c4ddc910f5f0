package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticRegressionTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** breast_cancer with label = 1 for malignant, features as a double block. */
    static Frame breastCancer(Runtime rt, int partitions) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(partitions)
            .read(TestData.dataset("breast_cancer.csv"));
        Frame assembled = new VectorAssembler()
            .inputCols(raw.schema().fields().stream().filter(f -> f.type().isNumeric()).map(Field::name)
                .toArray(String[]::new))
            .with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
        StringIndexerModel labels = new StringIndexer().inputCol("diagnosis").outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled);
        assertEquals(List.of("benign", "malignant"), labels.labels());
        return labels.transform(assembled).cache();
    }

    @Test
    void shouldAgreeAcrossPartitionings() {
        double[] reference = null;
        for (int partitions : new int[] {1, 4, 16}) {
            LogisticRegressionModel m = new LogisticRegression().regParam(0.01).tol(1e-10).maxIter(500)
                .fit(breastCancer(runtime, partitions));
            double[] coef = m.coefficients();
            if (reference == null) {
                reference = coef;
            }
            for (int j = 0; j < coef.length; j++) {
                assertEquals(reference[j], coef[j], 1e-6 * Math.max(1, Math.abs(reference[j])),
                    partitions + " partitions, coefficient " + j);
            }
        }
    }

    @Test
    void shouldPredictWellAndRoundTrip(@TempDir Path tmp) {
        Frame data = breastCancer(runtime, 3);
        LogisticRegressionModel m = new LogisticRegression().regParam(0.01).fit(data);
        double[] pred = m.transform(data).collectDoubles("prediction");
        double[] label = data.collectDoubles("label");
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            correct += pred[i] == label[i] ? 1 : 0;
        }
        assertTrue(correct / (double) pred.length > 0.95, "training accuracy " + correct / (double) pred.length);
        double[] history = m.summary().objectiveHistory();
        assertTrue(history.length > 1 && history[history.length - 1] < history[0], "loss must decrease");
        StageContract.checkParams(m);
        StageContract.assertTransformRoundTrip(m, data, tmp.resolve("model"), 0.0);
    }

    @Test
    void shouldRejectLabelsThatAreNotClassIndices() {
        ColumnBuilder x = new ColumnBuilder(Field.vector("features", 1, DataType.DOUBLE), 3);
        ColumnBuilder y = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), 3);
        for (double v : new double[] {0, 1, 2.5}) {
            x.appendVector(new double[] {v});
            y.appendDouble(v);
        }
        Frame f = Frame.of(runtime, List.of(new Partition(0, List.of(x.build(), y.build()))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new LogisticRegression().fit(f));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("2.5")
            && e.getMessage().contains("class index"), e.getMessage());
    }
}
