package dev.ember.ml.core.data;

/**
 * Where the rows of a partition came from, so that an error about a row names the file and line a person can
 * open, not only "partition 0, row 9". A source that reads a file attaches one ({@code CsvSource}: file, data row
 * and line); {@link Partition} carries it through the steps that keep its rows (new columns, selections,
 * re-indexing, unions) and re-maps it through filters. Rows built in memory are named by their frame and row
 * ({@code row 1234 of in-memory frame memory-7 (its partition 1, row 9)}) once a union or a filter has moved them
 * (before, "partition 1, row 9" says it already); rows made by a shuffle have none.
 */
public interface RowOrigin {

    /**
     * @param row the row's position in the partition
     * @return where it came from, such as {@code file /data/wine.csv, row 9 (line 10)}
     */
    String describe(int row);

    /**
     * @param partitionIndex the index of the partition this origin is attached to
     * @return true when that partition's own "partition P, row R" already says where its rows came from (rows
     *     built in memory that have not moved), so that an error message need not repeat it
     */
    default boolean isPositionIn(int partitionIndex) {
        return false;
    }

    /**
     * @param keep the filter's flags, one per row of the partition this origin describes
     * @return the origin of the rows kept, in order
     */
    default RowOrigin filtered(boolean[] keep) {
        // the kept row's position is found only when an error asks (filters are on hot paths)
        boolean[] flags = keep.clone();
        RowOrigin parent = this;
        return row -> {
            for (int r = 0, kept = -1; r < flags.length; r++) {
                if (flags[r] && ++kept == row) {
                    return parent.describe(r);
                }
            }
            throw new IndexOutOfBoundsException("row " + row + " of a filtered partition");
        };
    }
}
