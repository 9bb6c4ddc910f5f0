package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * Options of {@link FeatureStore#historicalFeatures(dev.ember.ml.core.data.Frame, java.util.List,
 * HistoricalOptions)}.
 *
 * @param timestampColumn the entity frame's time column (default {@code event_timestamp})
 * @param fullFeatureNames name output columns {@code view__feature} instead of {@code feature}
 * @param buckets the number of key-hash buckets the join runs in; 0 for a default from the runtime's parallelism
 */
public record HistoricalOptions(String timestampColumn, boolean fullFeatureNames, int buckets) {
    /** The default entity time column, as Feast's. */
    public static final String DEFAULT_TIMESTAMP = "event_timestamp";

    /** Validates the options. */
    public HistoricalOptions {
        timestampColumn = timestampColumn == null ? DEFAULT_TIMESTAMP : timestampColumn;
        if (buckets < 0) {
            throw new InvalidArgumentException("buckets: found " + buckets + ", expected >= 0");
        }
    }

    /** @return the defaults */
    public static HistoricalOptions defaults() {
        return new HistoricalOptions(DEFAULT_TIMESTAMP, false, 0);
    }

    /** @param column the entity time column @return options with it */
    public HistoricalOptions withTimestampColumn(String column) {
        return new HistoricalOptions(column, fullFeatureNames, buckets);
    }

    /** @param full whether to use {@code view__feature} names @return options with it */
    public HistoricalOptions withFullFeatureNames(boolean full) {
        return new HistoricalOptions(timestampColumn, full, buckets);
    }

    /** @param n the number of buckets @return options with it */
    public HistoricalOptions withBuckets(int n) {
        return new HistoricalOptions(timestampColumn, fullFeatureNames, n);
    }
}
