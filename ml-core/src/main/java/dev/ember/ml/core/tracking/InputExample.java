package dev.ember.ml.core.tracking;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.PartitionRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A few input rows saved with a logged model (MLflow's {@code input_example.json}, pandas "split" layout).
 * Values are plain JSON-able objects: {@code Double}, {@code Long}, {@code Integer}, {@code Boolean},
 * {@code String} (timestamps as ISO-8601 text), {@code List<Double>} for vectors, and null for nulls and NaN.
 *
 * @param columns the column names, in order
 * @param rows the rows, each as long as {@code columns}
 */
public record InputExample(List<String> columns, List<List<Object>> rows) {

    /** Copies the lists and checks the row widths. */
    public InputExample {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new InvalidArgumentException("input example row has " + r.size() + " values, expected "
                    + columns.size() + " (one per column)");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /**
     * Reads the first rows of a frame's first partition (computing that partition if it is not cached).
     *
     * @param frame the frame
     * @param maxRows how many rows at most
     * @return the example
     */
    public static InputExample of(Frame frame, int maxRows) {
        List<String> names = frame.schema().names();
        List<List<Object>> rows = new ArrayList<>();
        if (frame.numPartitions() == 0 || maxRows <= 0) {
            return new InputExample(names, rows);
        }
        try (PartitionRef ref = frame.partition(0)) {
            int n = Math.min(maxRows, ref.partition().numRows());
            List<Column> cols = ref.partition().columns();
            for (int r = 0; r < n; r++) {
                List<Object> row = new ArrayList<>(cols.size());
                for (Column c : cols) {
                    row.add(value(c, r));
                }
                rows.add(row);
            }
        }
        return new InputExample(names, rows);
    }

    private static Object value(Column c, int r) {
        if (c.isNull(r)) {
            return null;
        }
        Field f = c.field();
        return switch (f.type()) {
            case DOUBLE, FLOAT -> finite(c.getDouble(r));
            case LONG -> c.getLong(r);
            case INT -> c.getInt(r);
            case BOOLEAN -> c.getBoolean(r);
            case STRING -> c.getString(r);
            case TIMESTAMP -> {
                long micros = c.getLong(r);
                yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000L).toString();
            }
            case VECTOR -> {
                double[] v = new double[c.vectorSize()];
                c.getVector(r, v);
                yield Arrays.stream(v).mapToObj(InputExample::finite).toList();
            }
        };
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
