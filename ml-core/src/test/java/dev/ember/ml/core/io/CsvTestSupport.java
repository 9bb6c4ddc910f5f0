package dev.ember.ml.core.io;

import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers shared by the CSV tests: test resources, files written from text, whole columns as values. */
final class CsvTestSupport {

    private CsvTestSupport() {
    }

    /**
     * @param name a file under {@code src/test/resources/data}
     * @return its path
     */
    static Path dataset(String name) {
        URL url = CsvTestSupport.class.getResource("/data/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource /data/" + name + " not found");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param dir a directory
     * @param name a file name
     * @param text the content, written as UTF-8
     * @return the file
     */
    static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Reads a column of any scalar type as a list of values, in row order: doubles for numbers and timestamps
     * (null for nulls), strings for strings.
     *
     * @param frame the frame
     * @param column the column
     * @return the values
     */
    static List<Object> values(Frame frame, String column) {
        Field f = frame.schema().field(column);
        if (f.type() == DataType.STRING) {
            return new ArrayList<>(frame.collectStrings(column));
        }
        double[] d = frame.collectDoubles(column);
        List<Object> out = new ArrayList<>(d.length);
        for (double v : d) {
            out.add(v);
        }
        return out;
    }

    /**
     * @param frame the frame
     * @return every column's values, in schema order
     */
    static List<List<Object>> allValues(Frame frame) {
        List<List<Object>> out = new ArrayList<>();
        for (String name : frame.schema().names()) {
            out.add(values(frame, name));
        }
        return out;
    }

    /**
     * @param values the expected values
     * @return them as a list of boxed objects, for comparing with {@link #values}
     */
    static List<Object> doubles(double... values) {
        return new ArrayList<>(Arrays.stream(values).boxed().toList());
    }
}
