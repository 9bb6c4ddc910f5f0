package dev.ember.ml.bench.linear;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The plain memory-read baseline: an off-heap float block of the same shape and kind as Ember's assembled feature
 * block ({@code rows x d} float32, allocated through ND4J as Ember's columns are), summed by {@code threads}
 * threads with the Java Vector API, each over its contiguous share, with four independent accumulators so that
 * the loop is bound by loads, not by the latency of the adds. The block is filled with ones, so every read can be
 * checked against the exact sum. Nothing is computed but the sum: the time is how fast this machine streams the
 * block from memory into registers.
 */
final class MemoryRead implements AutoCloseable {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final Column block;
    private final ByteBuffer bytes;
    private final int floats;
    private final int threads;
    private final ExecutorService pool;

    /**
     * @param rows rows of the block
     * @param d floats per row
     * @param threads reading threads
     */
    MemoryRead(int rows, int d, int threads) {
        long n = (long) rows * d;
        if (n * Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block: found " + n * Float.BYTES + " bytes, expected at most "
                + Integer.MAX_VALUE);
        }
        this.floats = (int) n;
        this.threads = threads;
        this.block = Column.allocate(Field.vector("block", d, DataType.FLOAT), rows);
        this.bytes = block.rawBytes();
        FloatBuffer f = block.floats();
        for (int i = 0; i < floats; i++) {
            f.put(i, 1.0f);
        }
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "memory-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the block's size in bytes */
    long bytes() {
        return (long) floats * Float.BYTES;
    }

    /**
     * Reads the whole block once, on all threads.
     *
     * @return the wall-clock seconds of the read
     */
    double readOnce() {
        int lanes = FS.length();
        int per = (floats / threads) / lanes * lanes;
        List<Future<Float>> parts = new ArrayList<>(threads);
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int from = t * per;
            int to = t == threads - 1 ? floats : from + per;
            parts.add(pool.submit(() -> sum(bytes, from, to)));
        }
        double total = 0;
        try {
            for (Future<Float> f : parts) {
                total += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading memory", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading memory failed: " + e.getCause(), e.getCause());
        }
        long t1 = System.nanoTime();
        if (total != floats) {
            throw new IllegalStateException("memory read: found sum " + total + ", expected " + floats);
        }
        return (t1 - t0) / 1e9;
    }

    /**
     * @param b the block
     * @param from first float index, a multiple of the vector length
     * @param to end float index
     * @return the sum of the floats in {@code [from, to)}
     */
    static float sum(ByteBuffer b, int from, int to) {
        int lanes = FS.length();
        int unrolled = 4 * lanes;
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        FloatVector a2 = FloatVector.zero(FS);
        FloatVector a3 = FloatVector.zero(FS);
        int i = from;
        int bound = from + (to - from) / unrolled * unrolled;
        for (; i < bound; i += unrolled) {
            a0 = a0.add(FloatVector.fromByteBuffer(FS, b, i << 2, ORDER));
            a1 = a1.add(FloatVector.fromByteBuffer(FS, b, (i + lanes) << 2, ORDER));
            a2 = a2.add(FloatVector.fromByteBuffer(FS, b, (i + 2 * lanes) << 2, ORDER));
            a3 = a3.add(FloatVector.fromByteBuffer(FS, b, (i + 3 * lanes) << 2, ORDER));
        }
        for (; i + lanes <= to; i += lanes) {
            a0 = a0.add(FloatVector.fromByteBuffer(FS, b, i << 2, ORDER));
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            s += b.getFloat(i << 2);
        }
        return s;
    }

    /** Stops the threads and frees the block. */
    @Override
    public void close() {
        pool.shutdownNow();
        block.release();
    }
}
