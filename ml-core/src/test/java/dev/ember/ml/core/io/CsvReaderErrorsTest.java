package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static dev.ember.ml.core.io.CsvTestSupport.dataset;
import static dev.ember.ml.core.io.CsvTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class CsvReaderErrorsTest {
    private static final Schema PEOPLE = Schema.of(Field.of("name", DataType.STRING, false),
        Field.of("age", DataType.LONG, false), Field.of("score", DataType.DOUBLE, true));

    private static Runtime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRuntime() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    private static CsvReader.Builder reader() {
        return CsvReader.builder().runtime(runtime);
    }

    private static void assertMessage(DataFormatException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should contain [" + p + "]: " + e.getMessage());
        }
    }

    /** Reads with a given schema and computes every partition, where given-schema values are checked. */
    private static DataFormatException failOnCompute(Path file, Schema schema, int partitions) {
        Frame f = reader().schema(schema).numPartitions(partitions).read(file);
        return assertThrows(DataFormatException.class, () -> f.cache().count());
    }

    @Test
    void shouldNameThePathWhenTheFileIsMissing() {
        Path missing = dir.resolve("nope.csv");
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(missing));
        assertMessage(e, missing.toString(), "no such file");
        assertEquals(missing.toAbsolutePath(), e.file());
        assertEquals(-1, e.row());
        assertEquals(-1, e.rowGroup());
    }

    @Test
    void shouldSayDirectoryWhenGivenADirectory() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(dir));
        assertMessage(e, dir.toString(), "is a directory, expected a CSV file");
    }

    @Test
    void shouldSayEmptyWhenTheFileHasNoBytes() throws IOException {
        Path file = write(dir, "empty.csv", "");
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(file));
        assertMessage(e, "empty.csv", "empty (0 bytes)", "expected a header and data rows");
        Path blank = write(dir, "blank.csv", "\n\r\n\n");
        assertMessage(assertThrows(DataFormatException.class, () -> reader().read(blank)), "blank.csv",
            "only blank lines");
    }

    @Test
    void shouldSayNoDataRowsWhenOnlyAHeaderAndTheSchemaIsInferred() throws IOException {
        Path file = write(dir, "header_only.csv", "name,age,score\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(file));
        assertMessage(e, "header_only.csv", "no data rows after the header (line 1)", "give a schema");
        assertThrows(DataFormatException.class, () -> CsvReader.inferSchema(file));
    }

    @Test
    void shouldReadAnEmptyFrameWhenOnlyAHeaderAndTheSchemaIsGiven() throws IOException {
        Path file = write(dir, "header_only.csv", "name,age,score\n");
        Frame f = reader().schema(PEOPLE).read(file);
        assertEquals(PEOPLE, f.schema());
        assertEquals(0, f.count());
        assertEquals(0, f.collectDoubles("age").length);
    }

    @Test
    void shouldNameRowLineAndCountsWhenARowHasTooManyFields() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = 1; i <= 20; i++) {
            sb.append(i == 17 ? "1,2,3,4\n" : "1,2,3\n");
        }
        Path file = write(dir, "wide.csv", sb.toString());
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(file));
        assertMessage(e, "wide.csv", "row 17", "found 4 fields, expected 3", "(line 18)");
        assertEquals(17, e.row());
        assertNull(e.column());
        Schema longs = Schema.of(Field.of("a", DataType.LONG), Field.of("b", DataType.LONG),
            Field.of("c", DataType.LONG));
        for (int n : new int[] {1, 3}) {
            assertMessage(failOnCompute(file, longs, n), "row 17", "found 4 fields, expected 3", "(line 18)");
        }
    }

    @Test
    void shouldNameRowAndCountsWhenARowHasTooFewFields() throws IOException {
        Path file = write(dir, "short.csv", "name,age,score\n\"x\ny\",3,1.0\nbob,4\nann,5,2.0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(file));
        assertMessage(e, "short.csv", "row 2", "found 2 fields, expected 3", "(line 4)");
        assertMessage(failOnCompute(file, PEOPLE, 1), "row 2", "found 2 fields, expected 3", "(line 4)");
    }

    @Test
    void shouldNameRowColumnValueAndTypeWhenAValueDoesNotParse() throws IOException {
        Path file = write(dir, "people.csv", "name,age,score\nann,31,1.5\nbob,40,2\ncid,27,\ndan,52,3\n"
            + "eve,abc,4\n");
        DataFormatException e = failOnCompute(file, PEOPLE, 2);
        assertMessage(e, "people.csv", "row 5, column 'age': found 'abc', expected long (line 6)");
        assertEquals(5, e.row());
        assertEquals("age", e.column());
        assertTrue(e.problem().startsWith("found 'abc', expected long"), e.problem());

        Path doubles = write(dir, "scores.csv", "name,age,score\nann,31,1.5\nbob,40,1.5.2\n");
        assertMessage(failOnCompute(doubles, PEOPLE, 1), "row 2, column 'score': found '1.5.2', expected double");
        Schema ints = Schema.of(Field.of("name", DataType.STRING), Field.of("age", DataType.INT),
            Field.of("score", DataType.DOUBLE));
        Path big = write(dir, "big.csv", "name,age,score\nann,3000000000,1\n");
        assertMessage(failOnCompute(big, ints, 1), "row 1, column 'age': found '3000000000', expected int");
        Schema flags = Schema.of(Field.of("f", DataType.BOOLEAN), Field.of("t", DataType.TIMESTAMP));
        Path bad = write(dir, "flags.csv", "f,t\ntrue,2024-01-01\nyes,2024-01-02\n");
        assertMessage(failOnCompute(bad, flags, 1), "row 2, column 'f': found 'yes', expected boolean");
        Path badTime = write(dir, "times.csv", "f,t\ntrue,2024-01-01\nfalse,2024-13-02\n");
        assertMessage(failOnCompute(badTime, flags, 1), "row 2, column 't': found '2024-13-02', expected timestamp");
    }

    @Test
    void shouldNameRowAndColumnWhenANullIsInANonNullableColumn() throws IOException {
        Path file = write(dir, "nulls.csv", "name,age,score\nann,31,\nbob,,2\n");
        DataFormatException e = failOnCompute(file, PEOPLE, 1);
        assertMessage(e, "nulls.csv", "row 2, column 'age': found an empty field, a null value, expected long",
            "not nullable", "(line 3)");
        Frame f = reader().schema(PEOPLE).addNullValues("NA").read(write(dir, "na.csv", "name,age,score\nNA,1,2\n"));
        assertEquals(1, f.count(), "count uses the scan's row counts, without parsing");
        assertMessage(assertThrows(DataFormatException.class, () -> f.collectStrings("name")),
            "row 1, column 'name': found 'NA', a null value, expected string");
    }

    @Test
    void shouldNameTheRowWhereAQuoteIsNotClosed() throws IOException {
        Path file = write(dir, "open.csv", "a,b\n1,x\n2,\"never closed\n3,y\n4,z\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(file));
        assertMessage(e, "open.csv", "row 2", "unterminated quote", "(line 3)");
        assertEquals(2, e.row());
        Path header = write(dir, "open_header.csv", "a,\"b\n1,2\n");
        assertMessage(assertThrows(DataFormatException.class, () -> reader().read(header)), "header (line 1)",
            "unterminated quote");
    }

    @Test
    void shouldNameRowAndColumnWhenAQuotedFieldIsMalformed() throws IOException {
        Path file = write(dir, "junk.csv", "a,b\n1,x\n2,\"y\"z\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(file));
        assertMessage(e, "junk.csv", "row 2, column 'b': malformed CSV", "(line 3)");
    }

    @Test
    void shouldListBothHeadersWhenTheHeaderDoesNotMatchTheGivenSchema() {
        Schema wrong = Schema.of(Field.of("sepal_length", DataType.DOUBLE), Field.of("sepal_width", DataType.DOUBLE),
            Field.of("petal_len", DataType.DOUBLE), Field.of("petal_width", DataType.DOUBLE),
            Field.of("species", DataType.STRING));
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> reader().schema(wrong).read(dataset("iris.csv")));
        assertMessage(e, "iris.csv", "column 'petal_len'", "header: found 5 columns [sepal_length, sepal_width,"
            + " petal_length, petal_width, species], expected the 5 columns of the given schema");
        assertEquals("petal_len", e.column());
    }

    @Test
    void shouldRejectDuplicateHeaderNames() throws IOException {
        Path file = write(dir, "dup.csv", "a,b,a\n1,2,3\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(file));
        assertMessage(e, "dup.csv", "column 'a'", "columns 1 and 3", "expected unique column names");
    }

    @Test
    void shouldRejectNonUtf8Bytes() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, new byte[] {'a', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        DataFormatException e = assertThrows(DataFormatException.class, () -> reader().read(file));
        assertMessage(e, "latin1.csv", "row 1", "not UTF-8");
    }

    @Test
    void shouldFailRatherThanReadOtherDataWhenTheFileChangesAfterTheScan() throws IOException {
        Path file = write(dir, "moving.csv", "a,b\n1,2\n3,4\n");
        Frame f = reader().read(file);
        write(dir, "moving.csv", "a,b\n1,2\n3,4\n5,6\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        DataFormatException e = assertThrows(DataFormatException.class, () -> f.collectDoubles("a"));
        assertMessage(e, "moving.csv", "the file changed since the frame was read");
    }

    @Test
    void shouldRejectBadOptionsWhenSet() {
        InvalidArgumentException quote = assertThrows(InvalidArgumentException.class,
            () -> reader().delimiter('"'));
        assertTrue(quote.getMessage().contains("delimiter: found '\"'"), quote.getMessage());
        assertThrows(InvalidArgumentException.class, () -> reader().delimiter('\n'));
        assertThrows(InvalidArgumentException.class, () -> reader().numPartitions(-1));
        assertThrows(InvalidArgumentException.class, () -> reader().inferenceRows(-5));
        InvalidArgumentException type = assertThrows(InvalidArgumentException.class,
            () -> reader().floatingType(DataType.LONG));
        assertTrue(type.getMessage().contains("expected double or float"), type.getMessage());
        assertThrows(InvalidArgumentException.class,
            () -> reader().schema(Schema.of(Field.vector("v", 3, DataType.FLOAT))));
        assertThrows(InvalidArgumentException.class, () -> reader().nullValues("NA", null));
    }
}
