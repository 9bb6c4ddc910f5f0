package dev.ember.ml.runtime;

import dev.ember.ml.runtime.codecs.AuthenticateEncoder;
import dev.ember.ml.runtime.codecs.BooleanType;
import dev.ember.ml.runtime.codecs.ChallengeEncoder;
import dev.ember.ml.runtime.codecs.HeartbeatEncoder;
import dev.ember.ml.runtime.codecs.HelloEncoder;
import dev.ember.ml.runtime.codecs.MembershipEncoder;
import dev.ember.ml.runtime.codecs.MessageHeaderEncoder;
import dev.ember.ml.runtime.codecs.PayloadEncoder;
import dev.ember.ml.runtime.codecs.PayloadKind;
import dev.ember.ml.runtime.codecs.RefusedEncoder;
import dev.ember.ml.runtime.codecs.ShutdownEncoder;
import dev.ember.ml.runtime.codecs.SpeculateEncoder;
import dev.ember.ml.runtime.codecs.TaskFailedEncoder;
import dev.ember.ml.runtime.codecs.TaskOutOfMemoryEncoder;
import dev.ember.ml.runtime.codecs.TaskState;
import dev.ember.ml.runtime.codecs.TaskStatusEncoder;
import dev.ember.ml.runtime.codecs.WelcomeEncoder;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encodes the protocol's messages and offers them to a publication with a bounded retry: back-pressure and a
 * peer not yet connected are retried until a deadline, then reported as {@code false} (never an exception), and
 * the caller decides (a lost peer is the heartbeats' business). Encoders and the buffer are fields, reused for
 * every message; payload chunks go out as a two-part offer (header, then a slice of the value), so values are
 * never copied into the send buffer. Not thread-safe: one proxy per sending thread.
 */
final class ClusterProxy {
    /** Room for a Payload's header and fixed block, before its chunk. */
    static final int PAYLOAD_HEADER_BYTES = MessageHeaderEncoder.ENCODED_LENGTH + PayloadEncoder.BLOCK_LENGTH
        + PayloadEncoder.chunkHeaderLength();

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final HelloEncoder hello = new HelloEncoder();
    private final ChallengeEncoder challenge = new ChallengeEncoder();
    private final AuthenticateEncoder authenticate = new AuthenticateEncoder();
    private final WelcomeEncoder welcome = new WelcomeEncoder();
    private final RefusedEncoder refused = new RefusedEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final MembershipEncoder membership = new MembershipEncoder();
    private final TaskFailedEncoder taskFailed = new TaskFailedEncoder();
    private final ShutdownEncoder shutdown = new ShutdownEncoder();
    private final PayloadEncoder payload = new PayloadEncoder();
    private final TaskStatusEncoder taskStatus = new TaskStatusEncoder();
    private final dev.ember.ml.runtime.codecs.NodeFiguresEncoder nodeFigures =
        new dev.ember.ml.runtime.codecs.NodeFiguresEncoder();
    private final SpeculateEncoder speculate = new SpeculateEncoder();
    private final TaskOutOfMemoryEncoder taskOom = new TaskOutOfMemoryEncoder();
    private final IdleStrategy idle;
    private final long timeoutNs;

    /**
     * @param timeoutMs how long an offer is retried before it is given up
     * @param maxParkMicros the longest park between retries
     */
    ClusterProxy(long timeoutMs, long maxParkMicros) {
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.idle = new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MICROSECONDS.toNanos(maxParkMicros));
    }

    /** @return the buffer messages are encoded into (for tests) */
    MutableDirectBuffer buffer() {
        return buffer;
    }

    int encodeHello(long[] nonce, long pid, int threads, long cacheMaxBytes, String endpoint, String hostName) {
        hello.wrapAndApplyHeader(buffer, 0, header).nonceHi(nonce[0]).nonceLo(nonce[1]).pid(pid).threads(threads)
            .cacheMaxBytes(cacheMaxBytes).endpoint(endpoint).hostName(hostName);
        return MessageHeaderEncoder.ENCODED_LENGTH + hello.encodedLength();
    }

    int encodeChallenge(long registrationId, long[] nonce) {
        challenge.wrapAndApplyHeader(buffer, 0, header).registrationId(registrationId).nonceHi(nonce[0])
            .nonceLo(nonce[1]);
        return MessageHeaderEncoder.ENCODED_LENGTH + challenge.encodedLength();
    }

    int encodeAuthenticate(long registrationId, byte[] mac) {
        authenticate.wrapAndApplyHeader(buffer, 0, header).registrationId(registrationId).putMac(mac, 0, mac.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + authenticate.encodedLength();
    }

    int encodeWelcome(long registrationId, int executorId, int heartbeatIntervalMs, int driverTimeoutMs,
                      int chunkBytes, byte[] mac) {
        welcome.wrapAndApplyHeader(buffer, 0, header).registrationId(registrationId).executorId(executorId)
            .heartbeatIntervalMs(heartbeatIntervalMs).driverTimeoutMs(driverTimeoutMs).chunkBytes(chunkBytes)
            .putMac(mac, 0, mac.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + welcome.encodedLength();
    }

    int encodeRefused(long registrationId, String reason) {
        refused.wrapAndApplyHeader(buffer, 0, header).registrationId(registrationId).reason(reason);
        return MessageHeaderEncoder.ENCODED_LENGTH + refused.encodedLength();
    }

    int encodeHeartbeat(int executorId, long epoch, long maxBytes, long usedBytes, long peakBytes, int partitions,
                        long hits, long misses, long evictions) {
        heartbeat.wrapAndApplyHeader(buffer, 0, header).executorId(executorId).epoch(epoch).cacheMaxBytes(maxBytes)
            .cacheUsedBytes(usedBytes).cachePeakBytes(peakBytes).cachedPartitions(partitions).cacheHits(hits)
            .cacheMisses(misses).cacheEvictions(evictions);
        return MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength();
    }

    int encodeMembership(long epoch, List<MessageHandler.Member> members) {
        membership.wrapAndApplyHeader(buffer, 0, header).epoch(epoch);
        MembershipEncoder.MembersEncoder g = membership.membersCount(members.size());
        for (MessageHandler.Member m : members) {
            g.next().executorId(m.executorId()).endpoint(m.endpoint());
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + membership.encodedLength();
    }

    int encodeTaskFailed(int executorId, long roundId, long attempt, int partition, String message) {
        taskFailed.wrapAndApplyHeader(buffer, 0, header).executorId(executorId).roundId(roundId).attempt(attempt)
            .partition(partition).message(message);
        return MessageHeaderEncoder.ENCODED_LENGTH + taskFailed.encodedLength();
    }

    int encodeTaskStatus(int executorId, long roundId, long attempt, int partition, boolean finished,
                         boolean speculative, long nanos, long rows) {
        taskStatus.wrapAndApplyHeader(buffer, 0, header).executorId(executorId).roundId(roundId).attempt(attempt)
            .partition(partition).state(finished ? TaskState.FINISHED : TaskState.STARTED)
            .speculative(speculative ? BooleanType.TRUE : BooleanType.FALSE).nanos(nanos).rows(rows);
        return MessageHeaderEncoder.ENCODED_LENGTH + taskStatus.encodedLength();
    }

    int encodeNodeFigures(int executorId, long roundId, long attempt, int partition, boolean speculative,
                          List<dev.ember.ml.core.runtime.NodeMeters.Figures> figures) {
        nodeFigures.wrapAndApplyHeader(buffer, 0, header).executorId(executorId).roundId(roundId).attempt(attempt)
            .partition(partition).speculative(speculative ? BooleanType.TRUE : BooleanType.FALSE);
        var g = nodeFigures.nodesCount(figures.size());
        for (var f : figures) {
            g.next().partitions(f.partitions()).rows(f.rows()).bytes(f.bytes()).nanos(f.nanos()).nodeId(f.nodeId());
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + nodeFigures.encodedLength();
    }

    int encodeSpeculate(long roundId, long attempt, int partition) {
        speculate.wrapAndApplyHeader(buffer, 0, header).roundId(roundId).attempt(attempt).partition(partition);
        return MessageHeaderEncoder.ENCODED_LENGTH + speculate.encodedLength();
    }

    int encodeTaskOutOfMemory(int executorId, long roundId, long attempt, int partition, long rows, long bytes,
                              long heapMax, long heapUsed, String message) {
        taskOom.wrapAndApplyHeader(buffer, 0, header).executorId(executorId).roundId(roundId).attempt(attempt)
            .partition(partition).partitionRows(rows).partitionBytes(bytes).heapMaxBytes(heapMax)
            .heapUsedBytes(heapUsed).message(message);
        return MessageHeaderEncoder.ENCODED_LENGTH + taskOom.encodedLength();
    }

    int encodeShutdown(int executorId, String reason) {
        shutdown.wrapAndApplyHeader(buffer, 0, header).executorId(executorId).reason(reason);
        return MessageHeaderEncoder.ENCODED_LENGTH + shutdown.encodedLength();
    }

    /**
     * Encodes a Payload header for one chunk, up to and including the chunk's length prefix.
     *
     * @return the header's length; the chunk's bytes follow it
     */
    int encodePayloadHeader(int kind, boolean hasValue, long epoch, long id, long attempt, int level, int index,
                            int totalLength, int chunkOffset, int chunkLength) {
        payload.wrapAndApplyHeader(buffer, 0, header).kind(PayloadKind.get((short) kind))
            .hasValue(hasValue ? BooleanType.TRUE : BooleanType.FALSE).epoch(epoch).id(id).attempt(attempt)
            .level(level).index(index).totalLength(totalLength).chunkOffset(chunkOffset);
        int limit = payload.limit();
        buffer.putInt(limit, chunkLength, ByteOrder.LITTLE_ENDIAN);
        return limit + PayloadEncoder.chunkHeaderLength();
    }

    /**
     * Offers the message just encoded.
     *
     * @param publication where to
     * @param length the message's length
     * @return whether it was sent before the deadline
     */
    boolean send(Publication publication, int length) {
        return offer(publication, buffer, 0, length, null, 0, 0, timeoutNs);
    }

    /**
     * Offers the message just encoded, with its own deadline.
     *
     * @param publication where to
     * @param length the message's length
     * @param timeoutMs how long to retry
     * @return whether it was sent before the deadline
     */
    boolean send(Publication publication, int length, long timeoutMs) {
        return offer(publication, buffer, 0, length, null, 0, 0, TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    }

    /**
     * Sends a value as Payload chunks of at most {@code chunkBytes}.
     *
     * @return whether every chunk was sent before its deadline
     */
    boolean sendPayload(Publication publication, int kind, boolean hasValue, long epoch, long id, long attempt,
                        int level, int index, byte[] value, int chunkBytes) {
        int total = value == null ? 0 : value.length;
        int chunk = Math.max(1, Math.min(chunkBytes, publication.maxMessageLength() - PAYLOAD_HEADER_BYTES));
        if (value != null) {
            valueView.wrap(value);
        }
        int offset = 0;
        do {
            int n = Math.min(chunk, total - offset);
            int h = encodePayloadHeader(kind, hasValue, epoch, id, attempt, level, index, total, offset, n);
            if (!offer(publication, buffer, 0, h, n == 0 ? null : valueView, offset, n, timeoutNs)) {
                return false;
            }
            offset += n;
        } while (offset < total);
        return true;
    }

    private boolean offer(Publication p, DirectBuffer b1, int o1, int l1, DirectBuffer b2, int o2, int l2,
                          long timeout) {
        long deadline = System.nanoTime() + timeout;
        idle.reset();
        while (true) {
            long r = b2 == null ? p.offer(b1, o1, l1) : p.offer(b1, o1, l1, b2, o2, l2);
            if (r > 0) {
                return true;
            }
            if (r == Publication.CLOSED || r == Publication.MAX_POSITION_EXCEEDED) {
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            idle.idle();
        }
    }
}
