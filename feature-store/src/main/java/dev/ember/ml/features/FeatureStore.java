package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.join.BucketedJoin;
import dev.ember.ml.features.join.PointInTimeJoin;
import dev.ember.ml.features.materialize.OfflineLayout;
import dev.ember.ml.features.window.TileAggregator;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training sets from feature definitions: {@link #historicalFeatures} joins each entity row with the feature
 * values as they were at its time.
 *
 * <p>Semantics (docs/FeatureStore.md): for an entity row with keys k and time t, a row-level feature takes the
 * value of the latest row of its view's source with keys k and event time in {@code [t - ttl, t]}, ties of event
 * time broken by the larger created time, then by the later source row; a windowed aggregation covers the events
 * with keys k and event time in {@code (t - window, t]}. Nothing after t is ever read. No match gives null.
 *
 * <pre>{@code
 * FeatureStore store = new FeatureStore(repository, runtime);
 * Frame training = store.historicalFeatures(entities, List.of("ticker_prices:price",
 *     "ticker_prices:price_mean_90d"));
 * PipelineModel model = pipeline.fit(training);
 * }</pre>
 */
public final class FeatureStore {
    private final FeatureRepository repository;
    private final Runtime runtime;
    private final OfflineLayout offline;

    /**
     * @param repository the definitions
     * @param runtime the runtime that reads sources and runs the joins
     */
    public FeatureStore(FeatureRepository repository, Runtime runtime) {
        this(repository, runtime, null);
    }

    /**
     * A store that joins the row-level features of bucketed views ({@link FeatureView#buckets()} &gt; 0) from their
     * materialized rows in the offline store, bucket by bucket on the runtime's executors ({@link BucketedJoin});
     * other views and windowed aggregations are joined from their sources.
     *
     * @param repository the definitions
     * @param runtime the runtime that reads sources and runs the joins
     * @param offline the offline store the views are materialized to (a directory every executor sees), or null
     */
    public FeatureStore(FeatureRepository repository, Runtime runtime, OfflineLayout offline) {
        this.repository = repository;
        this.runtime = runtime;
        this.offline = offline;
    }

    /** @return the definitions */
    public FeatureRepository repository() {
        return repository;
    }

    /** @return the runtime */
    public Runtime runtime() {
        return runtime;
    }

    /**
     * @param entities the entity rows: join key columns and an {@code event_timestamp} column
     * @param featureRefs {@code view:feature} references
     * @return the entity rows with one column per feature, in the entity frame's partitions and order
     */
    public Frame historicalFeatures(Frame entities, List<String> featureRefs) {
        return historicalFeatures(entities, featureRefs, HistoricalOptions.defaults());
    }

    /**
     * @param entities the entity rows: join key columns and the time column of {@code options}
     * @param featureRefs {@code view:feature} references
     * @param options the time column, naming and bucket count
     * @return the entity rows with one column per feature, in the entity frame's partitions and order
     * @throws InvalidArgumentException naming the reference, view or column at fault, before any join
     */
    public Frame historicalFeatures(Frame entities, List<String> featureRefs, HistoricalOptions options) {
        Map<String, List<String>> byView = new LinkedHashMap<>();
        for (String r : featureRefs) {
            FeatureRef ref = FeatureRef.parse(r);
            FeatureView v = repository.view(ref.view());
            if (!v.featureNames().contains(ref.feature())) {
                throw new InvalidArgumentException("feature reference '" + r + "': view '" + v.name()
                    + "' has no feature '" + ref.feature() + "' (features: " + v.featureNames() + ")");
            }
            byView.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(ref.feature());
        }
        Set<String> taken = new HashSet<>(entities.schema().names());
        Map<List<String>, PointInTimeJoin.EntityIndex> indexes = new LinkedHashMap<>();
        List<PointInTimeJoin.Joined> joined = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        try {
            for (Map.Entry<String, List<String>> e : byView.entrySet()) {
                FeatureView v = repository.view(e.getKey());
                List<String> keys = repository.joinKeys(v).stream().map(JoinKey::name).toList();
                for (String k : keys) {
                    if (!entities.schema().contains(k)) {
                        throw new InvalidArgumentException("entity frame: join key column '" + k + "' of view '"
                            + v.name() + "' is missing (columns: " + entities.schema().names() + ")");
                    }
                }
                PointInTimeJoin.EntityIndex idx = indexes.computeIfAbsent(keys,
                    k -> PointInTimeJoin.index(entities, k, options.timestampColumn()));
                int buckets = options.buckets() > 0 ? options.buckets()
                    : Math.max(1, Math.min(runtime.parallelism() * 4, idx.numRows() / 4096 + 1));
                ViewFrames vf = ViewFrames.of(v, repository, runtime, sourceRange(idx, v));
                List<String> rowFeatures = new ArrayList<>();
                List<PointInTimeJoin.WindowOutput> windowed = new ArrayList<>();
                for (String f : e.getValue()) {
                    PointInTimeJoin.WindowOutput w = vf.windowOutput(f);
                    if (w == null) {
                        rowFeatures.add(f);
                    } else {
                        windowed.add(w);
                    }
                }
                long ttl = v.ttl() == null ? -1 : Durations.micros(v.ttl());
                if (!rowFeatures.isEmpty() && offline != null && v.buckets() > 0) {
                    LocalDate[] days = sourceRange(idx, v);
                    joined.add(BucketedJoin.asof(idx, new BucketedJoin.BucketedRows(offline.rowsDir(v), v.buckets(),
                        days[0], days[1], rowFeatures, v.source().createdTimestampColumn() != null, ttl,
                        offline.root().resolve("_staging"), "feature view '" + v.name() + "'")));
                    names.add(outputNames(v, rowFeatures, options, taken));
                } else if (!rowFeatures.isEmpty()) {
                    joined.add(PointInTimeJoin.asof(idx, vf.rowFeatures(rowFeatures), ttl, buckets));
                    names.add(outputNames(v, rowFeatures, options, taken));
                }
                if (!windowed.isEmpty()) {
                    joined.add(PointInTimeJoin.windows(idx, vf.aggregationInputs(), windowed, buckets));
                    names.add(outputNames(v, windowed.stream().map(PointInTimeJoin.WindowOutput::name).toList(),
                        options, taken));
                }
            }
            if (joined.isEmpty()) {
                throw new InvalidArgumentException("historicalFeatures: found no feature reference, expected one"
                    + " or more view:feature");
            }
            PointInTimeJoin.EntityIndex any = indexes.values().iterator().next();
            return PointInTimeJoin.attach(any, joined, names);
        } finally {
            joined.forEach(PointInTimeJoin.Joined::close);
        }
    }

    private static List<String> outputNames(FeatureView v, List<String> features, HistoricalOptions o,
                                            Set<String> taken) {
        List<String> out = new ArrayList<>();
        for (String f : features) {
            String n = o.fullFeatureNames() ? v.name() + "__" + f : f;
            if (!taken.add(n)) {
                throw new InvalidArgumentException("feature '" + v.name() + ":" + f + "': output column '" + n
                    + "' is already taken (by the entity frame or another view); use full feature names");
            }
            out.add(n);
        }
        return out;
    }

    /**
     * The days of source data a join can read: from the earliest entity time less the look-back (the TTL of
     * row-level features, the longest window of aggregations; unbounded for row-level features without TTL) to the
     * latest entity time.
     */
    private static LocalDate[] sourceRange(PointInTimeJoin.EntityIndex idx, FeatureView v) {
        long[] minMax = idx.timeRange();
        if (minMax == null) {
            return new LocalDate[] {null, null};
        }
        Duration back = v.maxWindow();
        if (!v.features().isEmpty()) {
            if (v.ttl() == null) {
                return new LocalDate[] {null, FeatureSource.day(minMax[1])};
            }
            back = v.ttl().compareTo(back) > 0 ? v.ttl() : back;
        }
        LocalDate from = FeatureSource.day(minMax[0] - Durations.micros(back)).minusDays(1);
        return new LocalDate[] {from, FeatureSource.day(minMax[1])};
    }

    static long hopFor(Duration window) {
        return TileAggregator.hopFor(window);
    }
}
