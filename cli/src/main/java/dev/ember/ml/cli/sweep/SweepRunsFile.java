package dev.ember.ml.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.InvalidArgumentException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a sweep's MLflow runs are, kept beside its journal ({@code <journal>.mlflow}) so that a resumed sweep
 * continues the same parent run and the same child run of a trial it runs again. JSON lines: the first names the
 * tracking URI, the experiment (name, and id where the store gave it at once) and the parent run id; each later one a trial's child run
 * ({@code {"trial":3,"runId":"..."}}; the last line for a trial wins).
 */
public final class SweepRunsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path path;
    private final String trackingUri;
    private final String experimentId;
    private final String parentRunId;
    private final Map<Integer, String> children = new ConcurrentHashMap<>();

    private SweepRunsFile(Path path, String trackingUri, String experimentId, String parentRunId) {
        this.path = path;
        this.trackingUri = trackingUri;
        this.experimentId = experimentId;
        this.parentRunId = parentRunId;
    }

    /**
     * @param journal a sweep journal
     * @return the file that records the sweep's runs beside it
     */
    public static Path pathFor(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".mlflow");
    }

    /**
     * Reads the runs recorded beside a journal.
     *
     * @param journal a sweep journal
     * @return the runs, or empty if none are recorded (a journal written with {@code --no-tracking} or by an Ember
     *     before this file existed)
     * @throws InvalidArgumentException naming the file and line if it is not what this class writes
     */
    public static Optional<SweepRunsFile> read(Path journal) {
        Path p = pathFor(journal);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
        SweepRunsFile f = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                if (i == lines.size() - 1 && f != null) {
                    break; // a partial last line: the process died while writing it
                }
                throw new InvalidArgumentException(p + ", line " + (i + 1) + ": not JSON: " + e.getMessage());
            }
            if (f == null) {
                if (!n.hasNonNull("parentRunId") || !n.hasNonNull("trackingUri")) {
                    throw new InvalidArgumentException(p + ", line " + (i + 1)
                        + ": expected trackingUri and parentRunId, found " + line);
                }
                f = new SweepRunsFile(p, n.path("trackingUri").asText(), n.path("experimentId").asText(null),
                    n.path("parentRunId").asText());
            } else if (n.has("trial") && n.hasNonNull("runId")) {
                f.children.put(n.path("trial").asInt(), n.path("runId").asText());
            }
        }
        return Optional.ofNullable(f);
    }

    /**
     * Records a new parent run beside the journal (replacing what was recorded).
     *
     * @param journal the sweep journal
     * @param trackingUri the store's URI
     * @param experiment the parent run's experiment name
     * @param experimentId its id, or null if the store did not give it at once (a server creates runs in the
     *     background)
     * @param parentRunId the parent run's id
     * @return the file
     */
    public static SweepRunsFile create(Path journal, String trackingUri, String experiment, String experimentId,
                                       String parentRunId) {
        Path p = pathFor(journal);
        SweepRunsFile f = new SweepRunsFile(p, normalizeUri(trackingUri), experimentId, parentRunId);
        ObjectNode head = JSON.createObjectNode().put("trackingUri", f.trackingUri)
            .put("experiment", experiment).put("experimentId", experimentId).put("parentRunId", parentRunId);
        try {
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(head) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
        return f;
    }

    /**
     * Records a trial's child run.
     *
     * @param trial the trial number
     * @param runId its child run's id
     */
    public synchronized void recordChild(int trial, String runId) {
        children.put(trial, runId);
        String line = JSON.createObjectNode().put("trial", trial).put("runId", runId).toString() + "\n";
        try {
            Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /**
     * @param trial a trial number
     * @return its recorded child run id, if any
     */
    public Optional<String> child(int trial) {
        return Optional.ofNullable(children.get(trial));
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return the tracking URI the runs are in (a local store's as an absolute path) */
    public String trackingUri() {
        return trackingUri;
    }

    /** @return the parent run's experiment id, or null if it was not known */
    public String experimentId() {
        return experimentId;
    }

    /** @return the parent run's id */
    public String parentRunId() {
        return parentRunId;
    }

    /**
     * @param trackingUri a tracking URI
     * @return whether it names the store these runs are in
     */
    public boolean sameStore(String trackingUri) {
        return trackingUri != null && normalizeUri(trackingUri).equals(this.trackingUri);
    }

    /**
     * @param uri a tracking URI: {@code http(s)://...}, a {@code file:} URI or a path
     * @return a server's URI without trailing slashes, a local store's absolute normalized path
     */
    public static String normalizeUri(String uri) {
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            return uri.replaceAll("/+$", "");
        }
        Path p = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        return p.toAbsolutePath().normalize().toString();
    }
}
