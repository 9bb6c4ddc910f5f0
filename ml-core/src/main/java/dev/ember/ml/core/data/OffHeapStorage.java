package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference-counted off-heap ND4J array shared by the {@link Column} views over it. The array goes back to the
 * {@link OffHeapPool} (or is closed, its native memory freed) when the last view releases it, so columns can be
 * shared between partitions (a transform adds columns to its input's without copying) and evicted from the cache
 * safely.
 */
final class OffHeapStorage {
    static {
        dev.ember.ml.core.runtime.NativeDefaults.apply();   // before ND4J loads its native libraries
    }

    private static final OffHeapPool POOL = OffHeapPool.fromSystemProperties();
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());

    private final INDArray array;
    private final ByteBuffer bytes;
    private final AtomicInteger refs = new AtomicInteger(1);

    private OffHeapStorage(INDArray array) {
        this.array = array;
        this.bytes = array == null ? EMPTY : array.data().asNio().order(ByteOrder.nativeOrder());
    }

    /**
     * Allocates uninitialized off-heap memory.
     *
     * @param type ND4J element type
     * @param shape array shape (row-major)
     * @return the storage, with one reference held by the caller
     */
    static OffHeapStorage allocate(org.nd4j.linalg.api.buffer.DataType type, long... shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        if (length == 0) {
            return new OffHeapStorage(null);
        }
        long bytes = length * type.width();
        if (bytes > Integer.MAX_VALUE) {
            throw new InvalidArgumentException("a column block of " + bytes + " bytes exceeds the 2 GiB limit of one"
                + " partition's column; use more partitions");
        }
        INDArray pooled = POOL.take(type, shape);
        if (pooled != null) {
            return new OffHeapStorage(pooled);
        }
        try {
            return new OffHeapStorage(Nd4j.createUninitialized(type, shape, 'c'));
        } catch (OutOfMemoryError e) {
            if (POOL.pooledBytes() == 0) {
                throw e;
            }
            POOL.clear();   // pooled buffers of other shapes may be what stands in the way
            return new OffHeapStorage(Nd4j.createUninitialized(type, shape, 'c'));
        }
    }

    /**
     * Wraps an existing array, taking ownership of it.
     *
     * @param array a dense, row-major array that is not a view
     * @return the storage
     */
    static OffHeapStorage wrap(INDArray array) {
        if (array.isView() || array.ordering() != 'c') {
            array = array.dup('c');
        }
        return new OffHeapStorage(array);
    }

    /** @return the array, or null for an empty column */
    INDArray array() {
        return array;
    }

    /** @return a fresh direct view of the whole buffer, native byte order, position 0 */
    ByteBuffer bytes() {
        return bytes.duplicate().order(ByteOrder.nativeOrder());
    }

    /** @return the size of the buffer in bytes */
    long sizeInBytes() {
        return bytes.capacity();
    }

    void retain() {
        int before = refs.getAndIncrement();
        if (before <= 0) {
            refs.decrementAndGet();
            throw new InvalidStateException("off-heap column used after it was freed");
        }
    }

    void release() {
        int after = refs.decrementAndGet();
        if (after == 0 && array != null) {
            POOL.offer(array);
        } else if (after < 0) {
            throw new InvalidStateException("off-heap column released more often than retained");
        }
    }

    boolean isFreed() {
        return refs.get() <= 0;
    }
}
