package dev.ember.ml.core.expr;

import java.util.List;

/**
 * The value of one expression node over every row of a partition, on the heap: one primitive array by kind
 * ({@code double[]} for double and float, {@code long[]} for long and int, {@code boolean[]} for booleans, codes
 * plus a dictionary for strings) and the null rows ({@code null} when there are none).
 */
final class Vec {
    /** How values are held. */
    enum Kind { D, L, B, S }

    final Kind kind;
    final int n;
    double[] d;
    long[] l;
    boolean[] b;
    int[] codes;
    List<String> dict;
    boolean[] nulls;

    private Vec(Kind kind, int n) {
        this.kind = kind;
        this.n = n;
    }

    static Vec doubles(double[] d, boolean[] nulls) {
        Vec v = new Vec(Kind.D, d.length);
        v.d = d;
        v.nulls = nulls;
        return v;
    }

    static Vec longs(long[] l, boolean[] nulls) {
        Vec v = new Vec(Kind.L, l.length);
        v.l = l;
        v.nulls = nulls;
        return v;
    }

    static Vec booleans(boolean[] b, boolean[] nulls) {
        Vec v = new Vec(Kind.B, b.length);
        v.b = b;
        v.nulls = nulls;
        return v;
    }

    static Vec strings(int[] codes, List<String> dict, boolean[] nulls) {
        Vec v = new Vec(Kind.S, codes.length);
        v.codes = codes;
        v.dict = dict;
        v.nulls = nulls;
        return v;
    }

    boolean isNull(int r) {
        return nulls != null && nulls[r];
    }

    /** @return the values as doubles (a view for D, widened for L) */
    double[] asDoubles() {
        if (kind == Kind.D) {
            return d;
        }
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            out[r] = l[r];
        }
        return out;
    }

    /** @return the string of row r (rows that are null give null) */
    String string(int r) {
        return isNull(r) ? null : dict.get(codes[r]);
    }

    /**
     * @param a nulls of one operand, or null
     * @param b nulls of another, or null
     * @return their union, or null when neither has any
     */
    static boolean[] orNulls(boolean[] a, boolean[] b) {
        if (a == null) {
            return b == null ? null : b.clone();
        }
        boolean[] out = a.clone();
        if (b != null) {
            for (int r = 0; r < out.length; r++) {
                out[r] |= b[r];
            }
        }
        return out;
    }
}
