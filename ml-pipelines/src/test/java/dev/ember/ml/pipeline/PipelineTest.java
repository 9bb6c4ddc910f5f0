package dev.ember.ml.pipeline;

import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineTest {
    private static final String[] IRIS = {"sepal_length", "sepal_width", "petal_length", "petal_width"};

    @Test
    void shouldFitStagesInOrderAndRoundTrip(@TempDir Path tmp) {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame iris = CsvReader.builder().runtime(rt).numPartitions(3).read(TestData.dataset("iris.csv"));
            Pipeline p = new Pipeline(new VectorAssembler().inputCols(IRIS).with(VectorAssembler.ELEMENT_TYPE,
                "double"), new StandardScaler().with(StandardScaler.WITH_MEAN, true).outputCol("z"));
            PipelineModel m = p.fit(iris);
            assertEquals(2, m.stages().size());
            Frame out = m.transform(iris);
            assertEquals(p.transformSchema(iris.schema()), out.schema());
            double[][] z = out.collectVectors("z");
            double sum = 0;
            for (double[] row : z) {
                sum += row[2];
            }
            assertEquals(0, sum / z.length, 1e-12, "scaled petal_length must be centred");
            assertEquals(150, m.provenance().data().rowCount());
            assertEquals(150, m.stage(StandardScalerModel.class).provenance().data().rowCount());
            StageContract.assertTransformRoundTrip(m, iris, tmp.resolve("model"), 0.0);
            StageContract.assertRoundTrip(p, tmp.resolve("pipeline"));
        }
    }

    @Test
    void shouldRejectABadStageBeforeReadingAnyData() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Schema schema = CsvReader.inferSchema(TestData.dataset("iris.csv"));
            Frame untouchable = new Frame(new FailingSource(schema), rt);
            Pipeline p = new Pipeline(new VectorAssembler().inputCols(IRIS),
                new StandardScaler().inputCol("no_such_column"));
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> p.fit(untouchable));
            assertTrue(e.getMessage().contains("StandardScaler_")
                && e.getMessage().contains("column 'no_such_column' not found"), e.getMessage());
        }
    }

    @Test
    void shouldCheckAPipelineWhoseWidthsAreKnownOnlyAfterFitting() {
        Schema schema = CsvReader.inferSchema(TestData.dataset("iris.csv"));
        Pipeline p = new Pipeline(
            new dev.ember.ml.algo.feature.StringIndexer().inputCol("species").outputCol("label"),
            new dev.ember.ml.algo.feature.OneHotEncoder()
                .with(dev.ember.ml.algo.feature.OneHotEncoder.INPUT_COLS, new String[] {"label"})
                .with(dev.ember.ml.algo.feature.OneHotEncoder.OUTPUT_COLS, new String[] {"species_vec"}),
            new VectorAssembler().inputCols("sepal_length", "species_vec").outputCol("features"),
            new dev.ember.ml.algo.classification.LogisticRegression().with(
                dev.ember.ml.algo.classification.LogisticRegression.LABEL_COL, "label"));
        Schema out = p.transformSchema(schema);
        assertTrue(out.field("features").hasUnknownWidth(), out.toString());
        assertTrue(out.field("probability").hasUnknownWidth(), out.toString());
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame iris = CsvReader.builder().runtime(rt).read(TestData.dataset("iris.csv"));
            Frame scored = p.fit(iris).transform(iris);
            assertEquals(3, scored.schema().field("features").vectorSize(), "1 measurement + 2 one-hot (dropLast)");
            assertEquals(3, scored.schema().field("probability").vectorSize());
        }
    }

    /** A source that fails if anything reads it. */
    private record FailingSource(Schema schema) implements PartitionSource {
        @Override
        public String id() {
            return "failing";
        }

        @Override
        public int numPartitions() {
            return 1;
        }

        @Override
        public Partition compute(int index, PartitionResolver resolver) {
            throw new AssertionError("data was read before the schemas were checked");
        }

        @Override
        public List<PartitionSource> parents() {
            return List.of();
        }

        @Override
        public String describe() {
            return "failing";
        }
    }
}
