package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.join.PointInTimeJoin;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A view's source read and its expressions applied: row-level features as columns {@code __f_<name>} and
 * aggregation inputs as {@code __a_<name>}, computed by the expression engine through
 * {@link Frame#withColumn(String, String)} (lazily, per partition).
 */
public final class ViewFrames {
    private final FeatureView view;
    private final List<String> keys;
    private final Frame frame;

    private ViewFrames(FeatureView view, List<String> keys, Frame frame) {
        this.view = view;
        this.keys = keys;
        this.frame = frame;
    }

    /**
     * @param view the view
     * @param repo its repository
     * @param runtime the runtime
     * @param dayRange the days to read ({@code [from, to]}, either null for open), pruning date partitions
     * @return the frames
     * @throws InvalidArgumentException naming the view and feature if an expression does not type-check
     */
    public static ViewFrames of(FeatureView view, FeatureRepository repo, Runtime runtime, LocalDate[] dayRange) {
        FeatureSource src = view.source();
        Frame f = src.read(runtime, repo.baseDir(), dayRange[0], dayRange[1]);
        if (f == null) {
            f = src.read(runtime, repo.baseDir(), null, null);
        }
        List<String> keys = repo.joinKeys(view).stream().map(JoinKey::name).toList();
        for (String k : keys) {
            if (!f.schema().contains(k)) {
                throw new InvalidArgumentException("feature view '" + view.name() + "': source " + src.path()
                    + " has no join key column '" + k + "' (columns: " + f.schema().names() + ")");
            }
        }
        return new ViewFrames(view, keys, apply(view, f));
    }

    /**
     * Applies the view's expressions to a frame of its source's schema.
     *
     * @param view the view
     * @param source the source rows
     * @return the frame with {@code __f_*} and {@code __a_*} columns
     */
    public static Frame apply(FeatureView view, Frame source) {
        Frame f = source;
        for (Feature feat : view.features()) {
            if (isColumn(source, feat.expression())) {
                continue;
            }
            f = withColumn(f, "__f_" + feat.name(), feat.expression(), view, "feature '" + feat.name() + "'");
        }
        for (WindowedAggregation a : view.aggregations()) {
            f = withColumn(f, "__a_" + a.name(), "CAST((" + a.input() + ") AS DOUBLE)", view,
                "aggregation '" + a.name() + "' input");
        }
        return f;
    }

    /** A feature that is just a source column is read from it, not copied. */
    private static boolean isColumn(Frame source, String expression) {
        return source.schema().contains(expression.trim());
    }

    /**
     * @param feature a row-level feature of the view
     * @return the column of {@link #frame()} holding it
     */
    public String featureColumn(Feature feature) {
        return frame.schema().contains("__f_" + feature.name()) ? "__f_" + feature.name()
            : feature.expression().trim();
    }

    private static Frame withColumn(Frame f, String col, String expr, FeatureView view, String what) {
        try {
            return f.withColumn(col, expr);
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            throw new InvalidArgumentException("feature view '" + view.name() + "' " + what + ": "
                + e.getMessage(), e);
        }
    }

    /** @return the source rows with the expression columns */
    public Frame frame() {
        return frame;
    }

    /** @return the join key columns */
    public List<String> keys() {
        return keys;
    }

    /**
     * @param features row-level feature names
     * @return their rows for the as-of join
     */
    public PointInTimeJoin.FeatureRows rowFeatures(List<String> features) {
        List<String> cols = new ArrayList<>();
        for (String f : features) {
            cols.add(featureColumn(view.features().stream().filter(x -> x.name().equals(f)).findFirst()
                .orElseThrow()));
        }
        return new PointInTimeJoin.FeatureRows(frame, keys, view.source().eventTimestampColumn(),
            view.source().createdTimestampColumn(), cols, "feature view '" + view.name() + "'");
    }

    /** @return every aggregation input, in the order of the view's aggregations */
    public PointInTimeJoin.FeatureRows aggregationInputs() {
        List<String> cols = new ArrayList<>();
        for (WindowedAggregation a : view.aggregations()) {
            cols.add("__a_" + a.name());
        }
        return new PointInTimeJoin.FeatureRows(frame, keys, view.source().eventTimestampColumn(),
            view.source().createdTimestampColumn(), cols, "feature view '" + view.name() + "'");
    }

    /**
     * @param feature a feature name of the view
     * @return its windowed output, or null for a row-level feature
     */
    public PointInTimeJoin.WindowOutput windowOutput(String feature) {
        List<WindowedAggregation> aggs = view.aggregations();
        for (int i = 0; i < aggs.size(); i++) {
            WindowedAggregation a = aggs.get(i);
            for (Duration w : a.windows()) {
                for (Aggregation fn : a.functions()) {
                    if (a.featureName(fn, w).equals(feature)) {
                        return new PointInTimeJoin.WindowOutput(feature, i, fn, Durations.micros(w),
                            FeatureStore.hopFor(w));
                    }
                }
            }
        }
        return null;
    }

    /** @return every windowed output of the view, grouped by (input, window) */
    public List<PointInTimeJoin.WindowOutput> allWindowOutputs() {
        List<PointInTimeJoin.WindowOutput> out = new ArrayList<>();
        for (WindowedAggregation a : view.aggregations()) {
            for (String n : a.featureNames()) {
                out.add(windowOutput(n));
            }
        }
        return out;
    }
}
