package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidStateException;
import java.util.concurrent.atomic.AtomicLong;

/** Process-unique ids for lineage nodes. */
public final class SourceIds {
    private static final AtomicLong NEXT = new AtomicLong();

    private SourceIds() {
    }

    /**
     * An id named by content: equal parts give equal ids, so lineage nodes that compute the same thing (the same
     * parent, kernel and params) share their cached partitions across folds, trials and repeated fits.
     *
     * @param kind a short word for the node kind ("map", "fused")
     * @param parts what the node computes (parent ids, kernel names, params, schema)
     * @return an id such as {@code map-3f2a...} (SHA-256 prefix of the parts)
     */
    public static String content(String kind, String... parts) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                d.update(java.nio.ByteBuffer.allocate(Integer.BYTES).putInt(b.length).array());
                d.update(b);
            }
            return kind + "-" + java.util.HexFormat.of().formatHex(d.digest(), 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new InvalidStateException("SHA-256 missing from the JDK", e);
        }
    }

    /**
     * @param kind a short word for the node kind ("csv", "parquet", "map")
     * @return a new id such as {@code csv-12}
     */
    public static String next(String kind) {
        return kind + "-" + NEXT.incrementAndGet();
    }
}
