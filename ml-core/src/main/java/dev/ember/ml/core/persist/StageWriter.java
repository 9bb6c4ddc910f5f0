package dev.ember.ml.core.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a stage writes of its own data into its save directory: arrays (as {@code .npy} files under
 * {@code arrays/}), small JSON values (into the metadata's {@code data} object) and child stages (under
 * {@code stages/}).
 */
public final class StageWriter {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Path dir;
    private final ObjectNode data;
    private final ObjectNode arrays;
    private final ArrayNode children;

    StageWriter(Path dir, ObjectNode data, ObjectNode arrays, ArrayNode children) {
        this.dir = dir;
        this.data = data;
        this.arrays = arrays;
        this.children = children;
    }

    private static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("saved item name '" + name + "': expected letters, digits, _ . -");
        }
        return name;
    }

    /**
     * @param name the array's name
     * @param values a 1-D array
     */
    public void array(String name, double[] values) {
        String rel = "arrays/" + checkName(name) + ".npy";
        Npy.write(dir.resolve(rel), values);
        arrays.put(name, rel);
    }

    /**
     * @param name the array's name
     * @param rows a 2-D array
     */
    public void matrix(String name, double[][] rows) {
        String rel = "arrays/" + checkName(name) + ".npy";
        Npy.write(dir.resolve(rel), rows);
        arrays.put(name, rel);
    }

    /**
     * @param key a key in the metadata's {@code data} object
     * @param value a JSON value
     */
    public void json(String key, JsonNode value) {
        data.set(checkName(key), value);
    }

    /**
     * @param key a key in the metadata's {@code data} object
     * @param values strings (a dictionary, labels)
     */
    public void strings(String key, List<String> values) {
        ArrayNode a = data.putArray(checkName(key));
        values.forEach(a::add);
    }

    /**
     * Saves a child stage under {@code stages/NN_uid}; children load back in the order written.
     *
     * @param stage the child
     */
    public void child(PipelineStage stage) {
        String rel = String.format("stages/%02d_%s", children.size(), stage.uid());
        StageIO.save(stage, dir.resolve(rel));
        children.add(rel);
    }
}
