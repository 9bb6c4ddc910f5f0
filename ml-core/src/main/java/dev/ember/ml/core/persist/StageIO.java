package dev.ember.ml.core.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.EmberVersion;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Saves and loads stages. A saved stage is a directory:
 *
 * <pre>
 * metadata.json       {"format": "ember-stage", "formatVersion": 1, "class": ..., "stageFormatVersion": n,
 *                      "uid": ..., "emberVersion": ...,
 *                      "savedAt": ..., "params": {set values}, "defaultParams": {defaults, for reading only},
 *                      "provenance": {models only}, "data": {...}, "arrays": {name: path}, "children": [paths]}
 * arrays/NAME.npy     numpy arrays
 * stages/NN_UID/      child stages (pipelines), each a saved stage
 * </pre>
 *
 * <p>{@code formatVersion} is the version of this layout; {@code stageFormatVersion} the version of the stage's
 * own data ({@link PipelineStage#writeData}), registered per class with {@link StageRegistry#register(Class, int,
 * StageLoader)}. Files of release 0.1.0 carry no {@code stageFormatVersion} and are read as version 1. A load
 * refuses a version above the one its class registered, naming the file, the class and both versions.
 *
 * <p>No Java serialization. The directory is written under a temporary name and renamed into place, so a
 * failed save leaves nothing half-written. Loading rejects an unknown format version and an unregistered class
 * with an error that names the directory.
 */
public final class StageIO {
    /** The metadata file's name. */
    public static final String METADATA = "metadata.json";
    /** The format version this release writes and reads. */
    public static final int CURRENT_VERSION = 1;
    private static final String FORMAT = "ember-stage";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StageIO() {
    }

    /**
     * @param stage the stage
     * @param dir a directory that does not exist, or an empty one
     * @throws PersistenceException if the directory is not empty or cannot be written
     */
    public static void save(PipelineStage stage, Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new PersistenceException("cannot save " + stage.uid() + " to " + dir
                            + ": the directory is not empty");
                    }
                }
            }
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp-");
            try {
                writeInto(stage, tmp);
                Files.deleteIfExists(dir);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir);
                }
            } catch (RuntimeException | IOException e) {
                deleteRecursively(tmp);
                throw e;
            }
        } catch (FileAlreadyExistsException e) {
            throw new PersistenceException("cannot save " + stage.uid() + " to " + dir + ": it exists", e);
        } catch (IOException e) {
            throw new PersistenceException("cannot save " + stage.uid() + " to " + dir + ": " + e, e);
        }
    }

    private static void writeInto(PipelineStage stage, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("arrays"));
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("formatVersion", CURRENT_VERSION);
        meta.put("class", stage.getClass().getName());
        meta.put("stageFormatVersion", StageRegistry.get().formatVersion(stage.getClass().getName()));
        meta.put("uid", stage.uid());
        meta.put("emberVersion", EmberVersion.get());
        meta.put("savedAt", Instant.now().toString());
        meta.set("params", stage.paramMap().toJson());
        meta.set("defaultParams", stage.extractParamMap().toJson());
        if (stage instanceof Model m) {
            meta.set("provenance", m.provenance().toJson());
        }
        StageWriter w = new StageWriter(dir, meta.putObject("data"), meta.putObject("arrays"),
            meta.putArray("children"));
        stage.writeData(w);
        JSON.writeValue(dir.resolve(METADATA).toFile(), meta);
    }

    /**
     * @param dir a saved stage
     * @return the stage
     * @throws PersistenceException for a missing or malformed directory, an unknown format version or class
     */
    public static PipelineStage load(Path dir) {
        Path metaFile = dir.resolve(METADATA);
        if (!Files.isRegularFile(metaFile)) {
            throw new PersistenceException("cannot load a stage from " + dir + ": no " + METADATA
                + (Files.isDirectory(dir) ? " in it" : " (the directory does not exist)"));
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(metaFile.toFile());
        } catch (IOException e) {
            throw new PersistenceException(metaFile + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(meta.path("format").asText())) {
            throw new PersistenceException(metaFile + ": found format '" + meta.path("format").asText()
                + "', expected '" + FORMAT + "'");
        }
        int version = meta.path("formatVersion").asInt(-1);
        if (version != CURRENT_VERSION) {
            throw new PersistenceException(metaFile + ": found formatVersion " + meta.path("formatVersion")
                + ", expected " + CURRENT_VERSION + " (saved by Ember " + meta.path("emberVersion").asText("?")
                + ", this is Ember " + EmberVersion.get() + ")");
        }
        String className = meta.path("class").asText();
        StageLoader<?> loader;
        try {
            loader = StageRegistry.get().loader(className);
        } catch (PersistenceException e) {
            throw new PersistenceException(metaFile + ": " + e.getMessage(), e);
        }
        int stageVersion = stageFormatVersion(meta, metaFile);
        int supported = StageRegistry.get().formatVersion(className);
        if (stageVersion > supported) {
            throw new PersistenceException(metaFile + ": found stageFormatVersion " + stageVersion + " of "
                + className + ", expected 1.." + supported + " (saved by Ember " + meta.path("emberVersion").asText("?")
                + ", this is Ember " + EmberVersion.get() + ")");
        }
        return loader.load(new StageReader(dir, meta, stageVersion));
    }

    private static int stageFormatVersion(JsonNode meta, Path metaFile) {
        JsonNode v = meta.get("stageFormatVersion");
        if (v == null) {
            return 1;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw new PersistenceException(metaFile + ": found stageFormatVersion " + v + ", expected an integer >= 1");
        }
        return v.intValue();
    }

    /**
     * @param dir a saved stage
     * @param type the expected type
     * @param <S> the type
     * @return the stage
     * @throws PersistenceException if the saved stage is of another type
     */
    public static <S extends PipelineStage> S load(Path dir, Class<S> type) {
        PipelineStage s = load(dir);
        if (!type.isInstance(s)) {
            throw new PersistenceException(dir + " holds a " + s.getClass().getName() + ", expected a "
                + type.getName());
        }
        return type.cast(s);
    }

    private static void deleteRecursively(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
        } catch (IOException ignored) {
            // best effort cleanup of a temporary directory
        }
    }
}
