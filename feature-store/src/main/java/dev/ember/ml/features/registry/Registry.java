package dev.ember.ml.features.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.features.Entity;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The registry: {@code registry.json} in a directory, holding a {@link RegistryState}. Every apply is a
 * transaction: the new state is written aside, then, under a short-lived lock file ({@code registry.lock}, created
 * exclusively; a lock older than {@link #STALE_LOCK} is taken over), the version on disk is compared with the
 * version the plan was made from and, only if equal, the file is replaced by an atomic rename. A writer that lost
 * the race gets a {@link RegistryConflictException} and nothing changes. Each committed version is also kept as
 * {@code history/registry.v<N>.json}.
 */
public final class Registry {
    /** The format version of {@code registry.json}. */
    public static final int CURRENT_FORMAT = 1;
    /** A lock file older than this is left over from a crashed writer and is taken over. */
    public static final Duration STALE_LOCK = Duration.ofSeconds(30);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(20);
    private final Path dir;

    /**
     * @param dir the registry's directory (created on first apply)
     */
    public Registry(Path dir) {
        this.dir = dir;
    }

    /** @return the registry's file */
    public Path file() {
        return dir.resolve("registry.json");
    }

    /** @return the committed state ({@link RegistryState#empty()} before the first apply) */
    public RegistryState read() {
        try {
            return fromJson(DefinitionsJson.JSON.readTree(Files.readString(file())));
        } catch (NoSuchFileException e) {
            return RegistryState.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("registry " + file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param repo the declared definitions
     * @return the diff from the committed state to them
     */
    public Plan plan(FeatureRepository repo) {
        return Plan.of(read(), repo);
    }

    /**
     * Commits a plan if the registry is still at the version the plan was made from.
     *
     * @param plan a plan without errors
     * @return the new state
     * @throws InvalidStateException if the plan has errors
     * @throws RegistryConflictException if another writer committed since
     */
    public RegistryState apply(Plan plan) {
        if (plan.hasErrors()) {
            throw new InvalidStateException("plan has errors, nothing applied:\n  " + String.join("\n  ",
                plan.errors()));
        }
        RegistryState next = plan.result();
        return commit(plan.baseVersion(), next);
    }

    private RegistryState commit(long expected, RegistryState next) {
        try {
            Files.createDirectories(dir.resolve("history"));
            RegistryState stamped = new RegistryState(expected + 1, next.baseDir(), next.entities(), next.views(),
                next.deleted());
            byte[] bytes = DefinitionsJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(stamped));
            Path tmp = dir.resolve(".registry." + UUID.randomUUID() + ".tmp");
            write(tmp, bytes);
            Path lock = dir.resolve("registry.lock");
            acquire(lock);
            try {
                long onDisk = read().version();
                if (onDisk != expected) {
                    Files.deleteIfExists(tmp);
                    throw new RegistryConflictException("registry " + file() + ": found version " + onDisk
                        + ", expected " + expected + " (another apply committed first); plan again");
                }
                Files.copy(tmp, dir.resolve("history/registry.v" + stamped.version() + ".json"),
                    StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(lock);
            }
            return stamped;
        } catch (IOException e) {
            throw new UncheckedIOException("registry " + file() + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path tmp, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
    }

    private static void acquire(Path lock) throws IOException {
        Instant deadline = Instant.now().plus(LOCK_WAIT);
        while (true) {
            try {
                Files.createFile(lock);
                return;
            } catch (FileAlreadyExistsException e) {
                try {
                    FileTime t = Files.getLastModifiedTime(lock);
                    if (t.toInstant().plus(STALE_LOCK).isBefore(Instant.now())) {
                        Files.deleteIfExists(lock);
                        continue;
                    }
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new MlException("registry lock " + lock + " held for over " + LOCK_WAIT.toSeconds()
                        + " s by another writer");
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new MlException("interrupted waiting for registry lock " + lock, ie);
                }
            }
        }
    }

    static ObjectNode toJson(RegistryState s) {
        ObjectNode n = DefinitionsJson.JSON.createObjectNode();
        n.put("format", CURRENT_FORMAT);
        n.put("version", s.version());
        n.put("committed_at", Instant.now().toString());
        n.put("base_dir", s.baseDir() == null ? null : s.baseDir().toAbsolutePath().toString());
        ArrayNode es = n.putArray("entities");
        new TreeMap<>(s.entities()).values().forEach(e -> es.add(DefinitionsJson.entity(e)));
        ArrayNode vs = n.putArray("views");
        new TreeMap<>(s.views()).forEach((name, versions) -> versions.values()
            .forEach(v -> vs.add(DefinitionsJson.view(v))));
        ArrayNode del = n.putArray("deleted");
        s.deleted().stream().sorted().forEach(del::add);
        return n;
    }

    static RegistryState fromJson(JsonNode n) {
        int format = n.path("format").asInt(-1);
        if (format != CURRENT_FORMAT) {
            throw new MlException("registry format " + format + " is not supported, expected " + CURRENT_FORMAT);
        }
        Map<String, Entity> es = new LinkedHashMap<>();
        n.get("entities").forEach(e -> {
            Entity en = DefinitionsJson.entity(e);
            es.put(en.name(), en);
        });
        Map<String, TreeMap<Integer, FeatureView>> vs = new LinkedHashMap<>();
        n.get("views").forEach(v -> {
            FeatureView fv = DefinitionsJson.view(v);
            vs.computeIfAbsent(fv.name(), k -> new TreeMap<>()).put(fv.version(), fv);
        });
        List<String> deleted = new ArrayList<>();
        n.path("deleted").forEach(d -> deleted.add(d.asText()));
        return new RegistryState(n.get("version").asLong(), n.hasNonNull("base_dir")
            ? Path.of(n.get("base_dir").asText()) : null, es, vs, deleted);
    }
}
