package dev.ember.ml.runtime;

import dev.ember.ml.runtime.codecs.AuthenticateDecoder;
import dev.ember.ml.runtime.codecs.BooleanType;
import dev.ember.ml.runtime.codecs.ChallengeDecoder;
import dev.ember.ml.runtime.codecs.HeartbeatDecoder;
import dev.ember.ml.runtime.codecs.HelloDecoder;
import dev.ember.ml.runtime.codecs.MembershipDecoder;
import dev.ember.ml.runtime.codecs.MessageHeaderDecoder;
import dev.ember.ml.runtime.codecs.PayloadDecoder;
import dev.ember.ml.runtime.codecs.PayloadKind;
import dev.ember.ml.runtime.codecs.RefusedDecoder;
import dev.ember.ml.runtime.codecs.ShutdownDecoder;
import dev.ember.ml.runtime.codecs.SpeculateDecoder;
import dev.ember.ml.runtime.codecs.TaskFailedDecoder;
import dev.ember.ml.runtime.codecs.TaskOutOfMemoryDecoder;
import dev.ember.ml.runtime.codecs.TaskState;
import dev.ember.ml.runtime.codecs.TaskStatusDecoder;
import dev.ember.ml.runtime.codecs.WelcomeDecoder;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the messages of both streams and calls a {@link MessageHandler}: checks the header (schema id,
 * version, template, block length), reads only within the fragment (a bounded view, so an overrun is an error,
 * not a read of the next message), and checks every variable-length field against the bytes that remain before
 * allocating for it. A message that fails any check raises {@link ProtocolException}; the conductors catch it,
 * count it and carry on.
 */
final class ClusterAdapter implements FragmentHandler {
    /** The longest endpoint, host name, reason or MAC accepted. */
    static final int MAX_TEXT_BYTES = 64 * 1024;

    private final MessageHandler handler;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final HelloDecoder hello = new HelloDecoder();
    private final ChallengeDecoder challenge = new ChallengeDecoder();
    private final AuthenticateDecoder authenticate = new AuthenticateDecoder();
    private final WelcomeDecoder welcome = new WelcomeDecoder();
    private final RefusedDecoder refused = new RefusedDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final MembershipDecoder membership = new MembershipDecoder();
    private final TaskFailedDecoder taskFailed = new TaskFailedDecoder();
    private final ShutdownDecoder shutdown = new ShutdownDecoder();
    private final PayloadDecoder payload = new PayloadDecoder();
    private final TaskStatusDecoder taskStatus = new TaskStatusDecoder();
    private final dev.ember.ml.runtime.codecs.NodeFiguresDecoder nodeFigures =
        new dev.ember.ml.runtime.codecs.NodeFiguresDecoder();
    private final SpeculateDecoder speculate = new SpeculateDecoder();
    private final TaskOutOfMemoryDecoder taskOom = new TaskOutOfMemoryDecoder();

    /** @param handler where decoded messages go */
    ClusterAdapter(MessageHandler handler) {
        this.handler = handler;
    }

    @Override
    public void onFragment(DirectBuffer buffer, int offset, int length, Header h) {
        decode(buffer, offset, length);
    }

    /**
     * @param buffer the bytes
     * @param offset the message's start
     * @param length the message's length
     * @throws ProtocolException if the message is malformed
     */
    void decode(DirectBuffer buffer, int offset, int length) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new ProtocolException("message: found " + length + " bytes, expected at least the "
                + MessageHeaderDecoder.ENCODED_LENGTH + "-byte header");
        }
        view.wrap(buffer, offset, length);
        header.wrap(view, 0);
        int schemaId = header.schemaId();
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID) {
            throw new ProtocolException("message: found schema id " + schemaId + ", expected "
                + MessageHeaderDecoder.SCHEMA_ID);
        }
        int version = header.version();
        if (version != MessageHeaderDecoder.SCHEMA_VERSION) {
            throw new ProtocolException("message: found schema version " + version + ", expected "
                + MessageHeaderDecoder.SCHEMA_VERSION);
        }
        int templateId = header.templateId();
        int blockLength = header.blockLength();
        int at = MessageHeaderDecoder.ENCODED_LENGTH;
        try {
            switch (templateId) {
                case HelloDecoder.TEMPLATE_ID -> onHello(at, blockLength, length);
                case ChallengeDecoder.TEMPLATE_ID -> {
                    check("Challenge", ChallengeDecoder.BLOCK_LENGTH, blockLength, length);
                    challenge.wrap(view, at, blockLength, version);
                    handler.onChallenge(challenge.registrationId(), challenge.nonceHi(), challenge.nonceLo());
                }
                case AuthenticateDecoder.TEMPLATE_ID -> {
                    check("Authenticate", AuthenticateDecoder.BLOCK_LENGTH, blockLength, length);
                    authenticate.wrap(view, at, blockLength, version);
                    long reg = authenticate.registrationId();
                    byte[] mac = new byte[varLength("Authenticate.mac", authenticate.limit(),
                        authenticate.macLength(), length)];
                    authenticate.getMac(mac, 0, mac.length);
                    handler.onAuthenticate(reg, mac);
                }
                case WelcomeDecoder.TEMPLATE_ID -> {
                    check("Welcome", WelcomeDecoder.BLOCK_LENGTH, blockLength, length);
                    welcome.wrap(view, at, blockLength, version);
                    long reg = welcome.registrationId();
                    int id = welcome.executorId();
                    int hb = welcome.heartbeatIntervalMs();
                    int timeout = welcome.driverTimeoutMs();
                    int chunk = welcome.chunkBytes();
                    byte[] mac = new byte[varLength("Welcome.mac", welcome.limit(), welcome.macLength(), length)];
                    welcome.getMac(mac, 0, mac.length);
                    handler.onWelcome(reg, id, hb, timeout, chunk, mac);
                }
                case RefusedDecoder.TEMPLATE_ID -> {
                    check("Refused", RefusedDecoder.BLOCK_LENGTH, blockLength, length);
                    refused.wrap(view, at, blockLength, version);
                    long reg = refused.registrationId();
                    byte[] reason = new byte[varLength("Refused.reason", refused.limit(), refused.reasonLength(),
                        length)];
                    refused.getReason(reason, 0, reason.length);
                    handler.onRefused(reg, utf8(reason));
                }
                case HeartbeatDecoder.TEMPLATE_ID -> {
                    check("Heartbeat", HeartbeatDecoder.BLOCK_LENGTH, blockLength, length);
                    heartbeat.wrap(view, at, blockLength, version);
                    handler.onHeartbeat(heartbeat.executorId(), heartbeat.epoch(), heartbeat.cacheMaxBytes(),
                        heartbeat.cacheUsedBytes(), heartbeat.cachePeakBytes(), heartbeat.cachedPartitions(),
                        heartbeat.cacheHits(), heartbeat.cacheMisses(), heartbeat.cacheEvictions());
                }
                case MembershipDecoder.TEMPLATE_ID -> onMembership(at, blockLength, length, version);
                case TaskFailedDecoder.TEMPLATE_ID -> {
                    check("TaskFailed", TaskFailedDecoder.BLOCK_LENGTH, blockLength, length);
                    taskFailed.wrap(view, at, blockLength, version);
                    int id = taskFailed.executorId();
                    long round = taskFailed.roundId();
                    long attempt = taskFailed.attempt();
                    int partition = taskFailed.partition();
                    byte[] msg = new byte[varLength("TaskFailed.message", taskFailed.limit(),
                        taskFailed.messageLength(), length)];
                    taskFailed.getMessage(msg, 0, msg.length);
                    handler.onTaskFailed(id, round, attempt, partition, utf8(msg));
                }
                case ShutdownDecoder.TEMPLATE_ID -> {
                    check("Shutdown", ShutdownDecoder.BLOCK_LENGTH, blockLength, length);
                    shutdown.wrap(view, at, blockLength, version);
                    int id = shutdown.executorId();
                    byte[] reason = new byte[varLength("Shutdown.reason", shutdown.limit(), shutdown.reasonLength(),
                        length)];
                    shutdown.getReason(reason, 0, reason.length);
                    handler.onShutdown(id, utf8(reason));
                }
                case PayloadDecoder.TEMPLATE_ID -> onPayload(at, blockLength, length, version);
                case TaskStatusDecoder.TEMPLATE_ID -> onTaskStatus(at, blockLength, length, version);
                case dev.ember.ml.runtime.codecs.NodeFiguresDecoder.TEMPLATE_ID ->
                    onNodeFigures(at, blockLength, length, version);
                case SpeculateDecoder.TEMPLATE_ID -> {
                    check("Speculate", SpeculateDecoder.BLOCK_LENGTH, blockLength, length);
                    speculate.wrap(view, at, blockLength, version);
                    handler.onSpeculate(speculate.roundId(), speculate.attempt(), speculate.partition());
                }
                case TaskOutOfMemoryDecoder.TEMPLATE_ID -> {
                    check("TaskOutOfMemory", TaskOutOfMemoryDecoder.BLOCK_LENGTH, blockLength, length);
                    taskOom.wrap(view, at, blockLength, version);
                    int id = taskOom.executorId();
                    long round = taskOom.roundId();
                    long attempt = taskOom.attempt();
                    int partition = taskOom.partition();
                    long rows = taskOom.partitionRows();
                    long bytes = taskOom.partitionBytes();
                    long heapMax = taskOom.heapMaxBytes();
                    long heapUsed = taskOom.heapUsedBytes();
                    byte[] msg = new byte[varLength("TaskOutOfMemory.message", taskOom.limit(),
                        taskOom.messageLength(), length)];
                    taskOom.getMessage(msg, 0, msg.length);
                    handler.onTaskOutOfMemory(id, round, attempt, partition, rows, bytes, heapMax, heapUsed,
                        utf8(msg));
                }
                default -> throw new ProtocolException("message: found template id " + templateId
                    + ", expected a message of the Ember cluster schema");
            }
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException("message (template " + templateId + "): truncated, " + length
                + " bytes (" + e.getMessage() + ")", e);
        }
    }

    private void onHello(int at, int blockLength, int length) {
        check("Hello", HelloDecoder.BLOCK_LENGTH, blockLength, length);
        hello.wrap(view, at, blockLength, header.version());
        long hi = hello.nonceHi();
        long lo = hello.nonceLo();
        long pid = hello.pid();
        int threads = hello.threads();
        long cache = hello.cacheMaxBytes();
        byte[] endpoint = new byte[textLength("Hello.endpoint", hello.limit(), hello.endpointLength(), length)];
        hello.getEndpoint(endpoint, 0, endpoint.length);
        byte[] host = new byte[textLength("Hello.hostName", hello.limit(), hello.hostNameLength(), length)];
        hello.getHostName(host, 0, host.length);
        handler.onHello(hi, lo, pid, threads, cache, utf8(endpoint), utf8(host));
    }

    private void onMembership(int at, int blockLength, int length, int version) {
        check("Membership", MembershipDecoder.BLOCK_LENGTH, blockLength, length);
        membership.wrap(view, at, blockLength, version);
        long epoch = membership.epoch();
        MembershipDecoder.MembersDecoder members = membership.members();
        if (members.actingBlockLength() < MembershipDecoder.MembersDecoder.sbeBlockLength()) {
            throw new ProtocolException("Membership.members: found block length " + members.actingBlockLength()
                + ", expected at least " + MembershipDecoder.MembersDecoder.sbeBlockLength());
        }
        List<MessageHandler.Member> out = new ArrayList<>(members.count());
        while (members.hasNext()) {
            members.next();
            int id = members.executorId();
            byte[] ep = new byte[textLength("Membership.endpoint", membership.limit(), members.endpointLength(),
                length)];
            members.getEndpoint(ep, 0, ep.length);
            out.add(new MessageHandler.Member(id, utf8(ep)));
        }
        handler.onMembership(epoch, out);
    }

    private void onPayload(int at, int blockLength, int length, int version) {
        check("Payload", PayloadDecoder.BLOCK_LENGTH, blockLength, length);
        payload.wrap(view, at, blockLength, version);
        short kind = payload.kindRaw();
        if (kind < PayloadKind.TASK.value() || kind > PayloadKind.RESULT.value()) {
            throw new ProtocolException("Payload: found kind " + kind + ", expected " + PayloadKind.TASK.value()
                + ".." + PayloadKind.RESULT.value());
        }
        short hasValue = payload.hasValueRaw();
        if (hasValue != BooleanType.FALSE.value() && hasValue != BooleanType.TRUE.value()) {
            throw new ProtocolException("Payload: found hasValue " + hasValue + ", expected 0 or 1");
        }
        long epoch = payload.epoch();
        long id = payload.id();
        long attempt = payload.attempt();
        int level = payload.level();
        int index = payload.index();
        int total = payload.totalLength();
        int chunkOffset = payload.chunkOffset();
        int chunkLength = varLength("Payload.chunk", payload.limit(), payload.chunkLength(), length);
        int dataAt = payload.limit() + PayloadDecoder.chunkHeaderLength();
        handler.onPayload(kind, hasValue == BooleanType.TRUE.value(), epoch, id, attempt, level, index, total,
            chunkOffset, view, dataAt, chunkLength);
    }

    private void onNodeFigures(int at, int blockLength, int length, int version) {
        var d = nodeFigures;
        check("NodeFigures", dev.ember.ml.runtime.codecs.NodeFiguresDecoder.BLOCK_LENGTH, blockLength, length);
        d.wrap(view, at, blockLength, version);
        short speculative = d.speculativeRaw();
        if (speculative != BooleanType.FALSE.value() && speculative != BooleanType.TRUE.value()) {
            throw new ProtocolException("NodeFigures: found speculative " + speculative + ", expected 0 or 1");
        }
        int executorId = d.executorId();
        long roundId = d.roundId();
        long attempt = d.attempt();
        int partition = d.partition();
        var nodes = d.nodes();
        if (nodes.actingBlockLength() < dev.ember.ml.runtime.codecs.NodeFiguresDecoder.NodesDecoder.sbeBlockLength()) {
            throw new ProtocolException("NodeFigures.nodes: found block length " + nodes.actingBlockLength()
                + ", expected at least "
                + dev.ember.ml.runtime.codecs.NodeFiguresDecoder.NodesDecoder.sbeBlockLength());
        }
        List<dev.ember.ml.core.runtime.NodeMeters.Figures> out = new ArrayList<>(nodes.count());
        while (nodes.hasNext()) {
            nodes.next();
            long partitions = nodes.partitions();
            long rows = nodes.rows();
            long bytes = nodes.bytes();
            long nanos = nodes.nanos();
            byte[] id = new byte[textLength("NodeFigures.nodeId", d.limit(), nodes.nodeIdLength(), length)];
            nodes.getNodeId(id, 0, id.length);
            if (partitions < 0 || rows < 0 || bytes < 0) {
                throw new ProtocolException("NodeFigures: found " + partitions + " partitions, " + rows + " rows, "
                    + bytes + " bytes, expected counts >= 0");
            }
            out.add(new dev.ember.ml.core.runtime.NodeMeters.Figures(utf8(id), partitions, rows, bytes, nanos));
        }
        handler.onNodeFigures(executorId, roundId, attempt, partition, speculative == BooleanType.TRUE.value(), out);
    }

    private void onTaskStatus(int at, int blockLength, int length, int version) {
        check("TaskStatus", TaskStatusDecoder.BLOCK_LENGTH, blockLength, length);
        taskStatus.wrap(view, at, blockLength, version);
        short state = taskStatus.stateRaw();
        if (state != TaskState.STARTED.value() && state != TaskState.FINISHED.value()) {
            throw new ProtocolException("TaskStatus: found state " + state + ", expected "
                + TaskState.STARTED.value() + " or " + TaskState.FINISHED.value());
        }
        short speculative = taskStatus.speculativeRaw();
        if (speculative != BooleanType.FALSE.value() && speculative != BooleanType.TRUE.value()) {
            throw new ProtocolException("TaskStatus: found speculative " + speculative + ", expected 0 or 1");
        }
        handler.onTaskStatus(taskStatus.executorId(), taskStatus.roundId(), taskStatus.attempt(),
            taskStatus.partition(), state == TaskState.FINISHED.value(), speculative == BooleanType.TRUE.value(),
            taskStatus.nanos(), taskStatus.rows());
    }

    private static void check(String name, int expectedBlock, int blockLength, int length) {
        if (blockLength < expectedBlock) {
            throw new ProtocolException(name + ": found block length " + blockLength + ", expected at least "
                + expectedBlock);
        }
        if (MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length) {
            throw new ProtocolException(name + ": found " + length + " bytes, expected at least "
                + (MessageHeaderDecoder.ENCODED_LENGTH + blockLength) + " for its block");
        }
    }

    /** Checks a var field's length (read at limit) against the bytes after its 4-byte prefix. */
    private static int varLength(String name, int limit, int varLength, int length) {
        long remaining = (long) length - limit - 4;
        if (varLength < 0 || varLength > remaining) {
            throw new ProtocolException(name + ": found length " + Integer.toUnsignedString(varLength)
                + ", expected at most the " + Math.max(0, remaining) + " bytes that remain");
        }
        return varLength;
    }

    private static int textLength(String name, int limit, int varLength, int length) {
        int n = varLength(name, limit, varLength, length);
        if (n > MAX_TEXT_BYTES) {
            throw new ProtocolException(name + ": found " + n + " bytes, expected at most " + MAX_TEXT_BYTES);
        }
        return n;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
