package dev.ember.ml.runtime;

import org.agrona.DirectBuffer;

import java.util.List;

/**
 * What a {@link ClusterAdapter} calls for each decoded message. Each side overrides the messages it expects;
 * the defaults refuse the rest with a {@link ProtocolException}.
 */
interface MessageHandler {

    /**
     * One executor in a membership.
     *
     * @param executorId its id
     * @param endpoint its host:port
     */
    record Member(int executorId, String endpoint) {
    }

    /** Hello from an executor. */
    default void onHello(long nonceHi, long nonceLo, long pid, int threads, long cacheMaxBytes, String endpoint,
                         String hostName) {
        throw unexpected("Hello");
    }

    /** Challenge from the driver. */
    default void onChallenge(long registrationId, long nonceHi, long nonceLo) {
        throw unexpected("Challenge");
    }

    /** Authenticate from an executor. */
    default void onAuthenticate(long registrationId, byte[] mac) {
        throw unexpected("Authenticate");
    }

    /** Welcome from the driver. */
    default void onWelcome(long registrationId, int executorId, int heartbeatIntervalMs, int driverTimeoutMs,
                           int chunkBytes, byte[] mac) {
        throw unexpected("Welcome");
    }

    /** Refused from the driver. */
    default void onRefused(long registrationId, String reason) {
        throw unexpected("Refused");
    }

    /** Heartbeat (executorId -1 from the driver). */
    default void onHeartbeat(int executorId, long epoch, long cacheMaxBytes, long cacheUsedBytes,
                             long cachePeakBytes, int cachedPartitions, long hits, long misses, long evictions) {
        throw unexpected("Heartbeat");
    }

    /** Membership from the driver. */
    default void onMembership(long epoch, List<Member> members) {
        throw unexpected("Membership");
    }

    /** TaskFailed from an executor. */
    default void onTaskFailed(int executorId, long roundId, long attempt, int partition, String message) {
        throw unexpected("TaskFailed");
    }

    /**
     * NodeFigures from an executor: what the plan's counting nodes produced in one task (sent just before its
     * TaskStatus(FINISHED)).
     */
    default void onNodeFigures(int executorId, long roundId, long attempt, int partition, boolean speculative,
                               List<dev.ember.ml.core.runtime.NodeMeters.Figures> figures) {
        throw unexpected("NodeFigures");
    }

    /** TaskStatus from an executor: a partition started, or finished in {@code nanos} over {@code rows} rows. */
    default void onTaskStatus(int executorId, long roundId, long attempt, int partition, boolean finished,
                              boolean speculative, long nanos, long rows) {
        throw unexpected("TaskStatus");
    }

    /** Speculate from the driver: run a copy of a partition's task of the current attempt. */
    default void onSpeculate(long roundId, long attempt, int partition) {
        throw unexpected("Speculate");
    }

    /** TaskOutOfMemory from an executor (rows and bytes -1 when the partition was not read yet). */
    default void onTaskOutOfMemory(int executorId, long roundId, long attempt, int partition, long partitionRows,
                                   long partitionBytes, long heapMaxBytes, long heapUsedBytes, String message) {
        throw unexpected("TaskOutOfMemory");
    }

    /** Shutdown from the driver. */
    default void onShutdown(int executorId, String reason) {
        throw unexpected("Shutdown");
    }

    /**
     * One chunk of a payload; the chunk's bytes are valid only during the call.
     */
    default void onPayload(int kind, boolean hasValue, long epoch, long id, long attempt, int level, int index,
                           int totalLength, int chunkOffset, DirectBuffer buffer, int offset, int length) {
        throw unexpected("Payload");
    }

    private static ProtocolException unexpected(String name) {
        return new ProtocolException("unexpected " + name + " message on this side of the protocol");
    }
}
