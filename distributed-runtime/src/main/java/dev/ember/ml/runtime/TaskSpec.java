package dev.ember.ml.runtime;

import dev.ember.ml.core.observe.TraceContext;
import dev.ember.ml.runtime.codecs.BroadcastValueDecoder;
import dev.ember.ml.runtime.codecs.BroadcastValueEncoder;
import dev.ember.ml.runtime.codecs.MessageHeaderDecoder;
import dev.ember.ml.runtime.codecs.MessageHeaderEncoder;
import dev.ember.ml.runtime.codecs.TaskDecoder;
import dev.ember.ml.runtime.codecs.TaskEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A round as executors see it, the content of a Payload(TASK), with its SBE codec (the Task message) and the
 * codec of the BroadcastValue message.
 *
 * @param roundId the round
 * @param attempt the attempt (a round is re-run after an executor loss)
 * @param epoch the membership epoch the attempt runs in
 * @param planId the lineage plan to read
 * @param depth the tree depth
 * @param numPartitions the number of partitions
 * @param broadcasts the broadcasts the kernel reads
 * @param released broadcasts destroyed since the last task, to free
 * @param kernelClass the registered aggregate kernel
 * @param params the kernel params ({@link WireParams})
 * @param owners the executor of each partition
 * @param unpersisted driver source ids no longer cached
 * @param trace the ids of the fit the round works for, for the executors' log context
 */
record TaskSpec(long roundId, long attempt, long epoch, long planId, int depth, int numPartitions, long[] broadcasts,
                long[] released, String kernelClass, byte[] params, int[] owners, List<String> unpersisted,
                TraceContext trace) {

    /** A task outside any fit. */
    TaskSpec(long roundId, long attempt, long epoch, long planId, int depth, int numPartitions, long[] broadcasts,
             long[] released, String kernelClass, byte[] params, int[] owners, List<String> unpersisted) {
        this(roundId, attempt, epoch, planId, depth, numPartitions, broadcasts, released, kernelClass, params, owners,
            unpersisted, TraceContext.NONE);
    }

    /** @return the Task message */
    byte[] encode() {
        ExpandableArrayBuffer b = new ExpandableArrayBuffer(256 + params.length + 4 * owners.length);
        TaskEncoder e = new TaskEncoder().wrapAndApplyHeader(b, 0, new MessageHeaderEncoder()).roundId(roundId)
            .attempt(attempt).epoch(epoch).planId(planId).depth(depth).numPartitions(numPartitions);
        TaskEncoder.BroadcastsEncoder bs = e.broadcastsCount(broadcasts.length);
        for (long id : broadcasts) {
            bs.next().broadcastId(id);
        }
        TaskEncoder.ReleasedEncoder rs = e.releasedCount(released.length);
        for (long id : released) {
            rs.next().broadcastId(id);
        }
        e.kernelClass(kernelClass);
        e.putKernelParams(params, 0, params.length);
        ByteBuffer o = ByteBuffer.allocate(4 * owners.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int id : owners) {
            o.putInt(id);
        }
        e.putOwners(o.array(), 0, o.capacity());
        e.unpersisted(String.join("\n", unpersisted));
        e.trace(trace.encode());
        return Arrays.copyOf(b.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    /**
     * @param bytes a Task message
     * @return the task
     * @throws ProtocolException if the bytes are not a valid Task
     */
    static TaskSpec decode(byte[] bytes) {
        UnsafeBuffer b = new UnsafeBuffer(bytes);
        int version = checkHeader(b, bytes.length, TaskDecoder.TEMPLATE_ID, TaskDecoder.BLOCK_LENGTH, "Task");
        try {
            TaskDecoder d = new TaskDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH,
                new MessageHeaderDecoder().wrap(b, 0).blockLength(), version);
            long roundId = d.roundId();
            long attempt = d.attempt();
            long epoch = d.epoch();
            long planId = d.planId();
            int depth = d.depth();
            int n = d.numPartitions();
            if (depth < 1 || n < 1) {
                throw new ProtocolException("Task: found depth " + depth + " and " + n + " partitions, expected"
                    + " both >= 1");
            }
            List<Long> bl = new ArrayList<>();
            for (TaskDecoder.BroadcastsDecoder g : d.broadcasts()) {
                bl.add(g.broadcastId());
            }
            List<Long> rl = new ArrayList<>();
            for (TaskDecoder.ReleasedDecoder g : d.released()) {
                rl.add(g.broadcastId());
            }
            byte[] kernel = new byte[var(d.limit(), d.kernelClassLength(), bytes.length, "kernelClass")];
            d.getKernelClass(kernel, 0, kernel.length);
            byte[] params = new byte[var(d.limit(), d.kernelParamsLength(), bytes.length, "kernelParams")];
            d.getKernelParams(params, 0, params.length);
            int ownersLength = var(d.limit(), d.ownersLength(), bytes.length, "owners");
            if (ownersLength != 4L * n) {
                throw new ProtocolException("Task.owners: found " + ownersLength + " bytes, expected 4 x " + n);
            }
            byte[] ob = new byte[ownersLength];
            d.getOwners(ob, 0, ob.length);
            int[] owners = new int[n];
            ByteBuffer.wrap(ob).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(owners);
            byte[] un = new byte[var(d.limit(), d.unpersistedLength(), bytes.length, "unpersisted")];
            d.getUnpersisted(un, 0, un.length);
            String unText = new String(un, StandardCharsets.UTF_8);
            byte[] tr = new byte[var(d.limit(), d.traceLength(), bytes.length, "trace")];
            d.getTrace(tr, 0, tr.length);
            TraceContext trace;
            try {
                trace = TraceContext.decode(new String(tr, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException | dev.ember.ml.core.InvalidArgumentException e) {
                throw new ProtocolException("Task." + e.getMessage(), e);
            }
            return new TaskSpec(roundId, attempt, epoch, planId, depth, n,
                bl.stream().mapToLong(Long::longValue).toArray(), rl.stream().mapToLong(Long::longValue).toArray(),
                new String(kernel, StandardCharsets.UTF_8), params, owners,
                unText.isEmpty() ? List.of() : List.of(unText.split("\n")), trace);
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException("Task: truncated, " + bytes.length + " bytes", e);
        }
    }

    /**
     * A broadcast value as it travels: the codec's name and the encoded value.
     *
     * @param broadcastId the id
     * @param codec the codec's name
     * @param value the encoded value
     */
    record BroadcastValue(long broadcastId, String codec, byte[] value) {
        byte[] encode() {
            ExpandableArrayBuffer b = new ExpandableArrayBuffer(128 + value.length);
            BroadcastValueEncoder e = new BroadcastValueEncoder().wrapAndApplyHeader(b, 0, new MessageHeaderEncoder())
                .broadcastId(broadcastId).codec(codec).putValue(value, 0, value.length);
            return Arrays.copyOf(b.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
        }

        static BroadcastValue decode(byte[] bytes) {
            UnsafeBuffer b = new UnsafeBuffer(bytes);
            int version = checkHeader(b, bytes.length, BroadcastValueDecoder.TEMPLATE_ID,
                BroadcastValueDecoder.BLOCK_LENGTH, "BroadcastValue");
            try {
                BroadcastValueDecoder d = new BroadcastValueDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH,
                    new MessageHeaderDecoder().wrap(b, 0).blockLength(), version);
                long id = d.broadcastId();
                byte[] codec = new byte[var(d.limit(), d.codecLength(), bytes.length, "codec")];
                d.getCodec(codec, 0, codec.length);
                byte[] value = new byte[var(d.limit(), d.valueLength(), bytes.length, "value")];
                d.getValue(value, 0, value.length);
                return new BroadcastValue(id, new String(codec, StandardCharsets.UTF_8), value);
            } catch (IndexOutOfBoundsException e) {
                throw new ProtocolException("BroadcastValue: truncated, " + bytes.length + " bytes", e);
            }
        }
    }

    private static int checkHeader(UnsafeBuffer b, int length, int templateId, int blockLength, String name) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new ProtocolException(name + ": found " + length + " bytes, expected at least a header");
        }
        MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(b, 0);
        if (h.schemaId() != MessageHeaderDecoder.SCHEMA_ID || h.version() != MessageHeaderDecoder.SCHEMA_VERSION) {
            throw new ProtocolException(name + ": found schema " + h.schemaId() + " version " + h.version()
                + ", expected " + MessageHeaderDecoder.SCHEMA_ID + " version " + MessageHeaderDecoder.SCHEMA_VERSION);
        }
        if (h.templateId() != templateId) {
            throw new ProtocolException(name + ": found template " + h.templateId() + ", expected " + templateId);
        }
        if (h.blockLength() < blockLength || MessageHeaderDecoder.ENCODED_LENGTH + h.blockLength() > length) {
            throw new ProtocolException(name + ": found block length " + h.blockLength() + " in " + length
                + " bytes, expected at least " + blockLength);
        }
        return h.version();
    }

    private static int var(int limit, int varLength, int length, String name) {
        long remaining = (long) length - limit - 4;
        if (varLength < 0 || varLength > remaining) {
            throw new ProtocolException("Task/BroadcastValue." + name + ": found length "
                + Integer.toUnsignedString(varLength) + ", expected at most the " + Math.max(0, remaining)
                + " bytes that remain");
        }
        return varLength;
    }
}
