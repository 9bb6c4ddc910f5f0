package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
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
 *
 * <p>Preparing data: every operation below is a lineage node computed per partition by a registered kernel (or a
 * source with a descriptor), so it runs unchanged on the cluster runtime; SQL expressions are typed against the
 * schema when the operation is called, before any compute.
 *
 * <pre>{@code
 * Frame raw = CsvReader.builder().runtime(rt).read(path);
 * Frame clean = raw.filter("amount IS NOT NULL AND country IN ('DE', 'FR')")
 *     .withColumn("log_amount", "log(amount + 1)")
 *     .withColumn("rate", "amount / nullif(n, 0)")
 *     .drop("comment");
 * Frame[] trainTest = clean.randomSplit(new double[] {0.8, 0.2}, 42);
 * trainTest[0].describe().show();
 * trainTest[1].write().csv(Path.of("test.csv"));
 * }</pre>
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
            throw new InvalidArgumentException("a frame needs at least one partition");
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
     * Keeps the rows where a SQL condition is true, lazily; rows where it is false or null are dropped.
     *
     * @param sqlExpr a boolean SQL expression over this frame's columns, e.g. {@code "amount > 0 AND s IN ('a')"}
     * @return the lazy filtered frame
     * @throws InvalidArgumentException before any compute if the expression does not parse, names an unknown
     *     column, mixes types or is not boolean (the message names the expression and what was expected)
     */
    public Frame filter(String sqlExpr) {
        dev.ember.ml.core.expr.Expr e = dev.ember.ml.core.expr.SqlExpressions.parsePredicate(sqlExpr, schema());
        return mapPartitions(MapCall.of(dev.ember.ml.core.expr.ExprKernels.Filter.class,
            dev.ember.ml.core.expr.ExprKernels.filterParams(e)), schema());
    }

    /**
     * Adds (or replaces in place) a column computed by a SQL expression, lazily, evaluated by a vectorized kernel
     * over each partition. The column is nullable; its type is the expression's ({@code long} for integer
     * arithmetic, {@code double} for {@code /} and math functions, or a {@code CAST}'s target).
     *
     * @param name the column's name
     * @param sqlExpr a SQL expression over this frame's columns, e.g. {@code "log(amount + 1)"}
     * @return the lazy frame with the column
     * @throws InvalidArgumentException before any compute if the expression does not type-check
     */
    public Frame withColumn(String name, String sqlExpr) {
        dev.ember.ml.core.expr.Expr e = dev.ember.ml.core.expr.SqlExpressions.parse(sqlExpr, schema());
        Field f = Field.of(name, e.type(), true);
        Schema out;
        if (schema().contains(name)) {
            List<Field> fields = new ArrayList<>(schema().fields());
            fields.set(schema().indexOf(name), f);
            out = new Schema(fields);
        } else {
            out = schema().add(f);
        }
        return mapPartitions(MapCall.of(dev.ember.ml.core.expr.ExprKernels.WithColumn.class,
            dev.ember.ml.core.expr.ExprKernels.withColumnParams(name, e)), out);
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
            throw new InvalidArgumentException("randomSplit: found no weights, expected at least one");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new InvalidArgumentException("randomSplit: found weight " + w + " in "
                    + java.util.Arrays.toString(weights) + ", expected finite weights >= 0");
            }
            sum += w;
        }
        if (sum <= 0) {
            throw new InvalidArgumentException("randomSplit: found weights " + java.util.Arrays.toString(weights)
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
            throw new InvalidArgumentException("sample: found fraction " + fraction + ", expected 0 <= fraction <= 1");
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
            throw new InvalidArgumentException("withFoldColumn: found k = " + k + ", expected k >= 2");
        }
        Schema out = schema().add(Field.of(name, DataType.INT, false));
        return mapPartitions(MapCall.of(FrameKernels.FoldColumn.class, KernelParams.builder()
            .put("name", name).put("k", (long) k).put("seed", seed).build()), out);
    }

    /**
     * Keeps the first {@code n} rows in partition order, lazily (the partitioning is kept; partitions past the
     * limit are empty).
     *
     * @param n the number of rows, at least 0
     * @return the lazy limited frame
     */
    public Frame limit(long n) {
        return new Frame(new LimitSource(source, n), runtime);
    }

    /**
     * Appends another frame's rows after this one's, lazily: the partitions of both, this frame's first. Columns
     * must match by name, type and order (SQL's {@code UNION ALL}: duplicates are kept).
     *
     * @param other a frame on the same runtime
     * @return the lazy union
     * @throws InvalidArgumentException if the schemas differ or the runtimes differ
     */
    public Frame union(Frame other) {
        if (other.runtime != runtime) {
            throw new InvalidArgumentException("union: found a frame on another runtime, expected frames of one"
                + " runtime");
        }
        return new Frame(new UnionSource(List.of(source, other.source)), runtime);
    }

    /**
     * Reads the first rows to the heap, in partition order, computing only the partitions it needs.
     *
     * @param n the number of rows, at least 0
     * @return up to {@code n} rows
     */
    public List<Row> head(int n) {
        if (n < 0) {
            throw new InvalidArgumentException("head: found n = " + n + ", expected n >= 0");
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < numPartitions() && out.size() < n; i++) {
            try (PartitionRef ref = partition(i)) {
                Partition p = ref.partition();
                for (int r = 0; r < p.numRows() && out.size() < n; r++) {
                    Object[] values = new Object[p.columns().size()];
                    for (int j = 0; j < values.length; j++) {
                        values[j] = Row.value(p.column(j), r);
                    }
                    out.add(new Row(schema(), values));
                }
            }
        }
        return out;
    }

    /**
     * The first rows as an aligned text table, as Spark's {@code show} prints it: values right-aligned, cut to 20
     * characters, nulls as {@code null}, and a note when more rows exist.
     *
     * @param n the number of rows to show
     * @return the table
     */
    public String showString(int n) {
        List<Row> rows = head(n + 1);
        List<List<String>> cells = new ArrayList<>();
        for (Row r : rows.subList(0, Math.min(n, rows.size()))) {
            List<String> line = new ArrayList<>();
            for (int j = 0; j < r.size(); j++) {
                line.add(Row.text(r.get(j)));
            }
            cells.add(line);
        }
        String table = TableText.render(schema().names(), cells);
        return rows.size() > n ? table + "only showing top " + n + " row" + (n == 1 ? "" : "s") + "\n" : table;
    }

    /** Prints the first 20 rows as a table ({@link #showString(int)}) to standard output. */
    public void show() {
        show(20);
    }

    /**
     * Prints the first rows as a table ({@link #showString(int)}) to standard output.
     *
     * @param n the number of rows
     */
    public void show(int n) {
        System.out.print(showString(n));
    }

    /**
     * Summarizes the numeric columns ({@code double, float, long, int}) in one tree-aggregate pass, as Spark's
     * {@code describe()}: a small in-memory frame with a string column {@code summary} ({@code count, mean,
     * stddev, min, max}) and one double column per numeric column. Counts are of non-null values; {@code stddev}
     * is the sample standard deviation (n - 1), null below two values; mean, min and max are null for no values.
     *
     * @return the summary frame (print it with {@link #show()})
     */
    public Frame describe() {
        List<String> cols = new ArrayList<>();
        for (Field f : schema()) {
            if (f.type() == DataType.DOUBLE || f.type() == DataType.FLOAT || f.type() == DataType.LONG
                || f.type() == DataType.INT) {
                cols.add(f.name());
            }
        }
        String[] names = cols.toArray(new String[0]);
        double[] acc = treeAggregate(AggregateCall.of(DescribeKernel.class,
            KernelParams.builder().put("columns", names).build()), 2);
        List<Column> out = new ArrayList<>();
        out.add(ColumnBuilder.ofStrings("summary", "count", "mean", "stddev", "min", "max"));
        for (int j = 0; j < names.length; j++) {
            int at = DescribeKernel.STRIDE * j;
            double count = acc[at];
            ColumnBuilder b = new ColumnBuilder(Field.of(names[j], DataType.DOUBLE, true), 5);
            b.appendDouble(count);
            appendOrNull(b, count > 0, acc[at + 1]);
            appendOrNull(b, count > 1, Math.sqrt(acc[at + 2] / (count - 1)));
            appendOrNull(b, count > 0, acc[at + 3]);
            appendOrNull(b, count > 0, acc[at + 4]);
            out.add(b.build());
        }
        return ofColumns(runtime, out.toArray(new Column[0]));
    }

    private static void appendOrNull(ColumnBuilder b, boolean present, double v) {
        if (present) {
            b.appendDouble(v);
        } else {
            b.appendNull();
        }
    }

    /**
     * Writes this frame to a file: {@code frame.write().parquet(path)} or {@code frame.write().csv(path)}.
     *
     * @return a writer for this frame
     */
    public dev.ember.ml.core.io.FrameWriter write() {
        return new dev.ember.ml.core.io.FrameWriter(this);
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
            throw new InvalidArgumentException("column '" + column + "': found " + f.typeString()
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
