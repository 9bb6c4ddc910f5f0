package dev.ember.ml.core.expr;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a typed tree over a whole partition, one node at a time: each column is read in one bulk copy from
 * its off-heap buffer into a primitive array, and each operator is one loop over those arrays (no per-row walk of
 * the tree), so the JIT compiles every loop to straight-line, often vectorized, code. Nulls are a parallel
 * {@code boolean[]}; SQL semantics:
 *
 * <ul>
 *   <li>arithmetic, comparisons, functions and CAST give null where an operand is null; {@code x / 0},
 *       {@code x % 0} and the logarithm of a value at or below zero give null; failed string casts give null;</li>
 *   <li>{@code AND} is false if either side is false, else null if either is null; {@code OR} is true if either
 *       is true, else null if either is null; {@code NOT null} is null; {@code IS [NOT] NULL} is never null;</li>
 *   <li>{@code CASE} takes the first branch whose condition is true (null is not true), else the ELSE value;
 *       {@code coalesce} the first non-null; {@code least}/{@code greatest} skip nulls;</li>
 *   <li>numbers compare as IEEE doubles unless both are integers; strings by their characters.</li>
 * </ul>
 */
public final class VectorEvaluator {
    static {
        dev.ember.ml.core.runtime.NativeDefaults.apply();   // before ND4J loads its native libraries
    }

    private final Partition partition;
    private final int n;

    private VectorEvaluator(Partition partition) {
        this.partition = partition;
        this.n = partition.numRows();
    }

    /**
     * @param predicate a boolean tree typed against the partition's schema
     * @param partition the rows
     * @return per row, whether the predicate is true (false and null rows are dropped by a filter)
     */
    public static boolean[] mask(Expr predicate, Partition partition) {
        if (predicate.type() != DataType.BOOLEAN) {
            throw new InvalidArgumentException("filter expression " + Render.sql(predicate) + " has type "
                + predicate.type().jsonName() + ", expected boolean");
        }
        Vec v = new VectorEvaluator(partition).eval(predicate);
        boolean[] keep = v.b.clone();
        if (v.nulls != null) {
            for (int r = 0; r < keep.length; r++) {
                keep[r] &= !v.nulls[r];
            }
        }
        return keep;
    }

    /**
     * @param e a tree typed against the partition's schema
     * @param partition the rows
     * @param name the output column's name
     * @return a new nullable column of {@code e.type()}, owned by the caller
     */
    public static Column column(Expr e, Partition partition, String name) {
        Vec v = new VectorEvaluator(partition).eval(e);
        return toColumn(v, Field.of(name, e.type(), true));
    }

    Vec eval(Expr e) {
        if (e instanceof Expr.Col c) {
            return read(partition.column(c.name()));
        }
        if (e instanceof Expr.Lit l) {
            return literal(l);
        }
        Expr.Call c = (Expr.Call) e;
        List<Expr> a = c.args();
        return switch (c.op()) {
            case NEG, ABS -> unaryNumeric(c.op(), eval(a.get(0)));
            case ADD, SUB, MUL, MOD -> arithmetic(c.op(), c.type(), eval(a.get(0)), eval(a.get(1)));
            case DIV, POW, LOG -> binaryDouble(c.op(), eval(a.get(0)), eval(a.get(1)));
            case SQRT, EXP, LN, LOG10, FLOOR, CEIL -> unaryMath(c.op(), eval(a.get(0)));
            case ROUND -> round(eval(a.get(0)), a.size() == 2 ? (Long) ((Expr.Lit) a.get(1)).value() : 0L);
            case EQ, NE, LT, LE, GT, GE -> compare(c.op(), eval(a.get(0)), eval(a.get(1)));
            case AND, OR -> logic(c.op(), eval(a.get(0)), eval(a.get(1)));
            case NOT -> {
                Vec x = eval(a.get(0));
                boolean[] out = new boolean[n];
                for (int r = 0; r < n; r++) {
                    out[r] = !x.b[r];
                }
                yield Vec.booleans(out, x.nulls);
            }
            case IS_NULL, IS_NOT_NULL -> {
                Vec x = eval(a.get(0));
                boolean[] out = new boolean[n];
                boolean want = c.op() == Op.IS_NULL;
                for (int r = 0; r < n; r++) {
                    out[r] = x.isNull(r) == want;
                }
                yield Vec.booleans(out, null);
            }
            case IN -> in(eval(a.get(0)), a.subList(1, a.size()));
            case CASE -> caseWhen(c);
            case COALESCE -> coalesce(c);
            case LEAST, GREATEST -> extreme(c);
            case NULLIF -> nullIf(c);
            case CAST -> Casts.cast(eval(a.get(0)), c.type());
        };
    }

    private Vec read(Column col) {
        boolean[] nulls = null;
        if (col.nullCount() > 0) {
            nulls = new boolean[n];
            BitSet bits = col.nulls();
            for (int r = bits.nextSetBit(0); r >= 0; r = bits.nextSetBit(r + 1)) {
                nulls[r] = true;
            }
        }
        switch (col.type()) {
            case DOUBLE -> {
                double[] d = new double[n];
                col.doubles().get(d);
                return Vec.doubles(d, nulls);
            }
            case FLOAT -> {
                float[] f = new float[n];
                col.floats().get(f);
                double[] d = new double[n];
                for (int r = 0; r < n; r++) {
                    d[r] = f[r];
                }
                return Vec.doubles(d, nulls);
            }
            case LONG -> {
                long[] l = new long[n];
                col.longs().get(l);
                return Vec.longs(l, nulls);
            }
            case INT -> {
                int[] i = new int[n];
                col.ints().get(i);
                long[] l = new long[n];
                for (int r = 0; r < n; r++) {
                    l[r] = i[r];
                }
                return Vec.longs(l, nulls);
            }
            case BOOLEAN -> {
                byte[] bytes = new byte[n];
                col.rawBytes().get(bytes);
                boolean[] b = new boolean[n];
                for (int r = 0; r < n; r++) {
                    b[r] = bytes[r] != 0;
                }
                return Vec.booleans(b, nulls);
            }
            case STRING -> {
                int[] codes = new int[n];
                col.ints().get(codes);
                return Vec.strings(codes, col.dictionary(), nulls);
            }
            default -> throw new InvalidArgumentException("column '" + col.name() + "': found "
                + col.field().typeString() + ", expected a scalar column");
        }
    }

    private Vec literal(Expr.Lit l) {
        boolean[] nulls = null;
        if (l.value() == null) {
            nulls = new boolean[n];
            java.util.Arrays.fill(nulls, true);
        }
        return switch (kindOf(l.type())) {
            case D -> {
                double[] d = new double[n];
                java.util.Arrays.fill(d, l.value() == null ? 0 : (Double) l.value());
                yield Vec.doubles(d, nulls);
            }
            case L -> {
                long[] v = new long[n];
                java.util.Arrays.fill(v, l.value() == null ? 0 : (Long) l.value());
                yield Vec.longs(v, nulls);
            }
            case B -> {
                boolean[] b = new boolean[n];
                java.util.Arrays.fill(b, l.value() != null && (Boolean) l.value());
                yield Vec.booleans(b, nulls);
            }
            case S -> Vec.strings(new int[n], List.of(l.value() == null ? "" : (String) l.value()), nulls);
        };
    }

    static Vec.Kind kindOf(DataType t) {
        return switch (t) {
            case DOUBLE, FLOAT -> Vec.Kind.D;
            case LONG, INT -> Vec.Kind.L;
            case BOOLEAN -> Vec.Kind.B;
            case STRING -> Vec.Kind.S;
            default -> throw new InvalidArgumentException("no expression values of type " + t.jsonName());
        };
    }

    private Vec unaryNumeric(Op op, Vec x) {
        if (x.kind == Vec.Kind.L) {
            long[] out = new long[n];
            for (int r = 0; r < n; r++) {
                out[r] = op == Op.NEG ? -x.l[r] : Math.abs(x.l[r]);
            }
            return Vec.longs(out, x.nulls);
        }
        double[] out = new double[n];
        if (op == Op.NEG) {
            for (int r = 0; r < n; r++) {
                out[r] = -x.d[r];
            }
        } else {
            for (int r = 0; r < n; r++) {
                out[r] = Math.abs(x.d[r]);
            }
        }
        return Vec.doubles(out, x.nulls);
    }

    private Vec arithmetic(Op op, DataType type, Vec x, Vec y) {
        boolean[] nulls = Vec.orNulls(x.nulls, y.nulls);
        if (type == DataType.LONG) {
            long[] a = x.l;
            long[] b = y.l;
            long[] out = new long[n];
            switch (op) {
                case ADD -> {
                    for (int r = 0; r < n; r++) {
                        out[r] = a[r] + b[r];
                    }
                }
                case SUB -> {
                    for (int r = 0; r < n; r++) {
                        out[r] = a[r] - b[r];
                    }
                }
                case MUL -> {
                    for (int r = 0; r < n; r++) {
                        out[r] = a[r] * b[r];
                    }
                }
                default -> {
                    nulls = nullWhereZero(nulls, y);
                    for (int r = 0; r < n; r++) {
                        out[r] = b[r] == 0 ? 0 : a[r] % b[r];
                    }
                }
            }
            return Vec.longs(out, nulls);
        }
        double[] a = x.asDoubles();
        double[] b = y.asDoubles();
        double[] out = new double[n];
        switch (op) {
            case ADD -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] + b[r];
                }
            }
            case SUB -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] - b[r];
                }
            }
            case MUL -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] * b[r];
                }
            }
            default -> {
                nulls = nullWhereZero(nulls, y);
                for (int r = 0; r < n; r++) {
                    out[r] = b[r] == 0 ? 0 : a[r] % b[r];
                }
            }
        }
        return Vec.doubles(out, nulls);
    }

    private boolean[] nullWhereZero(boolean[] nulls, Vec divisor) {
        boolean[] out = nulls;
        for (int r = 0; r < n; r++) {
            boolean zero = divisor.kind == Vec.Kind.L ? divisor.l[r] == 0 : divisor.d[r] == 0;
            if (zero) {
                if (out == null) {
                    out = new boolean[n];
                }
                out[r] = true;
            }
        }
        return out;
    }

    private Vec binaryDouble(Op op, Vec x, Vec y) {
        boolean[] nulls = Vec.orNulls(x.nulls, y.nulls);
        double[] a = x.asDoubles();
        double[] b = y.asDoubles();
        double[] out = new double[n];
        switch (op) {
            case DIV -> {
                nulls = nullWhereZero(nulls, y);
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] / b[r];
                }
            }
            case POW -> {
                for (int r = 0; r < n; r++) {
                    out[r] = Math.pow(a[r], b[r]);
                }
            }
            default -> {
                for (int r = 0; r < n; r++) {
                    if (a[r] <= 0 || b[r] <= 0) {
                        nulls = setNull(nulls, r);
                    } else {
                        out[r] = Math.log(b[r]) / Math.log(a[r]);
                    }
                }
            }
        }
        if (nulls != null) {
            for (int r = 0; r < n; r++) {
                if (nulls[r]) {
                    out[r] = 0;
                }
            }
        }
        return Vec.doubles(out, nulls);
    }

    private boolean[] setNull(boolean[] nulls, int r) {
        boolean[] out = nulls == null ? new boolean[n] : nulls;
        out[r] = true;
        return out;
    }

    private Vec unaryMath(Op op, Vec x) {
        if ((op == Op.FLOOR || op == Op.CEIL) && x.kind == Vec.Kind.L) {
            return x;
        }
        double[] a = x.asDoubles();
        boolean[] nulls = x.nulls == null ? null : x.nulls.clone();
        switch (op) {
            case FLOOR, CEIL -> {
                long[] out = new long[n];
                for (int r = 0; r < n; r++) {
                    out[r] = (long) (op == Op.FLOOR ? Math.floor(a[r]) : Math.ceil(a[r]));
                }
                return Vec.longs(out, nulls);
            }
            case SQRT -> {
                double[] out = new double[n];
                for (int r = 0; r < n; r++) {
                    out[r] = Math.sqrt(a[r]);
                }
                return Vec.doubles(out, nulls);
            }
            case EXP -> {
                double[] out = new double[n];
                for (int r = 0; r < n; r++) {
                    out[r] = Math.exp(a[r]);
                }
                return Vec.doubles(out, nulls);
            }
            default -> {
                double[] out = new double[n];
                for (int r = 0; r < n; r++) {
                    if (a[r] <= 0) {
                        nulls = setNull(nulls, r);
                    } else {
                        out[r] = op == Op.LN ? Math.log(a[r]) : Math.log10(a[r]);
                    }
                }
                return Vec.doubles(out, nulls);
            }
        }
    }

    private Vec round(Vec x, long scale) {
        if (x.kind == Vec.Kind.L) {
            if (scale >= 0) {
                return x;
            }
            long f = (long) Math.pow(10, -scale);
            long[] out = new long[n];
            for (int r = 0; r < n; r++) {
                long q = Math.abs(x.l[r]) / f;
                long rem = Math.abs(x.l[r]) % f;
                out[r] = Long.signum(x.l[r]) * (q + (2 * rem >= f ? 1 : 0)) * f;
            }
            return Vec.longs(out, x.nulls);
        }
        double f = Math.pow(10, scale);
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            double v = x.d[r];
            out[r] = Double.isFinite(v) ? Math.signum(v) * Math.floor(Math.abs(v) * f + 0.5) / f : v;
        }
        return Vec.doubles(out, x.nulls);
    }

    private Vec compare(Op op, Vec x, Vec y) {
        boolean[] nulls = Vec.orNulls(x.nulls, y.nulls);
        if (x.kind != Vec.Kind.S && x.kind != Vec.Kind.B && (x.kind == Vec.Kind.D || y.kind == Vec.Kind.D)) {
            return Vec.booleans(compareDoubles(op, x.asDoubles(), y.asDoubles()), nulls);
        }
        int[] cmp = new int[n];
        if (x.kind == Vec.Kind.L && y.kind == Vec.Kind.L) {
            for (int r = 0; r < n; r++) {
                cmp[r] = Long.compare(x.l[r], y.l[r]);
            }
        } else if (x.kind == Vec.Kind.B) {
            for (int r = 0; r < n; r++) {
                cmp[r] = Boolean.compare(x.b[r], y.b[r]);
            }
        } else if (x.kind == Vec.Kind.S) {
            compareStrings(op, x, y, cmp);
        } else {
            double[] a = x.asDoubles();
            double[] b = y.asDoubles();
            for (int r = 0; r < n; r++) {
                cmp[r] = a[r] < b[r] ? -1 : a[r] > b[r] ? 1 : a[r] == b[r] ? 0 : 2;
            }
        }
        boolean[] out = new boolean[n];
        for (int r = 0; r < n; r++) {
            int c = cmp[r];
            out[r] = switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c == -1;
                case LE -> c == -1 || c == 0;
                case GT -> c == 1;
                default -> c == 1 || c == 0;
            };
        }
        return Vec.booleans(out, nulls);
    }

    /** IEEE comparisons, one branch-free loop per operator (NaN compares false except with {@code <>}). */
    private boolean[] compareDoubles(Op op, double[] a, double[] b) {
        boolean[] out = new boolean[n];
        switch (op) {
            case EQ -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] == b[r];
                }
            }
            case NE -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] != b[r];
                }
            }
            case LT -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] < b[r];
                }
            }
            case LE -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] <= b[r];
                }
            }
            case GT -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] > b[r];
                }
            }
            default -> {
                for (int r = 0; r < n; r++) {
                    out[r] = a[r] >= b[r];
                }
            }
        }
        return out;
    }

    /** Equality by codes (the right dictionary mapped onto the left once), order by characters. */
    private void compareStrings(Op op, Vec x, Vec y, int[] cmp) {
        if (op == Op.EQ || op == Op.NE) {
            Map<String, Integer> left = new HashMap<>();
            for (int i = 0; i < x.dict.size(); i++) {
                left.putIfAbsent(x.dict.get(i), i);
            }
            int[] map = new int[y.dict.size()];
            for (int i = 0; i < map.length; i++) {
                map[i] = left.getOrDefault(y.dict.get(i), -1);
            }
            for (int r = 0; r < n; r++) {
                boolean eq = !x.isNull(r) && !y.isNull(r) && map[y.codes[r]] == x.codes[r];
                cmp[r] = eq ? 0 : 1;
            }
            return;
        }
        for (int r = 0; r < n; r++) {
            if (!x.isNull(r) && !y.isNull(r)) {
                cmp[r] = Integer.signum(x.dict.get(x.codes[r]).compareTo(y.dict.get(y.codes[r])));
            }
        }
    }

    private Vec logic(Op op, Vec x, Vec y) {
        boolean[] out = new boolean[n];
        boolean[] nulls = null;
        boolean and = op == Op.AND;
        for (int r = 0; r < n; r++) {
            boolean xn = x.isNull(r);
            boolean yn = y.isNull(r);
            boolean xv = x.b[r] && !xn;
            boolean yv = y.b[r] && !yn;
            boolean decided = and ? (!xn && !x.b[r]) || (!yn && !y.b[r]) : xv || yv;
            if (!decided && (xn || yn)) {
                nulls = setNull(nulls, r);
            } else {
                out[r] = and ? !decided : decided;
            }
        }
        return Vec.booleans(out, nulls);
    }

    private Vec in(Vec x, List<Expr> items) {
        boolean[] out = new boolean[n];
        if (x.kind == Vec.Kind.S) {
            java.util.Set<String> wanted = new java.util.HashSet<>();
            for (Expr e : items) {
                wanted.add((String) ((Expr.Lit) e).value());
            }
            boolean[] byCode = new boolean[x.dict.size()];
            for (int i = 0; i < byCode.length; i++) {
                byCode[i] = wanted.contains(x.dict.get(i));
            }
            for (int r = 0; r < n; r++) {
                out[r] = !x.isNull(r) && byCode[x.codes[r]];
            }
        } else if (x.kind == Vec.Kind.B) {
            for (Expr e : items) {
                boolean v = (Boolean) ((Expr.Lit) e).value();
                for (int r = 0; r < n; r++) {
                    out[r] |= x.b[r] == v;
                }
            }
        } else {
            double[] a = x.asDoubles();
            for (Expr e : items) {
                double v = ((Number) ((Expr.Lit) e).value()).doubleValue();
                for (int r = 0; r < n; r++) {
                    out[r] |= a[r] == v;
                }
            }
        }
        return Vec.booleans(out, x.nulls);
    }

    private Vec caseWhen(Expr.Call c) {
        List<Expr> a = c.args();
        int branches = (a.size() - 1) / 2;
        Vec[] values = new Vec[branches + 1];
        int[] pick = new int[n];
        java.util.Arrays.fill(pick, branches);
        boolean[] decided = new boolean[n];
        for (int i = 0; i < branches; i++) {
            Vec cond = eval(a.get(2 * i));
            values[i] = eval(a.get(2 * i + 1));
            for (int r = 0; r < n; r++) {
                if (!decided[r] && cond.b[r] && !cond.isNull(r)) {
                    decided[r] = true;
                    pick[r] = i;
                }
            }
        }
        values[branches] = eval(a.get(a.size() - 1));
        return gather(c.type(), values, pick);
    }

    private Vec coalesce(Expr.Call c) {
        Vec[] values = evalAll(c.args());
        int[] pick = new int[n];
        for (int r = 0; r < n; r++) {
            int k = 0;
            while (k < values.length && values[k].isNull(r)) {
                k++;
            }
            pick[r] = k == values.length ? -1 : k;
        }
        return gather(c.type(), values, pick);
    }

    private Vec extreme(Expr.Call c) {
        Vec[] values = evalAll(c.args());
        boolean least = c.op() == Op.LEAST;
        int[] pick = new int[n];
        java.util.Arrays.fill(pick, -1);
        for (int k = 0; k < values.length; k++) {
            Vec v = values[k];
            for (int r = 0; r < n; r++) {
                if (v.isNull(r)) {
                    continue;
                }
                int best = pick[r];
                if (best < 0) {
                    pick[r] = k;
                    continue;
                }
                Vec b = values[best];
                double cur = b.kind == Vec.Kind.L ? b.l[r] : b.d[r];
                double now = v.kind == Vec.Kind.L ? v.l[r] : v.d[r];
                boolean longs = b.kind == Vec.Kind.L && v.kind == Vec.Kind.L;
                int cmp = longs ? Long.compare(v.l[r], b.l[r]) : Double.compare(now, cur);
                if (least ? cmp < 0 : cmp > 0) {
                    pick[r] = k;
                }
            }
        }
        return gather(c.type(), values, pick);
    }

    private Vec nullIf(Expr.Call c) {
        Vec x = eval(c.args().get(0));
        Vec eq = compare(Op.EQ, x, eval(c.args().get(1)));
        int[] pick = new int[n];
        for (int r = 0; r < n; r++) {
            pick[r] = eq.b[r] && !eq.isNull(r) ? -1 : 0;
        }
        return gather(c.type(), new Vec[] {x}, pick);
    }

    private Vec[] evalAll(List<Expr> args) {
        Vec[] out = new Vec[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = eval(args.get(i));
        }
        return out;
    }

    /** Row r takes row r of {@code values[pick[r]]}, or null where {@code pick[r] < 0}. */
    private Vec gather(DataType type, Vec[] values, int[] pick) {
        boolean[] nulls = null;
        for (int r = 0; r < n; r++) {
            if (pick[r] < 0 || values[pick[r]].isNull(r)) {
                nulls = setNull(nulls, r);
            }
        }
        switch (kindOf(type)) {
            case D -> {
                double[][] src = new double[values.length][];
                for (int k = 0; k < values.length; k++) {
                    src[k] = values[k].asDoubles();
                }
                double[] out = new double[n];
                for (int r = 0; r < n; r++) {
                    out[r] = pick[r] < 0 ? 0 : src[pick[r]][r];
                }
                return Vec.doubles(out, nulls);
            }
            case L -> {
                long[] out = new long[n];
                for (int r = 0; r < n; r++) {
                    out[r] = pick[r] < 0 ? 0 : values[pick[r]].l[r];
                }
                return Vec.longs(out, nulls);
            }
            case B -> {
                boolean[] out = new boolean[n];
                for (int r = 0; r < n; r++) {
                    out[r] = pick[r] >= 0 && values[pick[r]].b[r];
                }
                return Vec.booleans(out, nulls);
            }
            default -> {
                Map<String, Integer> merged = new LinkedHashMap<>();
                int[][] remap = new int[values.length][];
                for (int k = 0; k < values.length; k++) {
                    List<String> dict = values[k].dict;
                    remap[k] = new int[dict.size()];
                    for (int i = 0; i < dict.size(); i++) {
                        Integer code = merged.putIfAbsent(dict.get(i), merged.size());
                        remap[k][i] = code == null ? merged.size() - 1 : code;
                    }
                }
                int[] codes = new int[n];
                for (int r = 0; r < n; r++) {
                    boolean isNull = nulls != null && nulls[r];
                    codes[r] = isNull ? 0 : remap[pick[r]][values[pick[r]].codes[r]];
                }
                List<String> dict = new ArrayList<>(merged.keySet());
                if (dict.isEmpty()) {
                    dict.add("");
                }
                return Vec.strings(codes, dict, nulls);
            }
        }
    }

    static Column toColumn(Vec v, Field field) {
        int n = v.n;
        BitSet bits = new BitSet();
        if (v.nulls != null) {
            for (int r = 0; r < n; r++) {
                if (v.nulls[r]) {
                    bits.set(r);
                }
            }
        }
        if (field.type() == DataType.STRING) {
            ColumnBuilder b = new ColumnBuilder(field, n);
            for (int r = 0; r < n; r++) {
                b.appendString(v.string(r));
            }
            return b.build();
        }
        if (n == 0) {
            return Column.allocate(field, 0);
        }
        var array = switch (field.type()) {
            case DOUBLE -> {
                double[] d = v.asDoubles().clone();
                bits.stream().forEach(r -> d[r] = 0);
                yield Nd4j.createFromArray(d);
            }
            case FLOAT -> {
                double[] d = v.asDoubles();
                float[] f = new float[n];
                for (int r = 0; r < n; r++) {
                    f[r] = bits.get(r) ? 0f : (float) d[r];
                }
                yield Nd4j.createFromArray(f);
            }
            case LONG -> {
                long[] l = v.l.clone();
                bits.stream().forEach(r -> l[r] = 0);
                yield Nd4j.createFromArray(l);
            }
            case INT -> {
                int[] i = new int[n];
                for (int r = 0; r < n; r++) {
                    i[r] = bits.get(r) ? 0 : (int) v.l[r];
                }
                yield Nd4j.createFromArray(i);
            }
            case BOOLEAN -> {
                byte[] b = new byte[n];
                for (int r = 0; r < n; r++) {
                    b[r] = (byte) (v.b[r] && !bits.get(r) ? 1 : 0);
                }
                yield Nd4j.createFromArray(b);
            }
            default -> throw new InvalidArgumentException("column '" + field.name() + "': no expression values of"
                + " type " + field.typeString());
        };
        return Column.wrap(field, array, bits.isEmpty() ? null : bits);
    }
}
