package dev.ember.ml.core.io;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.ember.ml.core.io.CsvTestSupport.allValues;
import static dev.ember.ml.core.io.CsvTestSupport.dataset;
import static dev.ember.ml.core.io.CsvTestSupport.doubles;
import static dev.ember.ml.core.io.CsvTestSupport.values;
import static dev.ember.ml.core.io.CsvTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class CsvReaderTest {
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

    /** file, rows, columns, count of columns per type, the label column and its type. */
    static Stream<Arguments> datasets() {
        return Stream.of(
            Arguments.of("breast_cancer.csv", 569, Map.of("double", 30, "string", 1), "diagnosis"),
            Arguments.of("diabetes.csv", 442, Map.of("double", 7, "int", 4), "progression"),
            Arguments.of("digits.csv", 1797, Map.of("int", 65), "digit"),
            Arguments.of("glass.csv", 214, Map.of("double", 9, "int", 1), "Type"),
            Arguments.of("ionosphere.csv", 351, Map.of("double", 32, "int", 2, "string", 1), "Class"),
            Arguments.of("iris.csv", 150, Map.of("double", 4, "string", 1), "species"),
            Arguments.of("letter_recognition.csv", 20000, Map.of("int", 16, "string", 1), "lettr"),
            Arguments.of("pima_indians_diabetes.csv", 768, Map.of("double", 2, "int", 6, "string", 1), "diabetes"),
            Arguments.of("satellite.csv", 6435, Map.of("int", 36, "string", 1), "classes"),
            Arguments.of("shuttle.csv", 58000, Map.of("int", 9, "string", 1), "Class"),
            Arguments.of("sonar.csv", 208, Map.of("double", 60, "string", 1), "Class"),
            Arguments.of("vehicle.csv", 846, Map.of("int", 18, "string", 1), "Class"),
            Arguments.of("wine.csv", 178, Map.of("double", 11, "int", 2, "string", 1), "cultivar"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasets")
    void shouldInferSchemaAndCountRowsWhenReadingEachSharedDataset(String name, int rows,
                                                                   Map<String, Integer> types, String label) {
        Frame frame = reader().read(dataset(name));
        Map<String, Integer> found = new TreeMap<>();
        for (Field f : frame.schema()) {
            found.merge(f.type().jsonName(), 1, Integer::sum);
            assertFalse(f.nullable(), name + ": " + f + " has no nulls, so it is not nullable");
        }
        assertEquals(new TreeMap<>(types), found, name + " " + frame.schema());
        assertTrue(frame.schema().contains(label), name + " has " + label);
        assertEquals(rows, frame.count(), name + " rows from the scan");
        long parsed = 0;
        for (int i = 0; i < frame.numPartitions(); i++) {
            try (PartitionRef ref = frame.partition(i)) {
                parsed += ref.partition().numRows();
                assertEquals(frame.schema(), ref.partition().schema());
            }
        }
        assertEquals(rows, parsed, name + " rows parsed");
        assertEquals(CsvReader.inferSchema(dataset(name)), frame.schema());
    }

    @Test
    void shouldReadKnownCellsWhenReadingIris() {
        Frame iris = reader().read(dataset("iris.csv"));
        assertEquals(Schema.of(Field.of("sepal_length", DataType.DOUBLE, false),
            Field.of("sepal_width", DataType.DOUBLE, false), Field.of("petal_length", DataType.DOUBLE, false),
            Field.of("petal_width", DataType.DOUBLE, false), Field.of("species", DataType.STRING, false)),
            iris.schema());
        double[] sepal = iris.collectDoubles("sepal_length");
        assertEquals(5.1, sepal[0]);
        assertEquals(5.9, sepal[149]);
        List<String> species = iris.collectStrings("species");
        assertEquals("setosa", species.get(0));
        assertEquals("virginica", species.get(149));
        assertEquals(50, species.stream().filter("versicolor"::equals).count());
    }

    @Test
    void shouldReadKnownCellsWhenReadingQuotedMlbenchFiles() {
        Frame letters = reader().read(dataset("letter_recognition.csv"));
        assertEquals(Field.of("lettr", DataType.STRING, false), letters.schema().field(0));
        assertEquals(List.of("lettr", "x.box", "y.box"), letters.schema().names().subList(0, 3));
        List<String> lettr = letters.collectStrings("lettr");
        assertEquals("T", lettr.get(0));
        assertEquals("I", lettr.get(1));
        assertEquals("A", lettr.get(19999));
        assertEquals(26, lettr.stream().distinct().count());
        double[] xbox = letters.collectDoubles("x.box");
        assertEquals(2, xbox[0]);
        assertEquals(4, xbox[19999]);

        Frame iono = reader().read(dataset("ionosphere.csv"));
        assertEquals(DataType.INT, iono.schema().field("V1").type(), "\"1\" is the number 1: quotes are syntax");
        assertEquals(DataType.INT, iono.schema().field("V2").type());
        assertEquals(DataType.DOUBLE, iono.schema().field("V3").type());
        assertEquals(1.0, iono.collectDoubles("V1")[0]);
        assertEquals(0.99539, iono.collectDoubles("V3")[0]);
        assertEquals(-0.453, iono.collectDoubles("V34")[0]);
        assertEquals("good", iono.collectStrings("Class").get(0));

        Frame shuttle = reader().read(dataset("shuttle.csv"));
        assertEquals("Fpv.Close", shuttle.collectStrings("Class").get(0));
        assertEquals("High", shuttle.collectStrings("Class").get(57999));
        assertEquals(56, shuttle.collectDoubles("V1")[57999]);
    }

    @Test
    void shouldReadKnownCellsWhenReadingScikitLearnFiles() {
        Frame cancer = reader().read(dataset("breast_cancer.csv"));
        assertEquals(17.99, cancer.collectDoubles("mean_radius")[0]);
        assertEquals(1001.0, cancer.collectDoubles("mean_area")[0], "1001 widens to double with its column");
        assertEquals("malignant", cancer.collectStrings("diagnosis").get(0));
        assertEquals(2, cancer.collectStrings("diagnosis").stream().distinct().count());

        Frame diabetes = reader().read(dataset("diabetes.csv"));
        assertEquals(DataType.DOUBLE, diabetes.schema().field("progression").type());
        assertEquals(151.0, diabetes.collectDoubles("progression")[0], "1.51e+02");
        assertEquals(57.0, diabetes.collectDoubles("progression")[441]);
        assertEquals(DataType.INT, diabetes.schema().field("age").type());

        Frame wine = reader().read(dataset("wine.csv"));
        assertEquals(560, wine.collectDoubles("proline")[177]);
        assertEquals("class_2", wine.collectStrings("cultivar").get(177));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasets")
    void shouldGiveIdenticalColumnsWhenReadWithOneThreeOrSevenPartitions(String name) {
        List<List<Object>> reference = null;
        for (int n : new int[] {1, 3, 7}) {
            Frame f = reader().numPartitions(n).read(dataset(name)).cache();
            assertEquals(n, f.numPartitions(), name);
            List<List<Object>> cols = allValues(f);
            f.unpersist();
            if (reference == null) {
                reference = cols;
            } else {
                assertEquals(reference, cols, name + " with " + n + " partitions");
            }
        }
    }

    @Test
    void shouldBalancePartitionsByRowsWhenSplitting() {
        Frame f = reader().numPartitions(7).read(dataset("shuttle.csv"));
        CsvSource source = (CsvSource) f.source();
        long total = 0;
        long expectedFirstRow = 1;
        for (int i = 0; i < 7; i++) {
            CsvSource.Range r = source.ranges().get(i);
            assertEquals(expectedFirstRow, r.firstRow());
            assertEquals(r.rows(), f.source().knownRowCount(i));
            assertTrue(Math.abs(r.rows() - 58000 / 7.0) <= 2, "range " + r + " holds about 58000/7 rows");
            if (i > 0) {
                assertEquals(source.ranges().get(i - 1).end(), r.start(), "ranges are contiguous");
            }
            expectedFirstRow += r.rows();
            total += r.rows();
        }
        assertEquals(58000, total);
        assertEquals(2L, source.ranges().get(0).firstLine(), "row 1 is on line 2, after the header");
    }

    @Test
    void shouldUseFewerPartitionsWhenTheFileIsSmall() {
        try (Runtime wide = Runtime.inProcess(new RuntimeConfig().threads(8))) {
            assertEquals(1, CsvReader.builder().runtime(wide).read(dataset("iris.csv")).numPartitions());
            assertEquals(7, CsvReader.builder().runtime(wide).read(dataset("satellite.csv")).numPartitions(),
                "6435 rows: one partition per 1024 rows");
            assertEquals(8, CsvReader.builder().runtime(wide).read(dataset("letter_recognition.csv"))
                .numPartitions(), "capped at the runtime's parallelism");
        }
        assertEquals(150, reader().numPartitions(1000).read(dataset("iris.csv")).numPartitions(),
            "never more partitions than rows");
    }

    @Test
    void shouldRecomputeEvictedPartitionsFromTheirByteRangesWhenCached() {
        try (Runtime tiny = Runtime.inProcess(new RuntimeConfig().threads(2).cacheMaxBytes(1))) {
            Frame f = CsvReader.builder().runtime(tiny).numPartitions(5).read(dataset("letter_recognition.csv"))
                .cache();
            List<List<Object>> first = allValues(f);
            List<List<Object>> second = allValues(f);
            assertEquals(first, second);
            CacheStats stats = tiny.cacheStats();
            assertTrue(stats.evictions() > 0, "a 1-byte budget evicts: " + stats);
            assertTrue(stats.misses() > 5, "evicted partitions were parsed again: " + stats);
        }
        Frame cached = reader().read(dataset("letter_recognition.csv")).cacheNow();
        assertEquals(20000, cached.count());
        cached.unpersist();
    }

    @Test
    void shouldKeepDelimitersQuotesAndLineBreaksInsideQuotedFieldsWhenParsing() throws IOException {
        Path file = write(dir, "quoted.csv", "id,\"text\",value\r\n"
            + "1,\"hello, world\",1.5\r\n"
            + "2,\"line one\nline two\",2.5\r\n"
            + "3,\"she said \"\"hi\"\"\",3.5\r\n"
            + "4,plain,\"4.5\"\r\n"
            + "5,\"\"\"\",-1e3\r\n");
        for (int n = 1; n <= 5; n++) {
            Frame f = reader().numPartitions(n).read(file);
            assertEquals(Schema.of(Field.of("id", DataType.INT, false), Field.of("text", DataType.STRING, false),
                Field.of("value", DataType.DOUBLE, false)), f.schema());
            assertEquals(List.of("hello, world", "line one\nline two", "she said \"hi\"", "plain", "\""),
                f.collectStrings("text"), n + " partitions");
            assertArrayEquals(new double[] {1.5, 2.5, 3.5, 4.5, -1000}, f.collectDoubles("value"));
        }
    }

    @Test
    void shouldNeverSplitInsideAQuotedFieldWhenRowsHoldLineBreaks() throws IOException {
        StringBuilder sb = new StringBuilder("k,text,x\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String text = i % 3 == 0 ? "row " + i + "\nsecond line, with comma\n\"quoted\" " + i : "row " + i;
            expected.add(text);
            sb.append(i).append(",\"").append(text.replace("\"", "\"\"")).append("\",").append(i * 0.25)
                .append('\n');
        }
        Path file = write(dir, "multiline.csv", sb.toString());
        for (int n : new int[] {1, 3, 7, 13}) {
            Frame f = reader().numPartitions(n).read(file);
            assertEquals(n, f.numPartitions());
            assertEquals(expected, f.collectStrings("text"), n + " partitions");
            double[] x = f.collectDoubles("x");
            for (int i = 0; i < 300; i++) {
                assertEquals(i * 0.25, x[i]);
            }
        }
    }

    @Test
    void shouldSkipBlankLinesAndAByteOrderMarkWhenReading() throws IOException {
        Path file = write(dir, "blank.csv", "\uFEFFa,b\n\n1,x\r\n\r\n2,y\n\n\n3,z\n\n");
        Frame f = reader().numPartitions(2).read(file);
        assertEquals(List.of("a", "b"), f.schema().names());
        assertEquals(doubles(1, 2, 3), values(f, "a"));
        assertEquals(List.of("x", "y", "z"), f.collectStrings("b"));
    }

    @Test
    void shouldReadAGivenSchemaWhenItMatchesTheHeader() {
        Schema schema = Schema.of(Field.of("sepal_length", DataType.FLOAT, false),
            Field.of("sepal_width", DataType.DOUBLE, true), Field.of("petal_length", DataType.DOUBLE, false),
            Field.of("petal_width", DataType.DOUBLE, false), Field.of("species", DataType.STRING, false));
        Frame f = reader().schema(schema).numPartitions(3).read(dataset("iris.csv"));
        assertEquals(schema, f.schema());
        try (PartitionRef ref = f.partition(0)) {
            Column c = ref.partition().column("sepal_length");
            assertEquals(DataType.FLOAT, c.type());
            assertEquals(5.1f, c.floats().get(0));
        }
        assertEquals(150, f.collectStrings("species").size());
    }

    @Test
    void shouldNameColumnsByPositionWhenThereIsNoHeader() throws IOException {
        Path file = write(dir, "nohead.csv", "1;a;true\n2;b;FALSE\n");
        Frame f = reader().header(false).delimiter(';').read(file);
        assertEquals(Schema.of(Field.of("_c0", DataType.INT, false), Field.of("_c1", DataType.STRING, false),
            Field.of("_c2", DataType.BOOLEAN, false)), f.schema());
        assertEquals(doubles(1, 0), values(f, "_c2"));
        Schema given = Schema.of(Field.of("id", DataType.LONG, false), Field.of("name", DataType.STRING, false),
            Field.of("flag", DataType.BOOLEAN, false));
        Frame g = reader().header(false).delimiter(';').schema(given).read(file);
        assertEquals(doubles(1, 2), values(g, "id"));
        assertEquals(List.of("a", "b"), g.collectStrings("name"));
    }

    @Test
    void shouldInferEachTypeAndWidenWhenValuesRequire() throws IOException {
        Path file = write(dir, "types.csv", String.join("\n",
            "i,l,d,mix,b,ts,s,nul,special,numstr",
            "1,1,1,1,true,2024-03-01,x,,NaN,1",
            "2,3000000000,2.5,2,False,2024-03-01T12:30:00,y,,Infinity,a",
            "-3,4,1e-3,3.5,TRUE,2024-03-01 12:30:00.5+01:00,z,,-Infinity,2",
            ""));
        Frame f = reader().read(file);
        Schema expected = Schema.of(Field.of("i", DataType.INT, false), Field.of("l", DataType.LONG, false),
            Field.of("d", DataType.DOUBLE, false), Field.of("mix", DataType.DOUBLE, false),
            Field.of("b", DataType.BOOLEAN, false), Field.of("ts", DataType.TIMESTAMP, false),
            Field.of("s", DataType.STRING, false), Field.of("nul", DataType.STRING, true),
            Field.of("special", DataType.DOUBLE, false), Field.of("numstr", DataType.STRING, false));
        assertEquals(expected, f.schema());
        assertEquals(doubles(1, 3e9, 4), values(f, "l"));
        assertEquals(doubles(1, 0, 1), values(f, "b"));
        assertEquals(doubles(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), values(f, "special"));
        assertEquals(List.of("1", "a", "2"), f.collectStrings("numstr"));
        assertEquals(java.util.Arrays.asList(null, null, null), f.collectStrings("nul"));
        long day = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli() * 1000;
        long noon = Instant.parse("2024-03-01T12:30:00Z").toEpochMilli() * 1000;
        long offset = Instant.parse("2024-03-01T11:30:00.5Z").toEpochMilli() * 1000;
        try (PartitionRef ref = f.partition(0)) {
            Column ts = ref.partition().column("ts");
            assertEquals(day, ts.getLong(0));
            assertEquals(noon, ts.getLong(1), "UTC when there is no zone");
            assertEquals(offset, ts.getLong(2));
        }
    }

    @Test
    void shouldReadNullMarkersAsNullsWhenAdded() throws IOException {
        Path file = write(dir, "na.csv", "x,y,z\n1.5,NA,a\nNA,2,\n3,,NA\n");
        Frame f = reader().addNullValues("NA").read(file);
        assertEquals(Schema.of(Field.of("x", DataType.DOUBLE, true), Field.of("y", DataType.INT, true),
            Field.of("z", DataType.STRING, true)), f.schema());
        assertEquals(doubles(1.5, Double.NaN, 3), values(f, "x"));
        assertEquals(java.util.Arrays.asList("a", null, null), f.collectStrings("z"));
        try (PartitionRef ref = f.partition(0)) {
            assertTrue(ref.partition().column("x").isNull(1));
            assertEquals(2, ref.partition().column("y").nullCount());
        }
        Frame strings = reader().read(file);
        assertEquals(DataType.STRING, strings.schema().field("x").type(), "without the marker NA is a string");
        Frame noNulls = reader().nullValues().read(file);
        assertEquals(java.util.Arrays.asList("a", "", "NA"), noNulls.collectStrings("z"));
        assertFalse(noNulls.schema().field("z").nullable());
    }

    @Test
    void shouldInferFloatsAndFromTheFirstRowsWhenAsked() throws IOException {
        Frame f = reader().floatingType(DataType.FLOAT).read(dataset("iris.csv"));
        assertEquals(DataType.FLOAT, f.schema().field("sepal_length").type());
        assertEquals(5.1f, (float) f.collectDoubles("sepal_length")[0]);

        Path file = write(dir, "late.csv", "a,b\n1,x\n2,y\n3.5,z\n");
        Frame partial = reader().inferenceRows(2).read(file);
        assertEquals(Schema.of(Field.of("a", DataType.INT, true), Field.of("b", DataType.STRING, true)),
            partial.schema(), "partial inference marks every column nullable");
        assertEquals(Schema.of(Field.of("a", DataType.DOUBLE, false), Field.of("b", DataType.STRING, false)),
            reader().inferenceRows(3).read(file).schema());
    }
}
