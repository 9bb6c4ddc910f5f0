package dev.ember.ml.core.runtime;

/**
 * A read-only value sent once to every executor (model weights, a dictionary) and referenced from
 * {@link KernelParams} by handle, so that each task does not carry a copy.
 *
 * @param <T> the value type
 */
public interface Broadcast<T> {

    /** @return an identifier unique within the runtime */
    long id();

    /** @return the value; do not modify it */
    T value();

    /** @return the codec that moves the value between JVMs */
    ValueCodec<T> codec();

    /** Frees the value on every executor. Using the broadcast afterwards fails. */
    void destroy();
}
