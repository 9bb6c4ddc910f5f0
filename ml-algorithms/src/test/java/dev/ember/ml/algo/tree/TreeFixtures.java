package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.TestData;

import java.util.ArrayList;
import java.util.List;

/** Real datasets as tree inputs: numeric columns assembled, the label indexed alphabetically. */
final class TreeFixtures {
    private TreeFixtures() {
    }

    /**
     * @param runtime the runtime
     * @param dataset a file of the shared data sets
     * @param labelCol its label column
     * @param partitions the partitioning
     * @param elementType float or double
     * @param indexLabel whether to index the label (classification) or use it as is
     * @return features, label (and every original column), cached
     */
    static Frame load(Runtime runtime, String dataset, String labelCol, int partitions, String elementType,
                      boolean indexLabel) {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(partitions).read(TestData.dataset(dataset));
        Frame assembled = new VectorAssembler().inputCols(raw.schema().fields().stream()
                .filter(f -> f.type().isNumeric() && !f.name().equals(labelCol)).map(Field::name)
                .toArray(String[]::new))
            .with(VectorAssembler.ELEMENT_TYPE, elementType).transform(raw);
        if (!indexLabel) {
            return assembled.withColumn("label", "CAST(" + quote(labelCol) + " AS DOUBLE)").cache();
        }
        return new StringIndexer().inputCol(labelCol).outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled).transform(assembled).cache();
    }

    /**
     * The split of the reference scripts: rows with index % 4 == 0 are the test set.
     *
     * @return {train, test}, each in {@code partitions} partitions of columns features and label
     */
    static Frame[] split(Runtime runtime, String dataset, String labelCol, int partitions, String elementType) {
        Rows all = rows(runtime, dataset, labelCol);
        List<double[]> trainX = new ArrayList<>();
        List<double[]> testX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>();
        List<Double> testY = new ArrayList<>();
        for (int i = 0; i < all.y().length; i++) {
            (i % 4 == 0 ? testX : trainX).add(all.x()[i]);
            (i % 4 == 0 ? testY : trainY).add(all.y()[i]);
        }
        return new Frame[] {frame(runtime, trainX, trainY, partitions, elementType),
            frame(runtime, testX, testY, partitions, elementType)};
    }

    /** A dataset's numeric columns and its label indexed as the scripts do (sorted distinct values). */
    record Rows(double[][] x, double[] y) {
        Frame frame(Runtime runtime, int partitions, String elementType) {
            return TreeFixtures.frame(runtime, List.of(x), java.util.Arrays.stream(y).boxed().toList(), partitions,
                elementType);
        }
    }

    static Rows rows(Runtime runtime, String dataset, String labelCol) {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(1).read(TestData.dataset(dataset));
        Frame assembled = new VectorAssembler().inputCols(raw.schema().fields().stream()
                .filter(f -> f.type().isNumeric() && !f.name().equals(labelCol)).map(Field::name)
                .toArray(String[]::new))
            .with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
        double[][] x = assembled.collectVectors("features");
        List<String> labels = raw.schema().field(labelCol).type() == DataType.STRING
            ? raw.collectStrings(labelCol)
            : java.util.Arrays.stream(raw.collectDoubles(labelCol)).mapToObj(v -> Long.toString((long) v)).toList();
        List<String> sorted = new java.util.TreeSet<>(labels).stream().toList();
        double[] y = labels.stream().mapToDouble(sorted::indexOf).toArray();
        return new Rows(x, y);
    }

    /** @return rows as a frame of features and label in {@code partitions} contiguous partitions */
    static Frame frame(Runtime runtime, List<double[]> x, List<Double> y, int partitions, String elementType) {
        List<Partition> parts = new ArrayList<>();
        int n = y.size();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            double[][] px = x.subList(from, to).toArray(double[][]::new);
            double[] py = y.subList(from, to).stream().mapToDouble(Double::doubleValue).toArray();
            parts.add(new Partition(p, List.of(ColumnBuilder.ofVectors("features",
                elementType.equals("float") ? DataType.FLOAT : DataType.DOUBLE, px),
                ColumnBuilder.ofDoubles("label", py)), to - from));
        }
        return Frame.of(runtime, parts);
    }

    /** @return the frame with one more double column, split as the frame's partitions */
    static Frame withDoubleColumn(Runtime runtime, Frame frame, String name, double[] values) {
        List<Partition> parts = new ArrayList<>();
        int at = 0;
        for (int p = 0; p < frame.numPartitions(); p++) {
            try (var ref = frame.partition(p)) {
                Partition part = ref.partition();
                int n = part.numRows();
                List<dev.ember.ml.core.data.Column> cols = new ArrayList<>();
                for (dev.ember.ml.core.data.Column c : part.columns()) {
                    cols.add(c.share());
                }
                cols.add(ColumnBuilder.ofDoubles(name, java.util.Arrays.copyOfRange(values, at, at + n)));
                parts.add(new Partition(p, cols, n));
                at += n;
            }
        }
        return Frame.of(runtime, parts);
    }

    private static String quote(String c) {
        return "\"" + c + "\"";
    }
}
