package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.List;

/** The kernels {@link Frame} itself uses: row count and projection. */
public final class CoreKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(Count.class, Count::new);
        registry.registerMap(Select.class, Select::new);
        registry.registerAggregate(Fingerprint.class, Fingerprint::new);
    }

    /** Counts rows. */
    public static final class Count implements AggregateKernel<Long> {
        @Override
        public Long zero(KernelParams params) {
            return 0L;
        }

        @Override
        public Long seqOp(Long acc, Partition partition, KernelParams params) {
            return acc + partition.numRows();
        }

        @Override
        public Long combOp(Long left, Long right) {
            return left + right;
        }

        @Override
        public ValueCodec<Long> codec() {
            return ValueCodecs.LONG;
        }
    }

    /** Keeps the columns named by the {@code columns} string array, sharing them. */
    public static final class Select implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            return input.select(List.of(params.getStringArray("columns")));
        }
    }

    /**
     * Sums a hash of every row (all columns, nulls included) and counts rows: {@code [rowCount, hashSum]}.
     * A sum is independent of partitioning and row order. A partition's own sum is kept with it once computed
     * ({@code Partition.contentHash}), so a cached frame is hashed by the first fit that fingerprints it, not by
     * every fit.
     */
    public static final class Fingerprint implements AggregateKernel<long[]> {
        private static final long NULL_MARK = 0x6e756c6c6e756c6cL;
        /** Whether numeric columns are mixed with the Vector API ({@link SimdFingerprint}); the hash is the same. */
        private static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("ember.vector.disable");

        @Override
        public long[] zero(KernelParams params) {
            return new long[2];
        }

        @Override
        public long[] seqOp(long[] acc, Partition partition, KernelParams params) {
            long[] own = partition.contentHash(() -> hash(partition));
            acc[0] += own[0];
            acc[1] += own[1];
            return acc;
        }

        /**
         * Rows hashed per tile: every column is mixed into a tile's row hashes before the next tile, so the hashes
         * (8 bytes a row) stay in the L1 cache instead of streaming through memory once per column.
         */
        private static final int TILE_ROWS = 2048;

        /** The partition's {rows, sum of row hashes}: one read of every value. */
        private static long[] hash(Partition partition) {
            int n = partition.numRows();
            long[] row = new long[n];
            List<Column> columns = partition.columns();
            for (int r0 = 0; r0 < n; r0 += TILE_ROWS) {
                int r1 = Math.min(n, r0 + TILE_ROWS);
                for (Column c : columns) {
                    mixColumn(c, row, r0, r1);   // each row's columns in the same order as a column-wise walk
                }
            }
            long sum = 0;
            for (long h : row) {
                sum += mix(h);
            }
            return new long[] {n, sum};
        }

        private static void mixColumn(Column c, long[] row, int r0, int r1) {
            if (c.nullCount() == 0 && mixNumeric(c, row, r0, r1)) {
                return;
            }
            int rowBytes = c.type() == DataType.VECTOR ? c.field().bytesPerRow() : 0;
            java.nio.ByteBuffer b = c.rawBytes();
            for (int r = r0; r < r1; r++) {
                long h = row[r];
                if (c.isNull(r)) {
                    h = h * 0x9E3779B97F4A7C15L + NULL_MARK;
                } else {
                    switch (c.type()) {
                        case DOUBLE -> h = h * 0x9E3779B97F4A7C15L + mix(Double.doubleToLongBits(b.getDouble(r * 8)));
                        case FLOAT -> h = h * 0x9E3779B97F4A7C15L + mix(Float.floatToIntBits(b.getFloat(r * 4)));
                        case LONG, TIMESTAMP -> h = h * 0x9E3779B97F4A7C15L + mix(b.getLong(r * 8));
                        case INT -> h = h * 0x9E3779B97F4A7C15L + mix(b.getInt(r * 4));
                        case BOOLEAN -> h = h * 0x9E3779B97F4A7C15L + mix(b.get(r));
                        case STRING -> h = h * 0x9E3779B97F4A7C15L + mix(c.getString(r).hashCode());
                        case VECTOR -> h = h * 0x9E3779B97F4A7C15L + mix(rowBytesHash(b, r * rowBytes, rowBytes));
                        default -> throw new InvalidStateException("unreachable");
                    }
                }
                row[r] = h;
            }
        }

        /**
         * The common case in a tight loop per type (the same values as the general loop): a numeric column
         * without nulls.
         *
         * @return false for other types
         */
        private static boolean mixNumeric(Column c, long[] row, int r0, int n) {
            int from = SIMD ? SimdFingerprint.mix(c, row, r0, n) : r0;   // several rows at a time, the tail here
            switch (c.type()) {
                case DOUBLE -> {
                    java.nio.DoubleBuffer v = c.doubles();
                    for (int r = from; r < n; r++) {
                        row[r] = row[r] * 0x9E3779B97F4A7C15L + mix(Double.doubleToLongBits(v.get(r)));
                    }
                }
                case FLOAT -> {
                    java.nio.FloatBuffer v = c.floats();
                    for (int r = from; r < n; r++) {
                        row[r] = row[r] * 0x9E3779B97F4A7C15L + mix(Float.floatToIntBits(v.get(r)));
                    }
                }
                case LONG, TIMESTAMP -> {
                    java.nio.LongBuffer v = c.longs();
                    for (int r = from; r < n; r++) {
                        row[r] = row[r] * 0x9E3779B97F4A7C15L + mix(v.get(r));
                    }
                }
                case INT -> {
                    java.nio.IntBuffer v = c.ints();
                    for (int r = from; r < n; r++) {
                        row[r] = row[r] * 0x9E3779B97F4A7C15L + mix(v.get(r));
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /**
         * Hashes one row's bytes eight at a time in four independent multiply-xor lanes (so the multiplies
         * overlap), then folds the lanes; a 4-byte tail is folded in last.
         */
        private static long rowBytesHash(java.nio.ByteBuffer b, int start, int length) {
            long h0 = 0x243F6A8885A308D3L;
            long h1 = 0x13198A2E03707344L;
            long h2 = 0xA4093822299F31D0L;
            long h3 = 0x082EFA98EC4E6C89L;
            int at = start;
            int end = start + length;
            for (; at + 32 <= end; at += 32) {
                h0 = (h0 ^ b.getLong(at)) * 0x9E3779B97F4A7C15L;
                h1 = (h1 ^ b.getLong(at + 8)) * 0xC2B2AE3D27D4EB4FL;
                h2 = (h2 ^ b.getLong(at + 16)) * 0x165667B19E3779F9L;
                h3 = (h3 ^ b.getLong(at + 24)) * 0x27D4EB2F165667C5L;
            }
            for (; at + 8 <= end; at += 8) {
                h0 = (h0 ^ b.getLong(at)) * 0x9E3779B97F4A7C15L;
            }
            if (at < end) {
                h1 = (h1 ^ b.getInt(at)) * 0xC2B2AE3D27D4EB4FL;
            }
            return mix(h0) ^ Long.rotateLeft(mix(h1), 17) ^ Long.rotateLeft(mix(h2), 31) ^ Long.rotateLeft(mix(h3), 47);
        }

        /** The SplitMix64 finalizer. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        @Override
        public long[] combOp(long[] left, long[] right) {
            left[0] += right[0];
            left[1] += right[1];
            return left;
        }

        @Override
        public ValueCodec<long[]> codec() {
            return ValueCodecs.LONG_ARRAY;
        }
    }
}
