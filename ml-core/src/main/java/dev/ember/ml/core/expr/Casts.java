package dev.ember.ml.core.expr;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code CAST} over whole vectors. Numbers convert as Java's casts do (double to integer truncates toward zero and
 * saturates; integers wrap to {@code int}); booleans are 1/0 and a number is true when non-zero; strings parse
 * once per dictionary entry, and a string that does not parse gives null (as Spark does outside ANSI mode).
 */
final class Casts {
    private Casts() {
    }

    static Vec cast(Vec x, DataType target) {
        return switch (target) {
            case DOUBLE, FLOAT -> toDouble(x, target == DataType.FLOAT);
            case LONG, INT -> toLong(x, target == DataType.INT);
            case BOOLEAN -> toBoolean(x);
            case STRING -> toStringVec(x);
            default -> throw new InvalidArgumentException("CAST to " + target.jsonName() + " is not supported");
        };
    }

    private static Vec toDouble(Vec x, boolean toFloat) {
        int n = x.n;
        double[] out = new double[n];
        boolean[] nulls = x.nulls == null ? null : x.nulls.clone();
        switch (x.kind) {
            case D -> System.arraycopy(x.d, 0, out, 0, n);
            case L -> {
                for (int r = 0; r < n; r++) {
                    out[r] = x.l[r];
                }
            }
            case B -> {
                for (int r = 0; r < n; r++) {
                    out[r] = x.b[r] ? 1 : 0;
                }
            }
            default -> {
                double[] parsed = new double[x.dict.size()];
                boolean[] bad = new boolean[parsed.length];
                for (int i = 0; i < parsed.length; i++) {
                    try {
                        parsed[i] = Double.parseDouble(x.dict.get(i).trim());
                    } catch (NumberFormatException e) {
                        bad[i] = true;
                    }
                }
                for (int r = 0; r < n; r++) {
                    if (x.isNull(r)) {
                        continue;
                    }
                    if (bad[x.codes[r]]) {
                        nulls = mark(nulls, n, r);
                    } else {
                        out[r] = parsed[x.codes[r]];
                    }
                }
            }
        }
        if (toFloat) {
            for (int r = 0; r < n; r++) {
                out[r] = (float) out[r];
            }
        }
        return Vec.doubles(out, nulls);
    }

    private static Vec toLong(Vec x, boolean toInt) {
        int n = x.n;
        long[] out = new long[n];
        boolean[] nulls = x.nulls == null ? null : x.nulls.clone();
        switch (x.kind) {
            case D -> {
                for (int r = 0; r < n; r++) {
                    out[r] = toInt ? (int) x.d[r] : (long) x.d[r];
                }
            }
            case L -> System.arraycopy(x.l, 0, out, 0, n);
            case B -> {
                for (int r = 0; r < n; r++) {
                    out[r] = x.b[r] ? 1 : 0;
                }
            }
            default -> {
                long[] parsed = new long[x.dict.size()];
                boolean[] bad = new boolean[parsed.length];
                for (int i = 0; i < parsed.length; i++) {
                    try {
                        parsed[i] = Long.parseLong(x.dict.get(i).trim());
                    } catch (NumberFormatException e) {
                        bad[i] = true;
                    }
                }
                for (int r = 0; r < n; r++) {
                    if (x.isNull(r)) {
                        continue;
                    }
                    if (bad[x.codes[r]]) {
                        nulls = mark(nulls, n, r);
                    } else {
                        out[r] = parsed[x.codes[r]];
                    }
                }
            }
        }
        if (toInt) {
            for (int r = 0; r < n; r++) {
                out[r] = (int) out[r];
            }
        }
        return Vec.longs(out, nulls);
    }

    private static Vec toBoolean(Vec x) {
        int n = x.n;
        boolean[] out = new boolean[n];
        boolean[] nulls = x.nulls == null ? null : x.nulls.clone();
        switch (x.kind) {
            case D -> {
                for (int r = 0; r < n; r++) {
                    out[r] = x.d[r] != 0;
                }
            }
            case L -> {
                for (int r = 0; r < n; r++) {
                    out[r] = x.l[r] != 0;
                }
            }
            case B -> System.arraycopy(x.b, 0, out, 0, n);
            default -> {
                for (int r = 0; r < n; r++) {
                    if (x.isNull(r)) {
                        continue;
                    }
                    String s = x.dict.get(x.codes[r]).trim().toLowerCase(Locale.ROOT);
                    if (s.equals("true")) {
                        out[r] = true;
                    } else if (!s.equals("false")) {
                        nulls = mark(nulls, n, r);
                    }
                }
            }
        }
        return Vec.booleans(out, nulls);
    }

    private static Vec toStringVec(Vec x) {
        if (x.kind == Vec.Kind.S) {
            return x;
        }
        int n = x.n;
        java.util.Map<String, Integer> codes = new java.util.LinkedHashMap<>();
        int[] out = new int[n];
        for (int r = 0; r < n; r++) {
            if (x.isNull(r)) {
                continue;
            }
            String s = switch (x.kind) {
                case D -> Double.toString(x.d[r]);
                case L -> Long.toString(x.l[r]);
                default -> Boolean.toString(x.b[r]);
            };
            Integer c = codes.putIfAbsent(s, codes.size());
            out[r] = c == null ? codes.size() - 1 : c;
        }
        List<String> dict = new ArrayList<>(codes.keySet());
        if (dict.isEmpty()) {
            dict.add("");
        }
        return Vec.strings(out, dict, x.nulls);
    }

    private static boolean[] mark(boolean[] nulls, int n, int r) {
        boolean[] out = nulls == null ? new boolean[n] : nulls;
        out[r] = true;
        return out;
    }
}
