package dev.ember.ml.core.runtime;

import java.util.concurrent.atomic.AtomicLong;

/** Process-unique ids for lineage nodes. */
public final class SourceIds {
    private static final AtomicLong NEXT = new AtomicLong();

    private SourceIds() {
    }

    /**
     * @param kind a short word for the node kind ("csv", "parquet", "map")
     * @return a new id such as {@code csv-12}
     */
    public static String next(String kind) {
        return kind + "-" + NEXT.incrementAndGet();
    }
}
