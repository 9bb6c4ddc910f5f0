package dev.ember.ml.features.schedule;

import dev.ember.ml.features.materialize.Interval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A lease on one interval of one view, so two schedulers on the same store never run it at once: a lock file
 * created exclusively ({@code O_CREAT|O_EXCL}) holding the owner's id; a lease whose file was not renewed for
 * {@code lease} is expired (its holder died) and may be taken over.
 */
public final class IntervalLock implements AutoCloseable {
    private final Path file;
    private final String owner;

    private IntervalLock(Path file, String owner) {
        this.file = file;
        this.owner = owner;
    }

    /**
     * @param dir the view's lock directory
     * @param interval the interval
     * @param owner this scheduler's id
     * @param lease how long a lock stays valid without renewal
     * @return the lock, or empty if another live scheduler holds it
     */
    public static Optional<IntervalLock> tryAcquire(Path dir, Interval interval, String owner, Duration lease) {
        Path f = dir.resolve(interval.start().getEpochSecond() + "-" + interval.end().getEpochSecond() + ".lock");
        try {
            Files.createDirectories(dir);
            for (int tries = 0; tries < 3; tries++) {
                try {
                    Files.writeString(Files.createFile(f), owner);
                    return Optional.of(new IntervalLock(f, owner));
                } catch (FileAlreadyExistsException held) {
                    try {
                        FileTime t = Files.getLastModifiedTime(f);
                        if (t.toInstant().plus(lease).isAfter(Instant.now())) {
                            return Optional.empty();
                        }
                        Files.deleteIfExists(f);
                    } catch (NoSuchFileException released) {
                        // released meanwhile: try again
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("interval lock " + f + ": " + e.getMessage(), e);
        }
    }

    /** Extends the lease. */
    public void renew() {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException("interval lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the lock file */
    public Path file() {
        return file;
    }

    /** Releases the lease if this owner still holds it. */
    @Override
    public void close() {
        try {
            if (Files.exists(file) && owner.equals(Files.readString(file))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // an expired lease taken over by another scheduler: not ours to delete
        }
    }
}
