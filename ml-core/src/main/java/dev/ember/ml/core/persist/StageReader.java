package dev.ember.ml.core.persist;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads back what {@link StageIO} and a stage's {@link StageWriter} wrote into a save directory. */
public final class StageReader {
    private final Path dir;
    private final JsonNode metadata;
    private final int stageFormatVersion;

    StageReader(Path dir, JsonNode metadata, int stageFormatVersion) {
        this.dir = dir;
        this.metadata = metadata;
        this.stageFormatVersion = stageFormatVersion;
    }

    /**
     * @return the version of the stage's own saved data (1 for files of release 0.1.0), at most the version its
     *     class registered; a loader that changed its data reads each older version it still supports
     */
    public int stageFormatVersion() {
        return stageFormatVersion;
    }

    /** @return the save directory */
    public Path dir() {
        return dir;
    }

    /** @return the saved uid */
    public String uid() {
        return metadata.path("uid").asText();
    }

    /** @return the saved class name */
    public String className() {
        return metadata.path("class").asText();
    }

    /** @return the Ember version that saved it */
    public String savedBy() {
        return metadata.path("emberVersion").asText();
    }

    /**
     * @param params the stage's params
     * @return the values that were set on the stage
     * @throws PersistenceException naming an unknown param or a value of the wrong type
     */
    public ParamMap params(List<Param<?>> params) {
        try {
            return ParamMap.fromJson(metadata.path("params"), params, className());
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            throw new PersistenceException(dir.resolve(StageIO.METADATA) + ": " + e.getMessage(), e);
        }
    }

    /** @return the saved provenance (models) */
    public Provenance provenance() {
        JsonNode p = metadata.get("provenance");
        if (p == null || p.isNull()) {
            throw new PersistenceException(dir.resolve(StageIO.METADATA) + " has no provenance, expected one for a"
                + " model");
        }
        return Provenance.fromJson(p);
    }

    /**
     * @param name an array written with {@link StageWriter#array}
     * @return the values
     */
    public double[] array(String name) {
        return npy(name).flat();
    }

    /**
     * @param name an array written with {@link StageWriter#matrix}
     * @return the rows
     */
    public double[][] matrix(String name) {
        return npy(name).matrix();
    }

    /**
     * @param name an array or matrix name
     * @return whether the stage saved it (for arrays added in a later format version, optional on read)
     */
    public boolean hasArray(String name) {
        return metadata.path("arrays").has(name);
    }

    private Npy.Array npy(String name) {
        JsonNode rel = metadata.path("arrays").get(name);
        if (rel == null || !rel.isTextual()) {
            throw new PersistenceException(dir.resolve(StageIO.METADATA) + " lists no array '" + name + "'");
        }
        return Npy.read(dir.resolve(rel.asText()));
    }

    /**
     * @param key a key written with {@link StageWriter#json}
     * @return the value
     */
    public JsonNode json(String key) {
        JsonNode v = metadata.path("data").get(key);
        if (v == null) {
            throw new PersistenceException(dir.resolve(StageIO.METADATA) + " has no data '" + key + "'");
        }
        return v;
    }

    /**
     * @param key a key in the metadata's {@code data} object
     * @return whether the stage saved it (for data added in a later release, optional on read)
     */
    public boolean has(String key) {
        return metadata.path("data").has(key);
    }

    /**
     * @param key a key written with {@link StageWriter#strings}
     * @return the strings
     */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : json(key)) {
            out.add(n.asText());
        }
        return out;
    }

    /** @return the child stages, loaded, in the order written */
    public List<PipelineStage> children() {
        List<PipelineStage> out = new ArrayList<>();
        for (JsonNode rel : metadata.path("children")) {
            out.add(StageIO.load(dir.resolve(rel.asText())));
        }
        return out;
    }
}
