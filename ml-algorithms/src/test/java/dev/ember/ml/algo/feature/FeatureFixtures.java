package dev.ember.ml.algo.feature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.TestData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data, reference values and assertions shared by the feature transformer tests. */
final class FeatureFixtures {
    private FeatureFixtures() {
    }

    /**
     * @param rt the runtime
     * @param dataset a file of ml-core's test data
     * @param partitions the number of partitions
     * @return the CSV, schema inferred
     */
    static Frame csv(Runtime rt, String dataset, int partitions) {
        return CsvReader.builder().runtime(rt).numPartitions(partitions).read(TestData.dataset(dataset));
    }

    /**
     * @param raw a frame
     * @param columns numeric columns
     * @return the frame with a {@code features} column of {@code vector<double>} assembled from them
     */
    static Frame assembled(Frame raw, String... columns) {
        return new VectorAssembler().inputCols(columns).with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
    }

    /**
     * @param raw a frame
     * @param columns a JSON array of column names
     * @return the frame with {@code features} assembled from them
     */
    static Frame assembled(Frame raw, JsonNode columns) {
        return assembled(raw, strings(columns));
    }

    /** @param name a file under src/test/resources/reference @return its JSON */
    static JsonNode reference(String name) {
        try (InputStream in = FeatureFixtures.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("reference file " + name + " not found");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param a a JSON array of numbers or "Infinity"/"-Infinity" @return the doubles */
    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            out[i] = v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
        }
        return out;
    }

    /** @param a a JSON array of arrays @return the rows */
    static double[][] matrix(JsonNode a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i));
        }
        return out;
    }

    /** @param a a JSON array of strings @return them */
    static String[] strings(JsonNode a) {
        String[] out = new String[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asText();
        }
        return out;
    }

    /**
     * @param expected expected values
     * @param actual actual values
     * @param tol absolute tolerance, relative above magnitude 1
     * @param what what is compared
     */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int j = 0; j < expected.length; j++) {
            double scale = Math.max(1, Math.abs(expected[j]));
            assertTrue(Math.abs(expected[j] - actual[j]) <= tol * scale || expected[j] == actual[j],
                what + "[" + j + "]: expected " + expected[j] + ", found " + actual[j]);
        }
    }

    /**
     * A frame whose schema is fine ({@code x: double, s: string, n: int, features: vector<double,1>}) but whose
     * computation fails, because its {@code features} come from a NaN that VectorAssembler refuses. A stage that
     * rejects a mistyped column with a schema error on it has checked before computing anything.
     *
     * @param rt the runtime
     * @return the frame
     */
    static Frame poisoned(Runtime rt) {
        ColumnBuilder n = new ColumnBuilder(Field.of("n", DataType.INT, false), 2);
        n.appendInt(1);
        n.appendInt(2);
        Frame raw = Frame.ofColumns(rt, ColumnBuilder.ofDoubles("x", 1, Double.NaN),
            ColumnBuilder.ofStrings("s", "a", "b"), n.build());
        return new VectorAssembler().inputCols("x").with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
    }

    /** @param action something that must fail on the schema @return the schema error's message */
    static String schemaError(Runnable action) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, action::run);
        assertTrue(!e.getMessage().contains("VectorAssembler"), "computed before checking: " + e.getMessage());
        return e.getMessage();
    }

    /**
     * @param rt the runtime
     * @param name the column name
     * @param type double, float, int or long
     * @param partitions values per partition; null for a null
     * @return a frame of one nullable column over those partitions
     */
    static Frame numbers(Runtime rt, String name, DataType type, Double[]... partitions) {
        List<Partition> parts = new ArrayList<>();
        for (Double[] values : partitions) {
            ColumnBuilder b = new ColumnBuilder(Field.of(name, type, true), values.length);
            for (Double v : values) {
                if (v == null) {
                    b.appendNull();
                } else {
                    switch (type) {
                        case INT -> b.appendInt(v.intValue());
                        case LONG -> b.appendLong(v.longValue());
                        default -> b.appendDouble(v);
                    }
                }
            }
            Column c = b.build();
            parts.add(new Partition(parts.size(), List.of(c)));
        }
        return Frame.of(rt, parts);
    }

    /**
     * @param rt the runtime
     * @param rows the vectors, split evenly over {@code partitions}
     * @param partitions the number of partitions
     * @return a frame with one {@code features} column of {@code vector<double>}
     */
    static Frame vectors(Runtime rt, double[][] rows, int partitions) {
        List<Partition> parts = new ArrayList<>();
        int per = (rows.length + partitions - 1) / partitions;
        for (int p = 0; p < partitions; p++) {
            int from = Math.min(rows.length, p * per);
            int to = Math.min(rows.length, from + per);
            double[][] chunk = Arrays.copyOfRange(rows, from, to);
            Field field = Field.vector("features", rows[0].length, DataType.DOUBLE);
            ColumnBuilder b = new ColumnBuilder(field, chunk.length);
            for (double[] r : chunk) {
                b.appendVector(r);
            }
            parts.add(new Partition(p, List.of(b.build())));
        }
        return Frame.of(rt, parts);
    }
}
