package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ember.ml.core.tracking.TrackingException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local spool: runs whose writes could not be sent to their MLflow server, kept until they can be.
 *
 * <pre>
 * SPOOL/RUN.json          the run's pending writes, in order (format ember-mlflow-spool, version 1), with its
 *                         tracking URI; rewritten after every write the server acknowledges, deleted at the end
 * SPOOL/RUN.lock          held by the process replaying the run, so two processes never send it twice
 * SPOOL/staging/RUN/...   copies of the run's artifacts and models waiting to be uploaded
 * SPOOL/ids/RUN           the server's id of a run started offline (a child run's parent may need it)
 * </pre>
 */
final class Spool {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    Spool(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path staging(String localId) {
        return dir.resolve("staging").resolve(localId);
    }

    Path file(String localId) {
        return dir.resolve(localId + ".json");
    }

    /**
     * Writes (or rewrites) a run's spool file atomically.
     *
     * @param run the run
     * @param inFlight an op being sent that is no longer in the queue, to keep first; or null
     * @return the file
     */
    Path write(PendingRun run, PendingRun.Op inFlight) {
        Path f = file(run.localId);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + run.localId, ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), run.toJson(inFlight));
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return f;
        } catch (IOException e) {
            throw new TrackingException("cannot write the tracking spool " + f + ": " + e, e);
        }
    }

    /** Deletes a finished run's spool file, staging directory and lock. */
    void delete(PendingRun run) {
        try {
            Files.deleteIfExists(file(run.localId));
        } catch (IOException ignored) {
            // a later replay finds nothing to send in it
        }
        Artifacts.deleteTree(staging(run.localId));
        release(run);
    }

    /** @return the spool files, oldest run first */
    List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))
                .forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        out.sort(Comparator.comparingLong(Spool::createdAt).thenComparing(Path::toString));
        return out;
    }

    private static long createdAt(Path f) {
        try {
            return JSON.readTree(f.toFile()).path("createdAt").asLong();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * @param f a spool file
     * @return its run
     */
    PendingRun read(Path f) {
        try {
            JsonNode o = JSON.readTree(f.toFile());
            if (!"ember-mlflow-spool".equals(o.path("format").asText()) || o.path("formatVersion").asInt() != 1) {
                throw new TrackingException(f + ": found format " + o.path("format") + " version "
                    + o.path("formatVersion") + ", expected ember-mlflow-spool version 1");
            }
            PendingRun r = PendingRun.fromJson(o);
            r.spoolFile = f;
            return r;
        } catch (IOException e) {
            throw new TrackingException("cannot read the tracking spool file " + f + ": " + e, e);
        }
    }

    /**
     * Takes the run's lock, so that no other process replays it.
     *
     * @param run the run
     * @return whether this process holds the lock now
     */
    boolean lock(PendingRun run) {
        if (run.lock != null) {
            return true;
        }
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(run.localId + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                return false;
            }
            run.lock = l;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Releases the run's lock, if held. */
    void release(PendingRun run) {
        FileLock l = run.lock;
        run.lock = null;
        if (l != null) {
            try {
                l.channel().close();
            } catch (IOException ignored) {
                // released with the channel
            }
            try {
                Files.deleteIfExists(dir.resolve(run.localId + ".lock"));
            } catch (IOException ignored) {
                // an empty lock file is harmless
            }
        }
    }

    /**
     * @param localId a run's provisional id
     * @param serverId the server's id for it
     */
    void remember(String localId, String serverId) {
        try {
            Files.createDirectories(dir.resolve("ids"));
            Files.writeString(dir.resolve("ids").resolve(localId), serverId);
        } catch (IOException ignored) {
            // only needed by a spooled child of this run
        }
    }

    /**
     * @param localId a run's provisional id
     * @return the server's id, if it was created
     */
    String serverIdOf(String localId) {
        Path f = dir.resolve("ids").resolve(localId);
        try {
            return Files.isRegularFile(f) ? Files.readString(f).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
