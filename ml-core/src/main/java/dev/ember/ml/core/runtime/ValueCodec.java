package dev.ember.ml.core.runtime;

import java.nio.ByteBuffer;

/**
 * A binary codec for aggregation results and broadcast values, so that the cluster runtime can move them
 * between JVMs without Java serialization. The in-process runtime never encodes.
 *
 * @param <T> the value type
 */
public interface ValueCodec<T> {

    /**
     * @param value a value
     * @return the bytes {@link #encode} will write
     */
    int encodedLength(T value);

    /**
     * @param value a value
     * @param out a buffer with at least {@link #encodedLength} bytes remaining; advanced past the value
     */
    void encode(T value, ByteBuffer out);

    /**
     * @param in a buffer positioned at an encoded value; advanced past it
     * @return the value
     * @throws IllegalArgumentException if the bytes are not a valid encoding (lengths are checked)
     */
    T decode(ByteBuffer in);
}
