package dev.ember.ml.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the records of one byte range of a CSV file with Jackson's {@link CsvParser}, over a
 * {@link CsvRangeInputStream} of that range decoded as UTF-8, and hands every field to a {@link FieldSink} with
 * its column and data-row number. Checks each record's field count and turns parser and decoding failures into
 * {@link DataFormatException}s that name the file, the row, its line and the column.
 *
 * <p>Not thread-safe; one reader per range and thread. The channel may be shared (positional reads only).
 */
final class CsvRangeReader {
    private static final CsvFactory FACTORY = new CsvFactory();
    private static final int READ_BUFFER = 1 << 16;

    /** Receives the fields of the records, in order. */
    @FunctionalInterface
    interface FieldSink {
        /**
         * @param column the 0-based column
         * @param text the field's text after CSV unquoting
         * @param row the 1-based data row
         */
        void field(int column, String text, long row);
    }

    private final Path file;
    private final FileChannel channel;
    private final CsvSource.Range range;
    private final char delimiter;
    private final List<String> columns;

    /**
     * @param file the file, for messages
     * @param channel an open channel on it
     * @param range the range to read
     * @param delimiter the field delimiter
     * @param columns the column names; each record must have exactly this many fields
     */
    CsvRangeReader(Path file, FileChannel channel, CsvSource.Range range, char delimiter, List<String> columns) {
        this.file = file;
        this.channel = channel;
        this.range = range;
        this.delimiter = delimiter;
        this.columns = columns;
    }

    /**
     * Reads the range's records.
     *
     * @param sink receives every field
     * @param maxRows stop after this many rows; 0 for all of them
     * @return the number of rows read
     * @throws DataFormatException for a malformed record, a wrong field count, text that is not UTF-8, or a range
     *     holding another number of rows than the scan found (the file changed)
     */
    long forEach(FieldSink sink, long maxRows) {
        long row = range.firstRow();
        long endRow = range.firstRow() + range.rows();
        int expected = columns.size();
        int column = -1;
        try (CsvParser parser = open(channel, range.start(), range.end(), delimiter)) {
            while (maxRows == 0 || row - range.firstRow() < maxRows) {
                JsonToken t = parser.nextToken();
                if (t == null) {
                    break;
                }
                if (row >= endRow) {
                    throw changed("more than " + range.rows() + " rows");
                }
                column = 0;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    if (column < expected) {
                        sink.field(column, parser.getText(), row);
                    }
                    column++;
                }
                if (column != expected) {
                    throw error(row, null, "found " + column + (column == 1 ? " field" : " fields") + ", expected "
                        + expected, "");
                }
                column = -1;
                row++;
            }
        } catch (JsonProcessingException e) {
            throw error(row, columnName(column), "malformed CSV: " + e.getOriginalMessage(), e);
        } catch (CharacterCodingException e) {
            throw error(row, columnName(column), "found bytes that are not UTF-8 (" + e + "), expected UTF-8 text",
                e);
        } catch (IOException e) {
            throw new DataFormatException(file, -1, -1, null, "cannot be read: " + e, e);
        }
        long read = row - range.firstRow();
        if (maxRows == 0 && read != range.rows()) {
            throw changed(read + " rows");
        }
        return read;
    }

    private String columnName(int column) {
        return column >= 0 && column < columns.size() ? columns.get(column) : null;
    }

    private DataFormatException changed(String found) {
        return new DataFormatException(file, -1, -1, null, "bytes " + range.start() + ".." + range.end()
            + " (from row " + range.firstRow() + "): found " + found + ", expected " + range.rows()
            + " as when the file was first read; did it change?");
    }

    /**
     * @param row the 1-based data row
     * @param column the column, or null
     * @param problem what was found and expected
     * @param hint text after the line number (a hint what to do), or empty
     * @return an exception naming the file, row, column and, in the problem, the line:
     *     {@code "found 'abc', expected long (line 6)" + hint}
     */
    DataFormatException error(long row, String column, String problem, String hint) {
        return new DataFormatException(file, row, -1, column, problem + lineSuffix(row) + hint);
    }

    private DataFormatException error(long row, String column, String problem, Throwable cause) {
        return new DataFormatException(file, row, -1, column, problem + lineSuffix(row), cause);
    }

    private String lineSuffix(long row) {
        long line = CsvScanner.lineOf(channel, range, row, delimiter);
        return line > 0 ? " (line " + line + ")" : "";
    }

    /**
     * Opens Jackson's parser on a byte range: UTF-8 that fails on malformed input, the delimiter, {@code "} as
     * quote, no escape character, no comments, every record an array of string fields.
     *
     * @param channel an open channel
     * @param start the first byte, at a record boundary
     * @param end one past the last byte
     * @param delimiter the field delimiter
     * @return the parser; closing it does not close the channel
     * @throws IOException if the parser cannot be created
     */
    static CsvParser open(FileChannel channel, long start, long end, char delimiter) throws IOException {
        Reader reader = new InputStreamReader(new CsvRangeInputStream(channel, start, end, delimiter, READ_BUFFER),
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        CsvParser parser = FACTORY.createParser(reader);
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter).withQuoteChar('"')
            .withoutEscapeChar().withoutComments());
        return parser;
    }

    /**
     * Reads the first record of a byte range (the header, or the first data row to count the columns).
     *
     * @param channel an open channel
     * @param start the first byte, at a record boundary
     * @param end one past the last byte
     * @param delimiter the field delimiter
     * @return the record's fields
     * @throws IOException if the bytes cannot be read or do not parse
     */
    static List<String> firstRecord(FileChannel channel, long start, long end, char delimiter) throws IOException {
        List<String> out = new ArrayList<>();
        try (CsvParser parser = open(channel, start, end, delimiter)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return out;
            }
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY && t != null) {
                out.add(parser.getText());
            }
        }
        return out;
    }
}
