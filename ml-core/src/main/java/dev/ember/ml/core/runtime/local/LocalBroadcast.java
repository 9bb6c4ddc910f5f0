package dev.ember.ml.core.runtime.local;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.ValueCodec;

/** A broadcast within one JVM: a shared reference, never encoded. */
final class LocalBroadcast<T> implements Broadcast<T> {
    private final long id;
    private final ValueCodec<T> codec;
    private volatile T value;

    LocalBroadcast(long id, T value, ValueCodec<T> codec) {
        this.id = id;
        this.value = value;
        this.codec = codec;
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

    @Override
    public void destroy() {
        value = null;
    }
}
