package dev.ember.ml.core.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffHeapPoolTest {

    @Test
    void shouldHandOutAReleasedArrayOnlyForTheSameTypeAndShape() {
        OffHeapPool pool = new OffHeapPool(1 << 20);
        INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {100, 5}, 'c');
        pool.offer(a);
        assertEquals(100 * 5 * 8, pool.pooledBytes());
        assertNull(pool.take(DataType.FLOAT, new long[] {100, 5}), "another type");
        assertNull(pool.take(DataType.DOUBLE, new long[] {5, 100}), "another shape");
        assertNull(pool.take(DataType.DOUBLE, new long[] {500}), "same size, another rank");
        assertSame(a, pool.take(DataType.DOUBLE, new long[] {100, 5}));
        assertEquals(0, pool.pooledBytes());
        assertNull(pool.take(DataType.DOUBLE, new long[] {100, 5}), "taken once only");
        a.close();
    }

    @Test
    void shouldFreeWhatDoesNotFitAndEverythingOnClear() {
        OffHeapPool pool = new OffHeapPool(1000);
        INDArray small = Nd4j.createUninitialized(DataType.FLOAT, new long[] {200}, 'c');   // 800 bytes
        INDArray big = Nd4j.createUninitialized(DataType.FLOAT, new long[] {100}, 'c');     // 400: over the cap
        pool.offer(small);
        pool.offer(big);
        assertEquals(800, pool.pooledBytes());
        assertTrue(big.wasClosed(), "an array over the bound is freed at once");
        pool.clear();
        assertEquals(0, pool.pooledBytes());
        assertTrue(small.wasClosed());
        assertNull(pool.take(DataType.FLOAT, new long[] {200}));
    }

    @Test
    void shouldNotPoolWithAZeroBound() {
        OffHeapPool pool = new OffHeapPool(0);
        INDArray a = Nd4j.createUninitialized(DataType.INT, new long[] {10}, 'c');
        pool.offer(a);
        assertTrue(a.wasClosed());
        assertNull(pool.take(DataType.INT, new long[] {10}));
    }

    @Test
    void shouldReuseAReleasedColumnsMemoryForTheNextColumnOfItsShape() {
        Column first = Column.allocate(Field.vector("v", 3, dev.ember.ml.core.data.DataType.DOUBLE), 1000);
        long address = first.array().data().address();
        first.release();
        Column second = Column.allocate(Field.vector("w", 3, dev.ember.ml.core.data.DataType.DOUBLE), 1000);
        assertEquals(address, second.array().data().address(), "the released block was recycled");
        Column other = Column.allocate(Field.vector("x", 3, dev.ember.ml.core.data.DataType.DOUBLE), 999);
        assertNotEquals(address, other.array().data().address());
        second.release();
        other.release();
    }
}
