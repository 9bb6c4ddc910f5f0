package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sweep's source of truth: an append-only file of JSON lines, one event per line, each forced to disk
 * ({@code fdatasync}) before the sweep goes on. Events:
 *
 * <pre>
 * {"event":"sweep","version":1,"name":..,"space":..,"sampler":..,"pruner":..,"direction":..,"time":..}
 * {"event":"started","trial":3,"params":{"lr.regParam":0.01,...},"time":..}
 * {"event":"report","trial":3,"step":10,"value":0.71}
 * {"event":"finished","trial":3,"state":"COMPLETE|PRUNED|FAILED|INTERRUPTED","value":0.73,"error":null,"time":..}
 * </pre>
 *
 * A process killed mid-write leaves at most one partial last line, which opening for append cuts off. A trial
 * with a "started" event and no final "finished" one was running when the process died (or was interrupted) and
 * is run again, with the same number and parameters, on resume.
 */
public final class SweepJournal implements Closeable {
    /** The journal format version; readers reject others. */
    public static final int CURRENT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path path;
    private final FileChannel channel;
    private long syncNanos;

    private SweepJournal(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens a journal for appending, creating it (and its directory) if absent, cutting a partial last line.
     *
     * @param path the file
     * @return the journal
     */
    public static SweepJournal openForAppend(Path path) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
            long size = ch.size();
            long keep = completeLength(ch, size);
            if (keep < size) {
                ch.truncate(keep);
            }
            ch.position(keep);
            return new SweepJournal(path, ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open sweep journal " + path, e);
        }
    }

    private static long completeLength(FileChannel ch, long size) throws IOException {
        long pos = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (pos > 0) {
            one.clear();
            ch.read(one, pos - 1);
            if (one.get(0) == '\n') {
                return pos;
            }
            pos--;
        }
        return 0;
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /**
     * Appends one event and forces it to disk.
     *
     * @param event the event
     */
    public synchronized void append(ObjectNode event) {
        try {
            byte[] line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            long t0 = System.nanoTime();
            channel.force(false);
            syncNanos += System.nanoTime() - t0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to sweep journal " + path, e);
        }
    }

    /** @return the time spent waiting for the disk (fdatasync) so far */
    public synchronized long syncNanos() {
        return syncNanos;
    }

    /** @return a new event node */
    static ObjectNode event(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", type);
        return n;
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    static void putValue(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else if (Double.isInfinite(v)) {
            n.put(field, v > 0 ? "Infinity" : "-Infinity");
        } else {
            n.put(field, v);
        }
    }

    static double getValue(JsonNode n) {
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (n.isTextual()) {
            return Double.parseDouble(n.asText());
        }
        return n.asDouble();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a journal (written by a running or finished sweep) without changing it.
     *
     * @param path the file
     * @return its contents
     */
    public static Contents read(Path path) {
        List<String> lines;
        try {
            byte[] bytes = Files.readAllBytes(path);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            lines = end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sweep journal " + path, e);
        }
        ObjectNode header = null;
        TreeMap<Integer, MutableTrial> trials = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode e;
            try {
                e = JSON.readTree(lines.get(i));
            } catch (IOException ex) {
                throw new InvalidArgumentException(path + " line " + (i + 1) + ": not JSON: " + ex.getMessage(), ex);
            }
            String type = e.path("event").asText();
            switch (type) {
                case "sweep" -> {
                    int v = e.path("version").asInt(-1);
                    if (v != CURRENT_VERSION) {
                        throw new InvalidArgumentException(path + " line " + (i + 1) + ": journal version " + v
                            + ", expected " + CURRENT_VERSION);
                    }
                    if (header == null) {
                        header = (ObjectNode) e;
                    }
                }
                case "started" -> {
                    MutableTrial t = new MutableTrial();
                    t.number = e.path("trial").asInt();
                    t.params = JSON.convertValue(e.path("params"), LinkedHashMap.class);
                    t.start = e.path("time").asLong();
                    trials.put(t.number, t);
                }
                case "report" -> {
                    MutableTrial t = trials.get(e.path("trial").asInt());
                    if (t != null) {
                        t.intermediates.put(e.path("step").asInt(), getValue(e.get("value")));
                    }
                }
                case "finished" -> {
                    MutableTrial t = trials.get(e.path("trial").asInt());
                    if (t != null) {
                        t.state = TrialState.valueOf(e.path("state").asText());
                        t.value = getValue(e.get("value"));
                        t.error = e.path("error").isNull() ? null : e.path("error").asText(null);
                        t.end = e.path("time").asLong();
                    }
                }
                default -> throw new InvalidArgumentException(path + " line " + (i + 1) + ": unknown event '"
                    + type + "'");
            }
        }
        List<TrialRecord> out = new ArrayList<>();
        for (MutableTrial t : trials.values()) {
            out.add(new TrialRecord(t.number, t.params, t.state, t.value, t.intermediates, t.error, t.start,
                t.end));
        }
        return new Contents(header, Collections.unmodifiableList(out));
    }

    /**
     * What a journal holds.
     *
     * @param header the "sweep" event, or null for an empty journal
     * @param trials every trial, in its latest state (RUNNING if it has no "finished" event), by number
     */
    public record Contents(ObjectNode header, List<TrialRecord> trials) {
    }

    private static final class MutableTrial {
        int number;
        Map<String, Object> params;
        TrialState state = TrialState.RUNNING;
        double value = Double.NaN;
        final TreeMap<Integer, Double> intermediates = new TreeMap<>();
        String error;
        long start;
        long end;
    }
}
