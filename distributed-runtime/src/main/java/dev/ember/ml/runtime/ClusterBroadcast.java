package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.ValueCodec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongConsumer;

/**
 * A broadcast on either side. In the driver it holds the value and its encoding (made once), and
 * {@link #destroy()} tells the executors to free it with the next task; in an executor it holds the decoded
 * value, shared read-only by the kernels.
 *
 * @param <T> the value type
 */
final class ClusterBroadcast<T> implements Broadcast<T> {
    private final long id;
    private final ValueCodec<T> codec;
    private final byte[] encoded;
    private final LongConsumer onDestroy;
    private volatile T value;

    private ClusterBroadcast(long id, T value, ValueCodec<T> codec, byte[] encoded, LongConsumer onDestroy) {
        this.id = id;
        this.value = value;
        this.codec = codec;
        this.encoded = encoded;
        this.onDestroy = onDestroy;
    }

    /** A driver-side broadcast: encodes the value now. */
    static <T> ClusterBroadcast<T> inDriver(long id, T value, ValueCodec<T> codec, LongConsumer onDestroy) {
        ByteBuffer b = ByteBuffer.allocate(codec.encodedLength(value)).order(ByteOrder.LITTLE_ENDIAN);
        codec.encode(value, b);
        return new ClusterBroadcast<>(id, value, codec, b.array(), onDestroy);
    }

    /** An executor-side broadcast: decodes the bytes now. */
    static <T> ClusterBroadcast<T> inExecutor(long id, ValueCodec<T> codec, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        T v = codec.decode(b);
        if (b.hasRemaining()) {
            throw new InvalidArgumentException("broadcast #" + id + ": " + b.remaining()
                + " bytes left after the value, expected none");
        }
        return new ClusterBroadcast<>(id, v, codec, null, null);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public T value() {
        T v = value;
        if (v == null) {
            throw new InvalidStateException("broadcast #" + id + " used after destroy()");
        }
        return v;
    }

    @Override
    public ValueCodec<T> codec() {
        return codec;
    }

    /** @return the encoded value (driver side) */
    byte[] encoded() {
        return encoded;
    }

    /** @return whether destroy() was called */
    boolean destroyed() {
        return value == null;
    }

    @Override
    public void destroy() {
        if (onDestroy == null) {
            throw new InvalidStateException("broadcast #" + id + " is destroyed by the driver, not by a"
                + " kernel");
        }
        if (value != null) {
            value = null;
            onDestroy.accept(id);
        }
    }
}
