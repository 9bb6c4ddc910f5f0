package dev.ember.ml.features.materialize;

import dev.ember.ml.features.FeatureView;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Where materialized data and job state live under one root.
 *
 * <pre>
 * root/data/&lt;view&gt;/v&lt;version&gt;/rows/date=YYYY-MM-DD/part-&lt;start&gt;-&lt;end&gt;.parquet
 *                                                           row-level features
 * root/data/&lt;view&gt;/v&lt;version&gt;/rows/date=YYYY-MM-DD/bucket=NNNN/part-&lt;start&gt;-&lt;end&gt;.parquet
 *                                                           the same, for a view with buckets: rows of bucket
 *                                                           NNNN = KeyHash(key) mod buckets
 * root/data/&lt;view&gt;/v&lt;version&gt;/windows/date=YYYY-MM-DD/part-&lt;start&gt;-&lt;end&gt;.parquet
 *                                                           aggregate snapshots
 * root/data/&lt;view&gt;/v&lt;version&gt;/_tmp/&lt;job&gt;/...                      written aside, never read
 * root/state/&lt;view&gt;/v&lt;version&gt;/watermark.json                      end of the materialized prefix
 * root/state/runs.jsonl                                          one run record per line
 * root/state/locks/&lt;view&gt;/v&lt;version&gt;/&lt;start&gt;.lock                   interval leases of schedulers
 * </pre>
 * Times in file names are epoch seconds; a date directory holds the intervals (or their parts) of that UTC day.
 *
 * @param root the root directory
 */
public record OfflineLayout(Path root) {
    /** @param view a view @return its data directory */
    public Path viewDir(FeatureView view) {
        return root.resolve("data").resolve(view.name()).resolve("v" + view.version());
    }

    /** @param view a view @return the directory of its row-level feature rows */
    public Path rowsDir(FeatureView view) {
        return viewDir(view).resolve("rows");
    }

    /** @param view a view @return the directory of its aggregate snapshots */
    public Path windowsDir(FeatureView view) {
        return viewDir(view).resolve("windows");
    }

    /**
     * @param table {@link #rowsDir} or {@link #windowsDir}
     * @param day a UTC day
     * @param interval the interval
     * @return the file of that interval's rows of that day
     */
    public static Path file(Path table, LocalDate day, Interval interval) {
        return table.resolve("date=" + day).resolve("part-" + interval.start().getEpochSecond() + "-"
            + interval.end().getEpochSecond() + ".parquet");
    }

    /**
     * @param table {@link #rowsDir}
     * @param day a UTC day
     * @param bucket a key-hash bucket
     * @param interval the interval
     * @return the file of that interval's rows of that day and bucket
     */
    public static Path file(Path table, LocalDate day, int bucket, Interval interval) {
        return bucketDir(table, day, bucket).resolve("part-" + interval.start().getEpochSecond() + "-"
            + interval.end().getEpochSecond() + ".parquet");
    }

    /**
     * @param table {@link #rowsDir}
     * @param day a UTC day
     * @param bucket a key-hash bucket
     * @return the directory of that day's rows of that bucket
     */
    public static Path bucketDir(Path table, LocalDate day, int bucket) {
        return table.resolve("date=" + day).resolve(bucketName(bucket));
    }

    /** @param bucket a bucket @return its directory name, {@code bucket=NNNN} */
    public static String bucketName(int bucket) {
        return String.format(java.util.Locale.ROOT, "bucket=%04d", bucket);
    }

    /** @param view a view @return the directory for its job's temporary files */
    public Path tmpDir(FeatureView view) {
        return viewDir(view).resolve("_tmp");
    }

    /** @param view a view @return its state directory */
    public Path stateDir(FeatureView view) {
        return root.resolve("state").resolve(view.name()).resolve("v" + view.version());
    }

    /** @return the run log */
    public Path runLog() {
        return root.resolve("state").resolve("runs.jsonl");
    }

    /** @param view a view @return the directory of its interval locks */
    public Path lockDir(FeatureView view) {
        return root.resolve("state").resolve("locks").resolve(view.name()).resolve("v" + view.version());
    }
}
