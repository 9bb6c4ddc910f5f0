package dev.ember.ml.runtime;

import org.agrona.DirectBuffer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reassembles values sent as several Payload chunks. A transfer is keyed by
 * {@code (kind, epoch, id, attempt, level, index)}; its chunks arrive in order on one Aeron stream, each with
 * the total length and its offset. A chunk at offset 0 (re)starts a transfer; a chunk that does not continue
 * the bytes received so far, or whose lengths do not fit, drops the transfer. Not thread-safe: one per
 * conductor.
 */
final class ChunkAssembler {

    /**
     * A transfer's key.
     *
     * @param kind the payload kind
     * @param epoch the membership epoch
     * @param id the round, plan or broadcast id
     * @param attempt the round's attempt
     * @param level the tree level (partials)
     * @param index the tree node's index (partials)
     */
    record Key(int kind, long epoch, long id, long attempt, int level, int index) {
    }

    private static final class Transfer {
        final byte[] bytes;
        int received;

        Transfer(int length) {
            this.bytes = new byte[length];
        }
    }

    private final int maxValueBytes;
    private final int maxTransfers;
    private final Map<Key, Transfer> transfers = new HashMap<>();
    private long dropped;

    /**
     * @param maxValueBytes the largest value accepted
     * @param maxTransfers the most transfers in progress at once
     */
    ChunkAssembler(int maxValueBytes, int maxTransfers) {
        this.maxValueBytes = maxValueBytes;
        this.maxTransfers = maxTransfers;
    }

    /**
     * @param key the transfer
     * @param totalLength the value's length
     * @param chunkOffset where this chunk goes
     * @param src the chunk's buffer
     * @param srcOffset where the chunk starts in it
     * @param length the chunk's length
     * @return the whole value when this chunk completes it, else null
     * @throws ProtocolException if the lengths are impossible
     */
    byte[] onChunk(Key key, int totalLength, int chunkOffset, DirectBuffer src, int srcOffset, int length) {
        if (totalLength < 0 || totalLength > maxValueBytes) {
            throw new ProtocolException("payload: found total length " + totalLength + ", expected 0.."
                + maxValueBytes);
        }
        if (chunkOffset < 0 || length < 0 || (long) chunkOffset + length > totalLength) {
            throw new ProtocolException("payload chunk: found offset " + chunkOffset + " and length " + length
                + ", expected them within the total length " + totalLength);
        }
        if (chunkOffset == 0 && length == totalLength) {
            transfers.remove(key);
            byte[] whole = new byte[totalLength];
            src.getBytes(srcOffset, whole, 0, length);
            return whole;
        }
        Transfer t = transfers.get(key);
        if (chunkOffset == 0) {
            if (t == null && transfers.size() >= maxTransfers) {
                throw new ProtocolException("payload: " + transfers.size() + " transfers in progress, expected at"
                    + " most " + maxTransfers);
            }
            t = new Transfer(totalLength);
            transfers.put(key, t);
        } else if (t == null || t.bytes.length != totalLength || t.received != chunkOffset) {
            if (t != null) {
                transfers.remove(key);
            }
            dropped++;
            return null;
        }
        src.getBytes(srcOffset, t.bytes, chunkOffset, length);
        t.received += length;
        if (t.received == totalLength) {
            transfers.remove(key);
            return t.bytes;
        }
        return null;
    }

    /** @param stale transfers to drop (of rounds already finished) */
    void discard(Predicate<Key> stale) {
        Iterator<Key> it = transfers.keySet().iterator();
        while (it.hasNext()) {
            if (stale.test(it.next())) {
                it.remove();
            }
        }
    }

    /** @return transfers in progress */
    int inProgress() {
        return transfers.size();
    }

    /** @return chunks dropped because they did not continue their transfer */
    long dropped() {
        return dropped;
    }
}
