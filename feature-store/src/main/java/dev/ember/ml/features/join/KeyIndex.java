package dev.ember.ml.features.join;

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

    /** @return the number of distinct keys */
    public int size() {
        return ids.size();
    }

    /**
     * @param p a partition
     * @param keyColumns the key column names, in the entity's order
     * @return the key columns of {@code p}
     * @throws IllegalArgumentException naming the column if one is missing or not a key type
     */
    public static Column[] keyColumns(Partition p, List<String> keyColumns, String where) {
        Column[] out = new Column[keyColumns.size()];
        for (int i = 0; i < out.length; i++) {
            String n = keyColumns.get(i);
            if (!p.schema().contains(n)) {
                throw new IllegalArgumentException(where + ": join key column '" + n + "' is missing (columns: "
                    + p.schema().names() + ")");
            }
            out[i] = p.column(n);
            DataType t = out[i].type();
            if (t != DataType.STRING && t != DataType.LONG && t != DataType.INT) {
                throw new IllegalArgumentException(where + ": join key column '" + n + "' is " + t.jsonName()
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
        Integer id = ids.get(key);
        if (id == null) {
            id = ids.size();
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
        Integer id = ids.get(key);
        return id == null ? -1 : id;
    }

    /** @return the keys by id */
    public List<Object> keysById() {
        Object[] out = new Object[ids.size()];
        ids.forEach((k, v) -> out[v] = k);
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
