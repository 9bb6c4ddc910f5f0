package dev.ember.ml.pipeline.plan;

import java.util.List;

/**
 * One node of a {@link LogicalPlan}.
 *
 * @param kind what the node is
 * @param stage the stage it belongs to ({@code Name#index}), or "" for the source
 * @param reads columns read (row maps), or the statistics requested
 * @param writes columns written
 * @param note a remark (why a cache point, what is unknown)
 */
public record LogicalNode(Kind kind, String stage, List<String> reads, List<String> writes, String note) {

    /** Node kinds. */
    public enum Kind {
        /** The input frame. */
        SOURCE,
        /** A row-wise map: a transformer, or an estimator's fitted model feeding later stages. */
        ROW_MAP,
        /** The statistics an estimator declares. */
        STATISTICS,
        /** The input of an iterative estimator, kept in the cache during its fit. */
        CACHE,
        /** An estimator's fit. */
        FIT
    }

    /** Copies the lists. */
    public LogicalNode {
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
    }

    String render() {
        return switch (kind) {
            case SOURCE -> "Source " + note;
            case ROW_MAP -> "RowMap " + stage + " reads " + reads + " writes " + writes
                + (note.isEmpty() ? "" : " (" + note + ")");
            case STATISTICS -> "Statistics " + stage + " " + reads;
            case CACHE -> "Cache input of " + stage + " (" + note + ")";
            case FIT -> "Fit " + stage + (note.isEmpty() ? "" : " (" + note + ")");
        };
    }
}
