package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Field;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The kernels of the feature transformers: one pass over a partition's off-heap columns each. */
final class FeatureKernels {
    private FeatureKernels() {
    }

    /** Writes the input columns into one n x d output block, row by row. */
    /**
     * What {@link Assemble} reads.
     *
     * @param inputCols the numeric and vector columns, in order (not copied; read-only)
     * @param outputCol the vector column it writes
     * @param keepInvalid whether NaN passes (handleInvalid=keep) instead of failing
     */
    record AssembleArgs(String[] inputCols, String outputCol, boolean keepInvalid) {
        static final KernelArgs<AssembleArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("inputCols", a.inputCols()).put("outputCol", a.outputCol())
                .put("keepInvalid", a.keepInvalid()).build(),
            k -> new AssembleArgs(k.getStringArray("inputCols"), k.getString("outputCol"),
                k.getBoolean("keepInvalid")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * What {@link Affine} reads: {@code out = (in - shift) * factor}, per element.
     *
     * @param inputCol the vector column
     * @param outputCol the vector column it writes
     * @param shift per element (not copied; read-only)
     * @param factor per element (not copied; read-only)
     */
    record AffineArgs(String inputCol, String outputCol, double[] shift, double[] factor) {
        static final KernelArgs<AffineArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("inputCol", a.inputCol()).put("outputCol", a.outputCol())
                .put("shift", a.shift()).put("factor", a.factor()).build(),
            k -> new AffineArgs(k.getString("inputCol"), k.getString("outputCol"), k.getDoubleArray("shift"),
                k.getDoubleArray("factor")));

        /** Checks that the two arrays have one width. */
        AffineArgs {
            if (shift.length != factor.length) {
                throw new InvalidArgumentException("affine map of '" + inputCol + "': found shift and factor of"
                    + " widths " + shift.length + " and " + factor.length + ", expected one width");
            }
        }

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    static final class Assemble implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            AssembleArgs args = AssembleArgs.CODEC.decode(params);
            String[] cols = args.inputCols();
            boolean keep = args.keepInvalid();
            String outName = args.outputCol();
            Column out = Column.allocate(outputSchema.field(outName), input.numRows());
            VectorBlock dst = new VectorBlock(out);
            try {
                if (assembleScalarsInTiles(input, cols, keep, out)) {
                    return input.withColumn(out);
                }
                int offset = 0;
                for (String name : cols) {
                    Column c = input.column(name);
                    if (c.type() == DataType.VECTOR) {
                        VectorBlock src = new VectorBlock(c);
                        for (int r = 0; r < src.rows; r++) {
                            for (int j = 0; j < src.width; j++) {
                                dst.set(r, offset + j, check(src.get(r, j), keep, name, input.index(), r));
                            }
                        }
                        offset += src.width;
                    } else {
                        for (int r = 0; r < c.length(); r++) {
                            dst.set(r, offset, check(c.getDouble(r), keep, name, input.index(), r));
                        }
                        offset++;
                    }
                }
            } catch (RuntimeException e) {
                out.release();
                throw e;
            }
            return input.withColumn(out);
        }

        /** Rows per tile: a tile of the row-major output (a few hundred KiB) stays in cache while every column fills it. */
        private static final int TILE_ROWS = 512;

        /**
         * The common case, fast: every input a double or float column without nulls, output float or double. The
         * row-major output is built tile by tile (all columns for a band of rows) in a heap tile that stays in
         * cache, from bulk reads of each column's segment, and copied out in one bulk write per tile.
         *
         * @return false (having written nothing) if an input is a vector or nullable column
         */
        private static boolean assembleScalarsInTiles(Partition input, String[] cols, boolean keep, Column out) {
            int n = cols.length;
            DoubleBuffer[] ds = new DoubleBuffer[n];
            FloatBuffer[] fs = new FloatBuffer[n];
            for (int k = 0; k < n; k++) {
                Column c = input.column(cols[k]);
                if (c.type() == DataType.DOUBLE && c.nullCount() == 0) {
                    ds[k] = c.doubles();
                } else if (c.type() == DataType.FLOAT && c.nullCount() == 0) {
                    fs[k] = c.floats();
                } else {
                    return false;
                }
            }
            int rows = input.numRows();
            boolean toFloat = out.field().elementType() == DataType.FLOAT;
            FloatBuffer outF = toFloat ? out.floats() : null;
            DoubleBuffer outD = toFloat ? null : out.doubles();
            double[] segD = new double[TILE_ROWS];
            float[] segF = new float[TILE_ROWS];
            float[] tileF = toFloat ? new float[TILE_ROWS * n] : null;
            double[] tileD = toFloat ? null : new double[TILE_ROWS * n];
            for (int r0 = 0; r0 < rows; r0 += TILE_ROWS) {
                int len = Math.min(TILE_ROWS, rows - r0);
                for (int k = 0; k < n; k++) {
                    boolean nan = false;
                    if (ds[k] != null) {
                        ds[k].get(r0, segD, 0, len);
                        for (int i = 0; i < len; i++) {
                            double v = segD[i];
                            nan |= v != v;
                            if (toFloat) {
                                tileF[i * n + k] = (float) v;
                            } else {
                                tileD[i * n + k] = v;
                            }
                        }
                    } else {
                        fs[k].get(r0, segF, 0, len);
                        for (int i = 0; i < len; i++) {
                            float v = segF[i];
                            nan |= v != v;
                            if (toFloat) {
                                tileF[i * n + k] = v;
                            } else {
                                tileD[i * n + k] = v;
                            }
                        }
                    }
                    if (nan && !keep) {
                        for (int r = r0; r < r0 + len; r++) {
                            check(ds[k] != null ? ds[k].get(r) : fs[k].get(r), false, cols[k], input.index(), r);
                        }
                    }
                }
                if (toFloat) {
                    outF.put(r0 * n, tileF, 0, len * n);
                } else {
                    outD.put(r0 * n, tileD, 0, len * n);
                }
            }
            return true;
        }

        private static double check(double v, boolean keep, String col, int partition, int row) {
            if (Double.isNaN(v) && !keep) {
                throw new InvalidArgumentException("VectorAssembler: column '" + col + "', partition " + partition
                    + ", row " + row + ": found null or NaN, expected a number (set handleInvalid=keep to pass it"
                    + " on as NaN)");
            }
            return v;
        }
    }

    /** {@code out[r, j] = (in[r, j] - shift[j]) * factor[j]}, fused, written straight off-heap. */
    static final class Affine implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            AffineArgs args = AffineArgs.CODEC.decode(params);
            double[] shift = args.shift();
            double[] factor = args.factor();
            Column in = input.column(args.inputCol());
            Column out = Column.allocate(outputSchema.field(args.outputCol()), input.numRows());
            if (in.field().elementType() == DataType.FLOAT && out.field().elementType() == DataType.FLOAT) {
                if (dev.ember.ml.algo.optim.VectorSupport.AVAILABLE) {
                    SimdAffine.apply(in.floats(), out.floats(), in.length(), in.vectorSize(), shift, factor);
                } else {
                    affineFloats(in.floats(), out.floats(), in.length(), in.vectorSize(), shift, factor);
                }
                return input.withColumn(out);
            }
            VectorBlock src = new VectorBlock(in);
            VectorBlock dst = new VectorBlock(out);
            for (int r = 0; r < src.rows; r++) {
                for (int j = 0; j < src.width; j++) {
                    dst.set(r, j, (src.get(r, j) - shift[j]) * factor[j]);
                }
            }
            return input.withColumn(out);
        }

        /** The float-to-float case through heap rows: bulk copies in and out, the arithmetic in double. */
        static void affineFloats(FloatBuffer in, FloatBuffer out, int rows, int width, double[] shift,
                                 double[] factor) {
            float[] row = new float[width];
            for (int r = 0; r < rows; r++) {
                in.get(r * width, row);
                for (int j = 0; j < width; j++) {
                    row[j] = (float) ((row[j] - shift[j]) * factor[j]);
                }
                out.put(r * width, row);
            }
        }
    }

    /** Counts the non-null values of a string column, from each partition's dictionary. */
    static final class CountValues implements AggregateKernel<Map<String, Long>> {
        @Override
        public Map<String, Long> zero(KernelParams params) {
            return new HashMap<>();
        }

        @Override
        public Map<String, Long> seqOp(Map<String, Long> acc, Partition partition, KernelParams params) {
            Column c = partition.column(params.getString("inputCol"));
            List<String> dict = c.dictionary();
            long[] counts = new long[dict.size()];
            IntBuffer codes = c.ints();
            for (int r = 0; r < c.length(); r++) {
                if (!c.isNull(r)) {
                    counts[codes.get(r)]++;
                }
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    acc.merge(dict.get(i), counts[i], Long::sum);
                }
            }
            return acc;
        }

        @Override
        public Map<String, Long> combOp(Map<String, Long> left, Map<String, Long> right) {
            right.forEach((k, v) -> left.merge(k, v, Long::sum));
            return left;
        }

        @Override
        public ValueCodec<Map<String, Long>> codec() {
            return STRING_COUNTS;
        }
    }

    /** Length-prefixed (UTF-8 string, count) pairs. */
    static final ValueCodec<Map<String, Long>> STRING_COUNTS = new ValueCodec<>() {
        @Override
        public int encodedLength(Map<String, Long> value) {
            int n = 4;
            for (String k : value.keySet()) {
                n += 4 + k.getBytes(StandardCharsets.UTF_8).length + 8;
            }
            return n;
        }

        @Override
        public void encode(Map<String, Long> value, ByteBuffer out) {
            out.putInt(value.size());
            for (Map.Entry<String, Long> e : value.entrySet()) {
                byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.putInt(b.length).put(b).putLong(e.getValue());
            }
        }

        @Override
        public Map<String, Long> decode(ByteBuffer in) {
            int n = ValueCodecs.checkedLength(in, 12);
            Map<String, Long> m = new HashMap<>();
            for (int i = 0; i < n; i++) {
                int len = ValueCodecs.checkedLength(in, 1);
                byte[] b = new byte[len];
                in.get(b);
                if (in.remaining() < 8) {
                    throw new InvalidArgumentException("string counts: entry " + i + " is truncated");
                }
                m.put(new String(b, StandardCharsets.UTF_8), in.getLong());
            }
            return m;
        }
    };

    /** Replaces strings by their label index; unseen values and nulls per {@code handleInvalid}. */
    static final class IndexStrings implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            String[] labels = params.getStringArray("labels");
            String mode = params.getString("handleInvalid");
            Column c = input.column(params.getString("inputCol"));
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < labels.length; i++) {
                index.put(labels[i], i);
            }
            List<String> dict = c.dictionary();
            int[] codeToIndex = new int[dict.size()];
            for (int i = 0; i < codeToIndex.length; i++) {
                codeToIndex[i] = index.getOrDefault(dict.get(i), -1);
            }
            int n = c.length();
            double[] out = new double[n];
            boolean[] keepRow = new boolean[n];
            int kept = 0;
            for (int r = 0; r < n; r++) {
                int idx = c.isNull(r) ? -1 : codeToIndex[c.getCode(r)];
                if (idx < 0) {
                    switch (mode) {
                        case "keep" -> idx = labels.length;
                        case "skip" -> {
                            continue;
                        }
                        default -> throw new InvalidArgumentException("StringIndexer: column '" + c.name()
                            + "', " + input.where(r) + ": found "
                            + (c.isNull(r) ? "null" : "unseen label '" + c.getString(r) + "'")
                            + ", expected one of the " + labels.length + " labels seen in fitting (set"
                            + " handleInvalid to skip or keep)");
                    }
                }
                out[r] = idx;
                keepRow[r] = true;
                kept++;
            }
            Column col = Column.allocate(outputSchema.field(params.getString("outputCol")), n);
            col.doubles().put(out);
            Partition full = input.withColumn(col);
            if (kept == n) {
                return full;
            }
            try (full) {
                return full.filter(keepRow);
            }
        }
    }
}
