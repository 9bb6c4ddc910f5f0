package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.TestData;

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

    private static String quote(String c) {
        return "\"" + c + "\"";
    }
}
