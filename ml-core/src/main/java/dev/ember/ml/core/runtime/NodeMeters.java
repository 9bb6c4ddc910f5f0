package dev.ember.ml.core.runtime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-node figures of a plan (partitions, rows, bytes, time) measured where the partitions are computed. A
 * counting node in the driver ({@link #register}) ships to executors as a {@code meter} lineage node
 * ({@link #descriptor}, rebuilt as a {@link MeterSource}); there every partition it produces is recorded into the
 * figures of the task running on that thread ({@link #startTask} / {@link #endTask}), which the executor sends
 * back with the task's status; the driver hands them to the registered node ({@link #deliver}), so the figures of
 * {@code explain(analyze)} are the same on a cluster as in-process. Nothing here is per row.
 */
public final class NodeMeters {
    /** The lineage kind of a counting node. */
    public static final String KIND = "meter";

    private static final Map<String, WeakReference<Handle>> REGISTERED = new ConcurrentHashMap<>();
    private static final ThreadLocal<Map<String, long[]>> TASK = new ThreadLocal<>();

    private NodeMeters() {
    }

    /** What a counting node does with figures measured elsewhere: adds one produced partition to its counters. */
    @FunctionalInterface
    public interface Recorder {
        /**
         * @param rows the partition's rows
         * @param bytes its off-heap bytes
         * @param nanos the time spent producing it
         */
        void record(long rows, long bytes, long nanos);
    }

    /** A registration: held by the counting node, which stays registered while it is reachable. */
    public static final class Handle {
        private final Recorder recorder;

        private Handle(Recorder recorder) {
            this.recorder = recorder;
        }
    }

    /**
     * One node's figures from one task.
     *
     * @param nodeId the counting node's id in the driver
     * @param partitions partitions produced
     * @param rows rows produced
     * @param bytes off-heap bytes produced
     * @param nanos time spent producing them
     */
    public record Figures(String nodeId, long partitions, long rows, long bytes, long nanos) {
    }

    /**
     * @param nodeId a counting node's id ({@link PartitionSource#id()})
     * @param recorder adds figures measured on executors to the node's counters
     * @return the handle the node must keep (the registry holds it weakly)
     */
    public static Handle register(String nodeId, Recorder recorder) {
        REGISTERED.values().removeIf(r -> r.get() == null);
        Handle h = new Handle(recorder);
        REGISTERED.put(nodeId, new WeakReference<>(h));
        return h;
    }

    /**
     * Adds an executor's figures to the registered node (driver side).
     *
     * @param f the figures
     * @return whether the node is registered here
     */
    public static boolean deliver(Figures f) {
        WeakReference<Handle> ref = REGISTERED.get(f.nodeId());
        Handle h = ref == null ? null : ref.get();
        if (h == null) {
            return false;
        }
        for (long p = 0; p < f.partitions(); p++) {
            // one call per partition produced; the task's rows, bytes and time go with the first, so sums are exact
            h.recorder.record(p == 0 ? f.rows() : 0, p == 0 ? f.bytes() : 0, p == 0 ? f.nanos() : 0);
        }
        return true;
    }

    /**
     * @param nodeId the counting node's id in the driver
     * @param label what it counts, for logs
     * @param counted the descriptor of the node whose partitions it counts
     * @return the descriptor an executor rebuilds as a {@link MeterSource}
     */
    public static SourceDescriptor descriptor(String nodeId, String label, SourceDescriptor counted) {
        var params = SourceDescriptor.newParams();
        params.put("label", label);
        return new SourceDescriptor(KIND, nodeId, params, List.of(counted));
    }

    /** Starts collecting the figures of the task on this thread (executor side). */
    public static void startTask() {
        TASK.set(new LinkedHashMap<>());
    }

    /** @return the figures collected since {@link #startTask} on this thread, and stops collecting */
    public static List<Figures> endTask() {
        Map<String, long[]> m = TASK.get();
        TASK.remove();
        if (m == null || m.isEmpty()) {
            return List.of();
        }
        List<Figures> out = new ArrayList<>(m.size());
        for (Map.Entry<String, long[]> e : m.entrySet()) {
            long[] v = e.getValue();
            out.add(new Figures(e.getKey(), v[0], v[1], v[2], v[3]));
        }
        return out;
    }

    /** Records one partition produced by a counting node into the task on this thread, if one is collecting. */
    static void recordHere(String nodeId, long rows, long bytes, long nanos) {
        Map<String, long[]> m = TASK.get();
        if (m == null) {
            return;
        }
        long[] v = m.computeIfAbsent(nodeId, k -> new long[4]);
        v[0]++;
        v[1] += rows;
        v[2] += bytes;
        v[3] += nanos;
    }
}
