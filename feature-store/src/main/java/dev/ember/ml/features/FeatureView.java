package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named, versioned group of features of some entities, computed from one source: row-level features (SQL
 * expressions, joined point-in-time with a TTL) and windowed aggregations; materialized on a cron schedule.
 *
 * <pre>{@code
 * FeatureView view = FeatureView.builder("ticker_prices")
 *     .entities("ticker")
 *     .source(FeatureSource.csv("stocks.csv", "date"))
 *     .feature("price", "price")
 *     .feature("log_price", "log(price)")
 *     .aggregation(WindowedAggregation.of("price", List.of(Aggregation.MEAN, Aggregation.MAX), "90d", "365d"))
 *     .ttl("62d").schedule("0 0 1 * *").owner("quant-team").tag("tier", "gold")
 *     .build();
 * }</pre>
 *
 * @param name the view's name
 * @param version its version, from 1; a change of meaning needs a new version (see the registry)
 * @param entities the names of its entities; their join keys are columns of the source
 * @param source where rows come from
 * @param features the row-level features
 * @param aggregations the windowed aggregations
 * @param ttl how far back a row-level feature row may lie behind the entity time; null for no limit
 * @param schedule a 5-field Unix cron expression for materialization, e.g. {@code "0 * * * *"} (hourly)
 * @param allowedLateness how long after an interval's end its rows may still arrive; intervals younger than this
 *     are recomputed by incremental runs
 * @param owner who answers for the view
 * @param tags free key-value labels
 * @param description free text
 * @param buckets the number of key-hash buckets its materialized rows are written in, within each date partition
 *     ({@code rows/date=YYYY-MM-DD/bucket=NNNN/}); 0 (the default) for unbucketed. Bucketed views are joined
 *     bucket by bucket on the runtime's executors (docs/FeatureStore.md, "Data larger than one machine").
 */
public record FeatureView(String name, int version, List<String> entities, FeatureSource source,
                          List<Feature> features, List<WindowedAggregation> aggregations, Duration ttl,
                          String schedule, Duration allowedLateness, String owner, Map<String, String> tags,
                          String description, int buckets) {
    /** The largest bucket count (bucket directories are named with four digits). */
    public static final int MAX_BUCKETS = 4096;

    /** The schedule when none is given: daily at midnight UTC. */
    public static final String DEFAULT_SCHEDULE = "0 0 * * *";

    /** Validates the view. */
    public FeatureView {
        Names.check(name, "feature view name");
        if (version < 1) {
            throw new InvalidArgumentException("feature view '" + name + "': found version " + version
                + ", expected >= 1");
        }
        entities = List.copyOf(entities);
        features = List.copyOf(features);
        aggregations = List.copyOf(aggregations);
        Objects.requireNonNull(source, "feature view '" + name + "' source");
        if (entities.isEmpty()) {
            throw new InvalidArgumentException("feature view '" + name + "': found no entity, expected at least one");
        }
        if (features.isEmpty() && aggregations.isEmpty()) {
            throw new InvalidArgumentException("feature view '" + name
                + "': found no feature and no aggregation, expected at least one");
        }
        Set<String> seen = new HashSet<>();
        for (String f : names(features, aggregations)) {
            if (!seen.add(f)) {
                throw new InvalidArgumentException("feature view '" + name + "': feature name '" + f
                    + "' repeats");
            }
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new InvalidArgumentException("feature view '" + name + "': ttl " + ttl + " is not positive");
        }
        schedule = schedule == null || schedule.isBlank() ? DEFAULT_SCHEDULE : schedule.trim();
        allowedLateness = allowedLateness == null ? Duration.ZERO : allowedLateness;
        if (allowedLateness.isNegative()) {
            throw new InvalidArgumentException("feature view '" + name + "': allowed lateness is negative");
        }
        owner = owner == null ? "" : owner;
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        description = description == null ? "" : description;
        if (buckets < 0 || buckets > MAX_BUCKETS) {
            throw new InvalidArgumentException("feature view '" + name + "': found buckets " + buckets
                + ", expected 0 (unbucketed) to " + MAX_BUCKETS);
        }
    }

    private static List<String> names(List<Feature> features, List<WindowedAggregation> aggregations) {
        List<String> out = new ArrayList<>();
        features.forEach(f -> out.add(f.name()));
        aggregations.forEach(a -> out.addAll(a.featureNames()));
        return out;
    }

    /** @return every feature name of the view: row-level first, then aggregations */
    public List<String> featureNames() {
        return names(features, aggregations);
    }

    /** @return the longest aggregation window, or zero without aggregations */
    public Duration maxWindow() {
        Duration d = Duration.ZERO;
        for (WindowedAggregation a : aggregations) {
            for (Duration w : a.windows()) {
                d = w.compareTo(d) > 0 ? w : d;
            }
        }
        return d;
    }

    /**
     * @param newVersion a version
     * @return this view with that version
     */
    public FeatureView withVersion(int newVersion) {
        return new FeatureView(name, newVersion, entities, source, features, aggregations, ttl, schedule,
            allowedLateness, owner, tags, description, buckets);
    }

    /**
     * @param name the view's name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link FeatureView}. */
    public static final class Builder {
        private final String name;
        private int version = 1;
        private final List<String> entities = new ArrayList<>();
        private FeatureSource source;
        private final List<Feature> features = new ArrayList<>();
        private final List<WindowedAggregation> aggregations = new ArrayList<>();
        private Duration ttl;
        private int buckets;
        private String schedule;
        private Duration allowedLateness = Duration.ZERO;
        private String owner = "";
        private final Map<String, String> tags = new LinkedHashMap<>();
        private String description = "";

        private Builder(String name) {
            this.name = name;
        }

        /** @param v the version, from 1 @return this builder */
        public Builder version(int v) {
            this.version = v;
            return this;
        }

        /** @param names entity names @return this builder */
        public Builder entities(String... names) {
            entities.addAll(List.of(names));
            return this;
        }

        /** @param s the source @return this builder */
        public Builder source(FeatureSource s) {
            this.source = s;
            return this;
        }

        /** @param featureName a name @param sqlExpression its expression @return this builder */
        public Builder feature(String featureName, String sqlExpression) {
            features.add(new Feature(featureName, sqlExpression));
            return this;
        }

        /** @param a a windowed aggregation @return this builder */
        public Builder aggregation(WindowedAggregation a) {
            aggregations.add(a);
            return this;
        }

        /** @param d the TTL, e.g. {@code "7d"} @return this builder */
        public Builder ttl(String d) {
            this.ttl = Durations.parse(d, "feature view '" + name + "' ttl");
            return this;
        }

        /** @param d the TTL, or null for none @return this builder */
        public Builder ttl(Duration d) {
            this.ttl = d;
            return this;
        }

        /** @param cron a 5-field cron expression @return this builder */
        public Builder schedule(String cron) {
            this.schedule = cron;
            return this;
        }

        /** @param d the allowed lateness, e.g. {@code "2h"} @return this builder */
        public Builder allowedLateness(String d) {
            this.allowedLateness = Durations.parse(d, "feature view '" + name + "' allowed lateness");
            return this;
        }

        /** @param o the owner @return this builder */
        public Builder owner(String o) {
            this.owner = o;
            return this;
        }

        /** @param key a tag @param value its value @return this builder */
        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /**
         * @param n the number of key-hash buckets of the materialized rows (0: unbucketed)
         * @return this builder
         */
        public Builder buckets(int n) {
            this.buckets = n;
            return this;
        }

        /** @param d the description @return this builder */
        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** @return the view */
        public FeatureView build() {
            return new FeatureView(name, version, entities, source, features, aggregations, ttl, schedule,
                allowedLateness, owner, tags, description, buckets);
        }
    }
}
