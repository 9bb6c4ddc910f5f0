package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a CSV file is read: the options of a {@link CsvReader.Builder}, validated here. A {@link CsvSource} carries
 * them so that any process can parse its partitions the same way.
 *
 * @param delimiter the field delimiter, an ASCII character other than {@code "}, CR and LF
 * @param header whether the first record holds the column names
 * @param nullValues field texts read as null (compared with the text after CSV unquoting, before trimming);
 *     an empty set means nothing is null
 * @param inferenceRows the number of data rows schema inference looks at; 0 for all of them
 * @param floatingType the type of inferred decimal columns, {@link DataType#DOUBLE} or {@link DataType#FLOAT}
 * @param numPartitions the number of partitions wanted; 0 for the default (see {@link CsvReader.Builder})
 */
public record CsvOptions(char delimiter, boolean header, Set<String> nullValues, int inferenceRows,
                         DataType floatingType, int numPartitions) {

    /** Comma, a header, empty fields null, inference over the whole file, doubles, default partitioning. */
    public static final CsvOptions DEFAULTS = new CsvOptions(',', true, Set.of(""), 0, DataType.DOUBLE, 0);

    /**
     * Validates every option.
     *
     * @throws InvalidArgumentException naming the option, what was found and what was expected
     */
    public CsvOptions {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter > 0x7F) {
            throw new InvalidArgumentException("delimiter: found " + describe(delimiter)
                + ", expected an ASCII character other than '\"', CR and LF");
        }
        Objects.requireNonNull(nullValues, "nullValues");
        for (String v : nullValues) {
            if (v == null) {
                throw new InvalidArgumentException("nullValues: found a null element, expected strings");
            }
        }
        nullValues = Collections.unmodifiableSet(new LinkedHashSet<>(nullValues));
        if (inferenceRows < 0) {
            throw new InvalidArgumentException("inferenceRows: found " + inferenceRows
                + ", expected >= 0 (0 infers from every row)");
        }
        if (floatingType != DataType.DOUBLE && floatingType != DataType.FLOAT) {
            throw new InvalidArgumentException("floatingType: found " + floatingType
                + ", expected double or float");
        }
        if (numPartitions < 0) {
            throw new InvalidArgumentException("numPartitions: found " + numPartitions
                + ", expected >= 1 (or 0 for the default)");
        }
    }

    private static String describe(char c) {
        if (c == '\r') {
            return "CR";
        }
        if (c == '\n') {
            return "LF";
        }
        return c > 0x7F ? "'" + c + "' (U+" + String.format("%04X", (int) c) + ")" : "'" + c + "'";
    }
}
