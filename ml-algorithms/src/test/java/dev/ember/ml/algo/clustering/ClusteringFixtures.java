package dev.ember.ml.algo.clustering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.feature.VectorAssembler;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Datasets and reference values shared by the clustering tests. */
final class ClusteringFixtures {
    private ClusteringFixtures() {
    }

    /** @return src/test/resources/reference/clustering_references.json */
    static JsonNode reference(String file) {
        try (InputStream in = ClusteringFixtures.class.getResourceAsStream("/reference/" + file)) {
            if (in == null) {
                throw new IllegalStateException("reference file " + file + " not found");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param rt the runtime
     * @param dataset a data file
     * @param columns feature columns
     * @param elementType double or float
     * @param partitions the partitioning
     * @return the CSV with a features column assembled from the columns
     */
    static Frame data(Runtime rt, String dataset, JsonNode columns, String elementType, int partitions) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(partitions).read(TestData.dataset(dataset));
        String[] cols = new String[columns.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = columns.get(i).asText();
        }
        return new VectorAssembler().inputCols(cols).with(VectorAssembler.ELEMENT_TYPE, elementType).transform(raw);
    }

    /** @return a frame of one double vector column {@code features}, the rows split into partitions */
    static Frame vectors(Runtime rt, double[][] rows, int partitions) {
        List<Partition> parts = new ArrayList<>();
        int per = (rows.length + partitions - 1) / partitions;
        for (int p = 0; p < partitions; p++) {
            int from = Math.min(rows.length, p * per);
            int to = Math.min(rows.length, from + per);
            ColumnBuilder b = new ColumnBuilder(Field.vector("features", rows[0].length, DataType.DOUBLE), to - from);
            for (int r = from; r < to; r++) {
                b.appendVector(rows[r]);
            }
            parts.add(new Partition(p, List.of(b.build())));
        }
        return Frame.of(rt, parts);
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    static double[][] matrix(JsonNode a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i));
        }
        return out;
    }

    /** Asserts {@code |e - a| <= tol * max(1, |e|)} element-wise. */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int j = 0; j < expected.length; j++) {
            double scale = Math.max(1, Math.abs(expected[j]));
            assertTrue(Math.abs(expected[j] - actual[j]) <= tol * scale,
                what + "[" + j + "]: expected " + expected[j] + ", found " + actual[j]);
        }
    }

    /** Asserts a relative difference of at most tol. */
    static void assertRelative(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(expected - actual) <= tol * Math.abs(expected),
            what + ": expected " + expected + ", found " + actual + " (relative " + Math.abs(expected - actual)
                / Math.abs(expected) + ")");
    }
}
