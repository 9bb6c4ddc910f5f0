package dev.ember.ml.features.join;

/** Names of the internal columns of a join bucket: entity rows and feature rows side by side. */
public final class BucketColumns {
    /** Dense key id ({@code long}). */
    public static final String KEY = "__key";
    /** Event time of a feature row, or the entity row's time ({@code long} micros). */
    public static final String TS = "__ts";
    /** Created time of a feature row ({@code Long.MIN_VALUE} for none); unused for entity rows. */
    public static final String CREATED = "__created";
    /** Source order of a feature row, the last tie-break. */
    public static final String SEQ = "__seq";
    /** The entity row's global index, or -1 for a feature row. */
    public static final String ROW = "__row";
    /** The number of internal columns before the value columns. */
    public static final int INTERNAL = 5;

    private BucketColumns() {
    }
}
