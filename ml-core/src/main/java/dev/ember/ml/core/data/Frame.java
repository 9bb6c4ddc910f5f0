package dev.ember.ml.core.data;

import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.InMemorySource;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A schema plus partitions: the data every stage reads and writes.
 *
 * <p>A frame is a lazy, immutable handle on a lineage node ({@link PartitionSource}) and the {@link Runtime}
 * that computes it. Its partitions are computed when read; {@link #cache()} keeps them off-heap in the
 * runtime's cache (under its memory budget, recomputed from the lineage if evicted). Partitions are read through
 * {@link #partition(int)}, whose handle must be closed.
 */
public final class Frame {
    private final PartitionSource source;
    private final Runtime runtime;

    /**
     * @param source the lineage node
     * @param runtime the runtime that computes it
     */
    public Frame(PartitionSource source, Runtime runtime) {
        this.source = Objects.requireNonNull(source, "source");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * A frame over partitions built in code.
     *
     * @param runtime the runtime
     * @param partitions partitions of one schema, at least one; ownership passes to the frame's source
     * @return the frame
     */
    public static Frame of(Runtime runtime, List<Partition> partitions) {
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("a frame needs at least one partition");
        }
        List<Partition> reindexed = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            reindexed.add(p.index() == i ? p : reindexedAndClosed(p, i));
        }
        return new Frame(new InMemorySource(partitions.get(0).schema(), reindexed), runtime);
    }

    /**
     * A single-partition frame over columns built in code.
     *
     * @param runtime the runtime
     * @param columns the columns; ownership passes to the frame's source
     * @return the frame
     */
    public static Frame ofColumns(Runtime runtime, Column... columns) {
        return of(runtime, List.of(new Partition(0, List.of(columns))));
    }

    private static Partition reindexedAndClosed(Partition p, int index) {
        Partition r = p.reindexed(index);
        p.close();
        return r;
    }

    /** @return the schema */
    public Schema schema() {
        return source.schema();
    }

    /** @return the lineage node */
    public PartitionSource source() {
        return source;
    }

    /** @return the runtime */
    public Runtime runtime() {
        return runtime;
    }

    /** @return the number of partitions */
    public int numPartitions() {
        return source.numPartitions();
    }

    /**
     * Opens one partition (computing it, or from the cache).
     *
     * @param index the partition
     * @return a handle to close when done reading
     */
    public PartitionRef partition(int index) {
        if (index < 0 || index >= numPartitions()) {
            throw new IndexOutOfBoundsException("partition " + index + ": expected 0 <= index < "
                + numPartitions());
        }
        return runtime.open(source, index);
    }

    /**
     * Keeps this frame's partitions in the runtime's off-heap cache once computed.
     *
     * @return this frame
     */
    public Frame cache() {
        runtime.persist(source);
        return this;
    }

    /**
     * Computes every partition now and caches it.
     *
     * @return this frame
     */
    public Frame cacheNow() {
        cache();
        count();
        return this;
    }

    /**
     * Drops this frame's partitions from the cache.
     *
     * @return this frame
     */
    public Frame unpersist() {
        runtime.unpersist(source);
        return this;
    }

    /** @return whether the frame is cached */
    public boolean isCached() {
        return runtime.isPersisted(source);
    }

    /** @return the number of rows (from file metadata where known, else by a pass over the partitions) */
    public long count() {
        long sum = 0;
        for (int i = 0; i < numPartitions(); i++) {
            long k = source.knownRowCount(i);
            if (k < 0 || isCached()) {
                return treeAggregate(AggregateCall.of(CoreKernels.Count.class, KernelParams.empty()), 2);
            }
            sum += k;
        }
        return sum;
    }

    /**
     * @param call a registered map kernel and its parameters
     * @param outputSchema the schema of the result
     * @return the lazy transformed frame
     */
    public Frame mapPartitions(MapCall call, Schema outputSchema) {
        return runtime.mapPartitions(this, call, outputSchema);
    }

    /**
     * @param call a registered aggregate kernel and its parameters
     * @param depth the depth of the combining tree
     * @param <A> the accumulator type
     * @return the combined result
     */
    public <A> A treeAggregate(AggregateCall<A> call, int depth) {
        return runtime.treeAggregate(this, call, depth);
    }

    /**
     * @param names the columns to keep, in order
     * @return a lazy projection (columns shared, not copied)
     */
    public Frame select(String... names) {
        Schema out = schema().select(List.of(names));
        return mapPartitions(MapCall.of(CoreKernels.Select.class,
            KernelParams.builder().put("columns", names).build()), out);
    }

    /**
     * @param names columns to remove; each must exist
     * @return a lazy projection without them (the other columns shared, not copied)
     */
    public Frame drop(String... names) {
        java.util.Set<String> gone = new java.util.LinkedHashSet<>();
        for (String n : names) {
            schema().field(n);
            gone.add(n);
        }
        List<String> keep = new ArrayList<>();
        for (String n : schema().names()) {
            if (!gone.contains(n)) {
                keep.add(n);
            }
        }
        return select(keep.toArray(new String[0]));
    }

    /**
     * Splits the rows at random into frames of the given relative sizes, lazily.
     *
     * <p>Each row draws {@code u} in [0, 1) from a seeded hash of its content (all columns, nulls included; see
     * {@link RowHashes}) and goes to split {@code i} if {@code u} falls in the i-th slice of [0, 1) cut in
     * proportion to {@code weights}. A row's split depends on the seed and its values only, so it is the same for
     * any partitioning, row order or runtime, the splits are disjoint and together hold every row, and no
     * counting pass is needed. Exact duplicate rows land in the same split (no train/test leakage through
     * duplicates); sizes match the weights in expectation over distinct rows.
     *
     * @param weights non-negative finite weights, at least one positive (normalized to sum to 1)
     * @param seed the seed
     * @return one lazy frame per weight, each with this frame's schema and partitioning
     */
    public Frame[] randomSplit(double[] weights, long seed) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("randomSplit: found no weights, expected at least one");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("randomSplit: found weight " + w + " in "
                    + java.util.Arrays.toString(weights) + ", expected finite weights >= 0");
            }
            sum += w;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("randomSplit: found weights " + java.util.Arrays.toString(weights)
                + " summing to 0, expected at least one positive weight");
        }
        Frame[] out = new Frame[weights.length];
        double cum = 0;
        for (int i = 0; i < weights.length; i++) {
            double lo = cum / sum;
            cum += weights[i];
            double hi = i == weights.length - 1 ? 1.0 : cum / sum;
            out[i] = rowSlice(lo, hi, seed);
        }
        return out;
    }

    /**
     * Keeps each row with probability {@code fraction}, lazily, by the same content-hash rule as
     * {@link #randomSplit(double[], long)}: the kept rows do not depend on the partitioning.
     *
     * @param fraction the expected fraction of rows kept, in [0, 1]
     * @param seed the seed
     * @return the lazy sample
     */
    public Frame sample(double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("sample: found fraction " + fraction + ", expected 0 <= fraction <= 1");
        }
        return rowSlice(0.0, fraction, seed);
    }

    private Frame rowSlice(double lo, double hi, long seed) {
        return mapPartitions(MapCall.of(FrameKernels.SplitFilter.class, KernelParams.builder()
            .put("seed", seed).put("lo", lo).put("hi", hi).build()), schema());
    }

    /**
     * Adds an {@code int} column of fold ids {@code 0..k-1}, lazily: fold {@code floor(u * k)} of the row's draw
     * {@code u}, the same partition-independent content-hash rule as {@link #randomSplit(double[], long)}. Folds
     * are thus row masks over this frame ({@code filter("fold <> 2")}), never copies, and equal for any
     * partitioning.
     *
     * @param name the new column's name, not already in the schema
     * @param k the number of folds, at least 2
     * @param seed the seed
     * @return the lazy frame with the fold column appended
     */
    public Frame withFoldColumn(String name, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("withFoldColumn: found k = " + k + ", expected k >= 2");
        }
        Schema out = schema().add(Field.of(name, DataType.INT, false));
        return mapPartitions(MapCall.of(FrameKernels.FoldColumn.class, KernelParams.builder()
            .put("name", name).put("k", (long) k).put("seed", seed).build()), out);
    }

    /**
     * Reads a numeric column into a heap array, in partition order. For tests and small results.
     *
     * @param column a numeric column
     * @return the values, NaN for nulls
     */
    public double[] collectDoubles(String column) {
        Field f = schema().field(column);
        if (!f.type().isNumeric() && f.type() != DataType.TIMESTAMP) {
            throw new IllegalArgumentException("column '" + column + "': found " + f.typeString()
                + ", expected a number");
        }
        List<double[]> parts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < numPartitions(); i++) {
            try (PartitionRef ref = partition(i)) {
                Column c = ref.partition().column(column);
                double[] v = new double[c.length()];
                for (int r = 0; r < v.length; r++) {
                    v[r] = c.getDouble(r);
                }
                parts.add(v);
                total += v.length;
            }
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * Reads a vector column into heap arrays, in partition order. For tests and small results.
     *
     * @param column a vector column
     * @return one array per row
     */
    public double[][] collectVectors(String column) {
        schema().require(column, DataType.VECTOR);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < numPartitions(); i++) {
            try (PartitionRef ref = partition(i)) {
                Column c = ref.partition().column(column);
                for (int r = 0; r < c.length(); r++) {
                    double[] v = new double[c.vectorSize()];
                    c.getVector(r, v);
                    rows.add(v);
                }
            }
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * Reads a string column into a list, in partition order. For tests and small results.
     *
     * @param column a string column
     * @return the values, null for nulls
     */
    public List<String> collectStrings(String column) {
        schema().require(column, DataType.STRING);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < numPartitions(); i++) {
            try (PartitionRef ref = partition(i)) {
                Column c = ref.partition().column(column);
                for (int r = 0; r < c.length(); r++) {
                    out.add(c.getString(r));
                }
            }
        }
        return out;
    }

    /** @return the lineage, one node per line, root last */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        explain(source, 0, sb);
        return sb.toString();
    }

    private void explain(PartitionSource s, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(depth == 0 ? "" : "+- ").append(s.describe())
            .append(runtime.isPersisted(s) ? " [cached]" : "").append('\n');
        for (PartitionSource p : s.parents()) {
            explain(p, depth + 1, sb);
        }
    }

    @Override
    public String toString() {
        return "Frame[" + numPartitions() + " partitions, " + schema() + "]";
    }
}
