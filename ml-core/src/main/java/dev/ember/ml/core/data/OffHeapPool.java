package dev.ember.ml.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Off-heap arrays whose last column released them, kept for the next allocation of the same type and shape.
 *
 * <p>A fresh ND4J allocation writes every page of its memory before it returns (about 1 GB/s on the reference
 * machine, a 131,072 x 50 double block in some 50 ms), which made allocation the largest single cost of reading
 * a Parquet file through a pipeline. Partitions of one frame share their shapes, so a released partition's
 * buffers serve the next partition, the next pass and the next fit without touching the allocator. Pooled
 * memory is bounded ({@code ember.offheap.poolBytes}, by default an eighth of JavaCPP's off-heap limit, at most
 * 2 GiB); an array that would exceed the bound is freed at once, and the pool is emptied when an allocation fails
 * for want of memory. A recycled array's contents are whatever its last user wrote, as for any uninitialized
 * allocation.
 */
final class OffHeapPool {
    /** System property: the most bytes kept pooled; 0 disables pooling. */
    static final String POOL_BYTES_PROP = "ember.offheap.poolBytes";
    private static final long DEFAULT_CAP = 2L << 30;

    private final long capacity;
    private final Map<Key, Deque<INDArray>> free = new ConcurrentHashMap<>();
    private final AtomicLong pooledBytes = new AtomicLong();

    OffHeapPool(long capacity) {
        this.capacity = Math.max(0, capacity);
    }

    /** @return the pool sized from {@code ember.offheap.poolBytes} or JavaCPP's off-heap limit */
    static OffHeapPool fromSystemProperties() {
        String configured = System.getProperty(POOL_BYTES_PROP);
        if (configured != null) {
            try {
                return new OffHeapPool(dev.ember.ml.core.runtime.RuntimeConfig.parseBytes(POOL_BYTES_PROP,
                    configured));
            } catch (dev.ember.ml.core.InvalidArgumentException e) {
                // a class initializer must not throw: say what is wrong and keep the default
                org.slf4j.LoggerFactory.getLogger(OffHeapPool.class).warn("{}; using the default bound",
                    e.getMessage());
            }
        }
        long maxBytes = org.bytedeco.javacpp.Pointer.maxBytes();
        return new OffHeapPool(maxBytes > 0 ? Math.min(DEFAULT_CAP, maxBytes / 8) : 0);
    }

    /**
     * @param type element type
     * @param shape the wanted shape
     * @return a pooled array of exactly that type and shape, or null when none is free
     */
    INDArray take(DataType type, long[] shape) {
        if (capacity == 0) {
            return null;
        }
        Deque<INDArray> arrays = free.get(new Key(type, shape));
        INDArray array = arrays == null ? null : arrays.pollFirst();
        if (array != null) {
            pooledBytes.addAndGet(-bytes(array));
        }
        return array;
    }

    /**
     * Keeps a released array for reuse, or frees it when the pool is full.
     *
     * @param array an array no column refers to any more
     */
    void offer(INDArray array) {
        long size = bytes(array);
        if (pooledBytes.addAndGet(size) > capacity) {
            pooledBytes.addAndGet(-size);
            array.close();
            return;
        }
        free.computeIfAbsent(new Key(array.dataType(), array.shape()), k -> new ConcurrentLinkedDeque<>())
            .addFirst(array);   // the most recently used first: its pages are the likeliest to be in cache
    }

    /** Frees every pooled array (when an allocation ran out of memory). */
    void clear() {
        for (Deque<INDArray> arrays : free.values()) {
            INDArray array;
            while ((array = arrays.pollFirst()) != null) {
                pooledBytes.addAndGet(-bytes(array));
                array.close();
            }
        }
    }

    /** @return the bytes held by pooled arrays */
    long pooledBytes() {
        return pooledBytes.get();
    }

    private static long bytes(INDArray array) {
        return array.length() * array.dataType().width();
    }

    private record Key(DataType type, long[] shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return type + Arrays.toString(shape);
        }
    }
}
