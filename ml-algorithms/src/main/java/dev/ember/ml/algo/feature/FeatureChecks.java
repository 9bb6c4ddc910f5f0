package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.ParamValidator;

import java.util.Arrays;

/** Schema checks, param validators and row-error messages shared by the feature transformers. */
final class FeatureChecks {
    /** The scalar types read as numbers by the index, bucket and imputation stages. */
    static final DataType[] NUMERIC = {DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG};

    private FeatureChecks() {
    }

    /** @return accepts a finite double */
    static ParamValidator<Double> finite() {
        return new ParamValidator<>(Double::isFinite, "a finite number");
    }

    /** @return accepts a non-empty array */
    static ParamValidator<String[]> nonEmptyArray() {
        return new ParamValidator<>(a -> a.length > 0, "a non-empty list");
    }

    /**
     * @param schema the input schema
     * @param stage the stage's simple name, for messages
     * @param inputCols input columns, each of a {@link #NUMERIC} type
     * @param outputCols output columns, one per input, none in the schema
     * @throws InvalidArgumentException if the counts differ, a column is missing or mistyped, or an output exists
     */
    static void requireParallelNumericColumns(Schema schema, String stage, String[] inputCols, String[] outputCols) {
        if (inputCols.length != outputCols.length) {
            throw new InvalidArgumentException(stage + ": found " + inputCols.length + " inputCols "
                + Arrays.toString(inputCols) + " and " + outputCols.length + " outputCols "
                + Arrays.toString(outputCols) + ", expected one output column per input column");
        }
        for (String c : inputCols) {
            schema.require(c, NUMERIC);
        }
    }

    /**
     * @param schema a schema
     * @param column a vector column
     * @param fittedWidth the width the stage was fitted on
     * @return the column's field
     */
    static Field requireVectorOfWidth(Schema schema, String column, int fittedWidth) {
        Field in = schema.require(column, DataType.VECTOR);
        if (in.vectorSize() != fittedWidth) {
            throw new InvalidArgumentException("column '" + column + "': found width " + in.vectorSize()
                + ", expected " + fittedWidth + " (the width the stage was fitted on)");
        }
        return in;
    }

    /**
     * Refuses a vector column holding null rows: the stages that read whole vectors have no value to give them.
     *
     * @param stage the stage's simple name
     * @param c a vector column
     * @param partition the partition (its index and, when known, the file and line of its rows)
     */
    static void requireNoNullRows(String stage, Column c, Partition partition) {
        if (c.nullCount() > 0) {
            throw rowError(stage, c, partition, c.nulls().nextSetBit(0), "null",
                "a vector (filter or impute the null rows first)");
        }
    }

    /**
     * @param stage the stage's simple name
     * @param c the column
     * @param partition the partition (its index and, when known, the file and line of its rows)
     * @param row the row in the partition
     * @param found what was found
     * @param expected what was expected (and what to do about it)
     * @return "Stage: column 'x', partition p, row r: found F, expected E"
     */
    static InvalidArgumentException rowError(String stage, Column c, Partition partition, int row, String found,
                                             String expected) {
        return new InvalidArgumentException(stage + ": column '" + c.name() + "', " + partition.where(row)
            + ": found " + found + ", expected " + expected);
    }

    /**
     * @param c a numeric column
     * @param row a row
     * @return "null" or the value as text
     */
    static String describe(Column c, int row) {
        return c.isNull(row) ? "null" : Double.toString(c.getDouble(row));
    }
}
