package dev.ember.ml.core.io;

import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.FieldMetadata;
import dev.ember.ml.core.data.Schema;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Schema inference: every field of the rows looked at is classified ({@link CsvValues#classify}) and the kinds
 * merged per column. Over the whole file the ranges are classified in parallel (the merge is associative and
 * commutative, so the result does not depend on the partitioning); with a row limit they are read in order until
 * the limit is reached.
 */
final class CsvInference {

    /** What the rows looked at say about each column. */
    static final class Stats {
        final int[] kinds;
        final boolean[] nulls;
        /** Per column, the first data row whose value is text (not a number, boolean or time); MAX if none. */
        final long[] textRow;
        final String[] textValue;
        long rows;

        Stats(int columns) {
            kinds = new int[columns];
            nulls = new boolean[columns];
            textRow = new long[columns];
            textValue = new String[columns];
            java.util.Arrays.fill(textRow, Long.MAX_VALUE);
        }

        void merge(Stats other) {
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = CsvValues.merge(kinds[i], other.kinds[i]);
                nulls[i] |= other.nulls[i];
                if (other.textRow[i] < textRow[i]) {
                    textRow[i] = other.textRow[i];
                    textValue[i] = other.textValue[i];
                }
            }
            rows += other.rows;
        }
    }

    private CsvInference() {
    }

    /**
     * @param file the file, for messages
     * @param channel an open channel on it (read concurrently with positional reads)
     * @param ranges the data ranges
     * @param names the column names
     * @param options the options (delimiter, null values, inference rows, floating type)
     * @param totalRows the number of data rows in the file
     * @return the inferred schema
     */
    static Schema infer(Path file, FileChannel channel, List<CsvSource.Range> ranges, List<String> names,
                        CsvOptions options, long totalRows) {
        Stats total = new Stats(names.size());
        long limit = options.inferenceRows();
        if (limit == 0 && ranges.size() > 1) {
            List<CompletableFuture<Stats>> futures = new ArrayList<>(ranges.size());
            for (CsvSource.Range r : ranges) {
                futures.add(CompletableFuture.supplyAsync(() -> scanRange(file, channel, r, names, options, 0)));
            }
            for (CompletableFuture<Stats> f : futures) {
                try {
                    total.merge(f.join());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        } else {
            for (CsvSource.Range r : ranges) {
                long left = limit == 0 ? 0 : limit - total.rows;
                total.merge(scanRange(file, channel, r, names, options, left));
                if (limit > 0 && total.rows >= limit) {
                    break;
                }
            }
        }
        boolean sawAll = total.rows >= totalRows;
        List<Field> fields = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            Field f = Field.of(names.get(i), CsvValues.typeOf(total.kinds[i], options.floatingType()),
                !sawAll || total.nulls[i]);
            if (total.kinds[i] == CsvValues.STRING && total.textRow[i] != Long.MAX_VALUE) {
                f = f.withMetadata(FieldMetadata.EMPTY.withTypeEvidence(evidence(file, channel, ranges,
                    total.textRow[i], total.textValue[i], options.delimiter())));
            }
            fields.add(f);
        }
        return new Schema(fields);
    }

    /** @return "file x.csv, row 17 (line 18), holds 'abc', its first value that is not a number" */
    private static String evidence(Path file, FileChannel channel, List<CsvSource.Range> ranges, long row,
                                   String value, char delimiter) {
        long line = -1;
        for (CsvSource.Range r : ranges) {
            if (row >= r.firstRow() && row < r.firstRow() + r.rows()) {
                line = CsvScanner.lineOf(channel, r, row, delimiter);
                break;
            }
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "file " + file + ", row " + row + (line > 0 ? " (line " + line + ")" : "") + ", holds '" + shown
            + "', its first value that is not a number, boolean or timestamp (clean or filter that row, add it to"
            + " the null values, or give a schema)";
    }

    private static Stats scanRange(Path file, FileChannel channel, CsvSource.Range range, List<String> names,
                                   CsvOptions options, long maxRows) {
        Stats s = new Stats(names.size());
        Set<String> nullValues = options.nullValues();
        int maxNullLength = CsvSource.maxLength(nullValues);
        int[] kinds = s.kinds;
        boolean[] nulls = s.nulls;
        CsvRangeReader reader = new CsvRangeReader(file, channel, range, options.delimiter(), names);
        s.rows = reader.forEach((column, text, row) -> {
            if (text.length() <= maxNullLength && nullValues.contains(text)) {
                nulls[column] = true;
            } else if (kinds[column] != CsvValues.STRING) {
                int kind = CsvValues.classify(text);
                if (kind == CsvValues.STRING) {
                    s.textRow[column] = row;
                    s.textValue[column] = text;
                }
                kinds[column] = CsvValues.merge(kinds[column], kind);
            }
        }, maxRows);
        return s;
    }
}
