package dev.ember.ml.features.join;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense ids for the composite join keys of entity rows. Integer keys of any width compare as longs, strings as
 * strings; a row with a null key has no id.
 */
public final class KeyIndex {
    private final Map<Object, Integer> ids = new HashMap<>();
    /** Single integer keys: an open-addressing long to id table (no boxing); {@code ids} holds the others. */
    private long[] longKeys = new long[1 << 10];
    private int[] longIds = new int[1 << 10];
    private boolean[] used = new boolean[1 << 10];
    private int longCount;
    /** For lookups of single integer keys in a small range: id by {@code key - directBase}, -1 if absent. */
    private volatile int[] direct;
    private long directBase;

    /** @return the number of distinct keys */
    public int size() {
        return ids.size() + longCount;
    }

    private static int slot(long k, int mask) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /**
     * @param k a single integer key
     * @param assign whether to add it if absent
     * @return its id, or -1 if absent and not assigned
     */
    public int longId(long k, boolean assign) {
        int mask = longKeys.length - 1;
        int i = slot(k, mask);
        while (used[i]) {
            if (longKeys[i] == k) {
                return longIds[i];
            }
            i = (i + 1) & mask;
        }
        if (!assign) {
            return -1;
        }
        int id = size();
        direct = null;
        used[i] = true;
        longKeys[i] = k;
        longIds[i] = id;
        longCount++;
        if (longCount * 2 > longKeys.length) {
            grow();
        }
        return id;
    }

    private void grow() {
        long[] ok = longKeys;
        int[] oi = longIds;
        boolean[] ou = used;
        longKeys = new long[ok.length * 2];
        longIds = new int[ok.length * 2];
        used = new boolean[ok.length * 2];
        int mask = longKeys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ou[j]) {
                int i = slot(ok[j], mask);
                while (used[i]) {
                    i = (i + 1) & mask;
                }
                used[i] = true;
                longKeys[i] = ok[j];
                longIds[i] = oi[j];
            }
        }
    }

    /**
     * @param cols key columns
     * @param row a row
     * @param assign whether to add a new key
     * @return the row's key id, or -1 for a null key (or an absent one when not assigning)
     */
    public int id(Column[] cols, int row, boolean assign) {
        if (cols.length == 1 && cols[0].type() != DataType.STRING) {
            return cols[0].isNull(row) ? -1 : longId(cols[0].getLong(row), assign);
        }
        Object k = key(cols, row);
        if (k == null) {
            return -1;
        }
        return assign ? idOrAssign(k) : id(k);
    }

    /**
     * Looks up the ids of a single integer key column, row by row, without assigning: through a direct table
     * when the known keys span a small range (keys are often dense ids), else through the hash table.
     *
     * @param keys an integer key column ({@code long} or {@code int})
     * @param valid rows to look up (a row whose column here is null gets -1), or null for all
     * @param out per row, its key id or -1 (null or unknown key)
     */
    public void longIds(Column keys, Column valid, int[] out) {
        int n = keys.length();
        java.util.BitSet kn = keys.nulls();
        java.util.BitSet vn = valid == null ? null : valid.nulls();
        int[] table = directTable();
        long base = directBase;
        java.nio.LongBuffer lv = keys.type() == DataType.LONG ? keys.longs() : null;
        java.nio.IntBuffer iv = lv == null && keys.type() == DataType.INT ? keys.ints() : null;
        for (int i = 0; i < n; i++) {
            if (kn != null && kn.get(i) || vn != null && vn.get(i)) {
                out[i] = -1;
                continue;
            }
            long k = lv != null ? lv.get(i) : iv != null ? iv.get(i) : keys.getLong(i);
            if (table != null) {
                long d = k - base;
                out[i] = d >= 0 && d < table.length ? table[(int) d] : -1;
            } else {
                out[i] = longId(k, false);
            }
        }
    }

    /** @return the direct table of the single integer keys, built on first use, or null if their range is wide */
    private int[] directTable() {
        int[] t = direct;
        if (t != null || longCount == 0) {
            return t;
        }
        synchronized (this) {
            if (direct != null) {
                return direct;
            }
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int j = 0; j < used.length; j++) {
                if (used[j]) {
                    lo = Math.min(lo, longKeys[j]);
                    hi = Math.max(hi, longKeys[j]);
                }
            }
            long range = hi - lo + 1;  // may overflow to <= 0 for a huge span
            if (range <= 0 || range > Math.max(1L << 16, 8L * longCount) || range > 1 << 26) {
                return null;
            }
            t = new int[(int) range];
            java.util.Arrays.fill(t, -1);
            for (int j = 0; j < used.length; j++) {
                if (used[j]) {
                    t[(int) (longKeys[j] - lo)] = longIds[j];
                }
            }
            directBase = lo;
            direct = t;
            return t;
        }
    }

    /**
     * @param p a partition
     * @param keyColumns the key column names, in the entity's order
     * @return the key columns of {@code p}
     * @throws InvalidArgumentException naming the column if one is missing or not a key type
     */
    public static Column[] keyColumns(Partition p, List<String> keyColumns, String where) {
        Column[] out = new Column[keyColumns.size()];
        for (int i = 0; i < out.length; i++) {
            String n = keyColumns.get(i);
            if (!p.schema().contains(n)) {
                throw new InvalidArgumentException(where + ": join key column '" + n + "' is missing (columns: "
                    + p.schema().names() + ")");
            }
            out[i] = p.column(n);
            DataType t = out[i].type();
            if (t != DataType.STRING && t != DataType.LONG && t != DataType.INT) {
                throw new InvalidArgumentException(where + ": join key column '" + n + "' is " + t.jsonName()
                    + ", expected string, long or int");
            }
        }
        return out;
    }

    /**
     * @param cols key columns
     * @param row a row
     * @return the row's key as a hashable value, or null if any part is null
     */
    public static Object key(Column[] cols, int row) {
        if (cols.length == 1) {
            return part(cols[0], row);
        }
        Object[] parts = new Object[cols.length];
        for (int i = 0; i < cols.length; i++) {
            parts[i] = part(cols[i], row);
            if (parts[i] == null) {
                return null;
            }
        }
        return Arrays.asList(parts);
    }

    private static Object part(Column c, int row) {
        if (c.isNull(row)) {
            return null;
        }
        return c.type() == DataType.STRING ? c.getString(row) : (Object) c.getLong(row);
    }

    /**
     * @param key a key (non-null)
     * @return its id, assigning the next one if new
     */
    public int idOrAssign(Object key) {
        if (key instanceof Long l) {
            return longId(l, true);
        }
        Integer id = ids.get(key);
        if (id == null) {
            id = size();
            ids.put(key, id);
        }
        return id;
    }

    /**
     * @param key a key, or null
     * @return its id, or -1 if null or unknown
     */
    public int id(Object key) {
        if (key == null) {
            return -1;
        }
        if (key instanceof Long l) {
            return longId(l, false);
        }
        Integer id = ids.get(key);
        return id == null ? -1 : id;
    }

    /** @return the keys by id */
    public List<Object> keysById() {
        Object[] out = new Object[size()];
        ids.forEach((k, v) -> out[v] = k);
        for (int j = 0; j < used.length; j++) {
            if (used[j]) {
                out[longIds[j]] = longKeys[j];
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    /**
     * @param keyId a key id
     * @param buckets the number of buckets
     * @return the key's bucket (ids are dense, so a mix spreads neighbouring ids)
     */
    public static int bucket(int keyId, int buckets) {
        int h = keyId * 0x9E3779B1;
        return Math.floorMod(h ^ (h >>> 16), buckets);
    }
}
