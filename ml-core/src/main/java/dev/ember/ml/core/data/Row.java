package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row read back to the heap ({@link Frame#head(int)}), for looking at data and for tests. Values are boxed:
 * {@link Double}, {@link Float}, {@link Long}, {@link Integer}, {@link Boolean}, {@link String}, {@link Instant}
 * for timestamps, {@code double[]} for vectors, and {@code null} for nulls.
 */
public final class Row {
    private final Schema schema;
    private final Object[] values;

    Row(Schema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    /** @return the schema of the row */
    public Schema schema() {
        return schema;
    }

    /** @return the number of values */
    public int size() {
        return values.length;
    }

    /**
     * @param i a position
     * @return the value there, or null
     */
    public Object get(int i) {
        Object v = values[i];
        return v instanceof double[] d ? d.clone() : v;
    }

    /**
     * @param name a column name
     * @return its value, or null
     * @throws InvalidArgumentException if the column does not exist
     */
    public Object get(String name) {
        return get(schema.indexOf(name));
    }

    /**
     * @param name a numeric column
     * @return its value as a double, NaN for null
     */
    public double getDouble(String name) {
        Object v = get(name);
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new InvalidArgumentException("column '" + name + "': found " + v.getClass().getSimpleName()
            + ", expected a number");
    }

    /** @return the values in schema order (vectors as lists) */
    public List<Object> values() {
        Object[] out = new Object[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] instanceof double[] d ? Arrays.stream(d).boxed().toList() : values[i];
        }
        return Arrays.asList(out);
    }

    static Object value(Column c, int r) {
        if (c.isNull(r)) {
            return null;
        }
        return switch (c.type()) {
            case DOUBLE -> c.getDouble(r);
            case FLOAT -> (float) c.getDouble(r);
            case LONG -> c.getLong(r);
            case INT -> c.getInt(r);
            case BOOLEAN -> c.getBoolean(r);
            case STRING -> c.getString(r);
            case TIMESTAMP -> {
                long micros = c.getLong(r);
                yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000L);
            }
            case VECTOR -> {
                double[] v = new double[c.vectorSize()];
                c.getVector(r, v);
                yield v;
            }
        };
    }

    /**
     * @param v a value as held in a row
     * @return its text for {@code show()} and {@link #toString()}
     */
    static String text(Object v) {
        return v == null ? "null" : v instanceof double[] d ? Arrays.toString(d) : v.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.schema.equals(schema) && Arrays.deepEquals(r.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, Arrays.deepHashCode(values));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Row(");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(schema.field(i).name()).append('=').append(text(values[i]));
        }
        return sb.append(')').toString();
    }
}
