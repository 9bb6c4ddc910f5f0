package dev.ember.ml.registry;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.TestData;

import java.util.Arrays;

/** Training data for the tracking tests: a real dataset from the project's shared data. */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * @param rt the runtime
     * @return breast_cancer.csv with the 30 measurements as a {@code features} vector, {@code label} 1 for malignant
     *     and the raw measurement columns (a {@code mean_radius} double column among them), cached
     */
    public static Frame breastCancer(Runtime rt) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(3).read(TestData.dataset("breast_cancer.csv"));
        Frame assembled = new VectorAssembler()
            .inputCols(raw.schema().fields().stream().filter(f -> f.type().isNumeric()).map(Field::name)
                .toArray(String[]::new))
            .with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
        return new StringIndexer().inputCol("diagnosis").outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled).transform(assembled).cache();
    }

    /**
     * @param a one frame
     * @param b another
     * @param column a vector or numeric column both have
     * @return whether the column's values are identical, row by row
     */
    public static boolean sameValues(Frame a, Frame b, String column) {
        if (a.schema().field(column).type() == dev.ember.ml.core.data.DataType.VECTOR) {
            return Arrays.deepEquals(a.collectVectors(column), b.collectVectors(column));
        }
        return Arrays.equals(a.collectDoubles(column), b.collectDoubles(column));
    }
}
