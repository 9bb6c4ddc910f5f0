package dev.ember.ml.features.materialize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A view's watermark: the end of the prefix of intervals whose data is in place, in {@code watermark.json},
 * replaced by an atomic rename.
 */
public final class Watermarks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Watermarks() {
    }

    /**
     * @param stateDir the view's state directory
     * @return the watermark, if any
     */
    public static Optional<Instant> read(Path stateDir) {
        try {
            JsonNode n = JSON.readTree(Files.readString(stateDir.resolve("watermark.json")));
            return Optional.of(Instant.parse(n.get("watermark").asText()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("watermark " + stateDir.resolve("watermark.json") + ": "
                + e.getMessage(), e);
        }
    }

    /**
     * @param stateDir the view's state directory
     * @param watermark the new watermark
     */
    public static void write(Path stateDir, Instant watermark) {
        try {
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve(".watermark." + UUID.randomUUID() + ".tmp");
            Files.writeString(tmp, JSON.createObjectNode().put("watermark", watermark.toString())
                .put("updated_at", Instant.now().toString()).toString());
            Files.move(tmp, stateDir.resolve("watermark.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("watermark in " + stateDir + ": " + e.getMessage(), e);
        }
    }
}
