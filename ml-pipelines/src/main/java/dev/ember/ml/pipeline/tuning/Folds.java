package dev.ember.ml.pipeline.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelParamsJson;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.FoldStatisticsKernel;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.StatisticValues;
import dev.ember.ml.core.stats.TwoPhaseEstimator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folds of one tuning fit: the input cached once with a fold-id column, and per fold a training view and a
 * validation view over it (see the package documentation). Closing it drops what it cached.
 */
final class Folds implements AutoCloseable {
    /** The fold-id column tuning adds when the user gives none. */
    static final String FOLD_COL = "__ember_fold";
    private static final String WEIGHT_PREFIX = "__ember_fold_weight_";

    private final Frame withFolds;
    private final String foldCol;
    private final int numFolds;
    private final List<String> inputColumns;
    private final List<Frame> cached = new ArrayList<>();
    /** Each fold's cached weight-masked frame, by fold and the estimator's own weight column ("" for none). */
    private final Map<String, Frame> weighted = new HashMap<>();
    /** Each fold's statistics, by the statistics' keys: settings that declare the same statistics share them. */
    private final Map<List<String>, List<StatisticValues>> foldStatistics = new HashMap<>();

    private Folds(Frame withFolds, String foldCol, int numFolds, List<String> inputColumns) {
        this.withFolds = withFolds;
        this.foldCol = foldCol;
        this.numFolds = numFolds;
        this.inputColumns = inputColumns;
        cached.add(withFolds);
    }

    /**
     * K random folds: {@link Frame#withFoldColumn} (fold {@code floor(u * k)} of a seeded hash of each row's
     * content), so a user reproduces them with {@code frame.withFoldColumn(name, k, seed)}, whatever the
     * partitioning.
     */
    static Folds kFold(Frame frame, int k, long seed) {
        checkReserved(frame);
        Frame f = frame.withFoldColumn(FOLD_COL, k, seed).cache();
        return new Folds(f, FOLD_COL, k, frame.schema().names());
    }

    private static void checkReserved(Frame frame) {
        if (frame.schema().contains(FOLD_COL)) {
            throw new InvalidArgumentException("column '" + FOLD_COL + "' is reserved for tuning's fold ids;"
                + " rename it or pass it as foldCol");
        }
    }

    /**
     * Assigns folds by a hash of each row's content: fold i holds the rows whose uniform number u falls below
     * {@code cutoffs[i]} (and not below {@code cutoffs[i - 1]}).
     */
    static Folds assign(Frame frame, double[] cutoffs, long seed) {
        checkReserved(frame);
        Schema out = frame.schema().add(Field.of(FOLD_COL, DataType.INT, false));
        Frame f = frame.mapPartitions(MapCall.of(FoldKernels.AssignFolds.class,
            new FoldKernels.AssignArgs(FOLD_COL, seed, cutoffs).toParams()), out).cache();
        return new Folds(f, FOLD_COL, cutoffs.length, frame.schema().names());
    }

    /** Uses the user's int column of fold ids 0..numFolds-1. */
    static Folds fromColumn(Frame frame, String foldCol, int numFolds) {
        frame.schema().require(foldCol, DataType.INT);
        Frame f = frame.select(frame.schema().names().toArray(String[]::new)).cache();
        for (double v : f.collectDoubles(foldCol)) {
            if (!(v >= 0 && v < numFolds)) {
                throw new InvalidArgumentException("foldCol '" + foldCol + "': found fold id " + v
                    + ", expected an integer in [0, " + numFolds + ")");
            }
        }
        List<String> names = new ArrayList<>(frame.schema().names());
        return new Folds(f, foldCol, numFolds, names);
    }

    /** @return the cached input with its fold-id column */
    Frame withFolds() {
        return withFolds;
    }

    /** @return the fold-id column */
    String foldCol() {
        return foldCol;
    }

    /** @return the number of folds */
    int numFolds() {
        return numFolds;
    }

    /** @return the cached input (without the fold column we added), for the final refit */
    Frame whole() {
        return withFolds.select(inputColumns.toArray(String[]::new));
    }

    /**
     * @param fold the held-out fold
     * @param estimator the estimator to train
     * @return the estimator and frame that train on every row outside the fold: the estimator's row weights
     *     masked by a cached weight column if it has a {@code weightCol} param, else a lazy filter view
     */
    Training training(int fold, Estimator<?> estimator) {
        Optional<Param<String>> weightParam = weightParam(estimator);
        if (weightParam.isEmpty()) {
            return new Training(keep(fold, "out"), ParamMap.empty());
        }
        String name = WEIGHT_PREFIX + fold;
        String base = estimator.get(weightParam.get());
        Frame frame;
        synchronized (cached) {
            frame = weighted.computeIfAbsent(fold + "/" + base, k -> {
                KernelParams kp = new FoldKernels.FoldWeightsArgs(foldCol, fold, name, base.isEmpty() ? null : base)
                    .toParams();
                Frame f = withFolds.mapPartitions(MapCall.of(FoldKernels.FoldWeights.class, kp),
                    withFolds.schema().add(Field.of(name, DataType.DOUBLE, false))).cache();
                cached.add(f);
                return f;
            });
        }
        return new Training(frame, GridMaps.put(ParamMap.empty(), estimator, weightParam.get(), name));
    }

    /**
     * The statistics every split's training rows need, for every setting, gathered in <b>one</b> pass over the
     * cached input: each fold's rows are summarized apart ({@link FoldStatisticsKernel}) and a split's training
     * statistics are merged from the other folds'. The estimator's declared statistics over a split's masked
     * training frame are computed over the input's rows with the estimator's own weights (the mask is what
     * selects the folds), so the result is what the split's own statistics pass would give, to rounding.
     *
     * @param estimator the estimator tuned
     * @param maps the settings
     * @param splits the held-out folds that train a model
     * @return the training statistics by held-out fold, or empty when the estimator declares none (or trains on
     *     filtered views, without a weight column)
     */
    Optional<Map<Integer, FitContext>> trainingStatistics(Estimator<?> estimator, List<ParamMap> maps, int[] splits) {
        Optional<Param<String>> weightParam = weightParam(estimator);
        if (!(estimator instanceof TwoPhaseEstimator<?>) || weightParam.isEmpty() || maps.isEmpty()) {
            return Optional.empty();
        }
        String base = estimator.get(weightParam.get());
        Map<String, Statistic<?>> unmasked = new LinkedHashMap<>();
        Map<Integer, Map<String, String>> declared = new LinkedHashMap<>();
        for (int fold : splits) {
            Training t = training(fold, estimator);
            Estimator<?> masked = (Estimator<?>) estimator.copy(t.mask());
            Map<String, String> keys = new LinkedHashMap<>();
            for (ParamMap m : maps) {
                List<Statistic<?>> stats;
                try {
                    stats = ((TwoPhaseEstimator<?>) masked.copy(m)).statistics(t.frame().schema());
                } catch (IllegalArgumentException | InvalidArgumentException e) {
                    return Optional.empty();
                }
                if (stats.isEmpty()) {
                    return Optional.empty();
                }
                for (Statistic<?> st : stats) {
                    Statistic<?> u = unmask(st, WEIGHT_PREFIX + fold, base);
                    unmasked.putIfAbsent(u.key(), u);
                    keys.put(st.key(), u.key());
                }
            }
            declared.put(fold, keys);
        }
        List<Statistic<?>> list = new ArrayList<>(unmasked.values());
        List<String> order = list.stream().map(Statistic::key).toList();
        List<StatisticValues> perFold;
        synchronized (foldStatistics) {
            // one pass per distinct set of statistics, however many fits (or sweep trials) ask for it
            perFold = foldStatistics.computeIfAbsent(order,
                k -> FoldStatisticsKernel.gather(withFolds, foldCol, numFolds, list, 2));
        }
        Map<Integer, FitContext> out = new LinkedHashMap<>();
        for (int fold : splits) {
            StatisticValues values = FoldStatisticsKernel.complement(perFold, fold);
            Map<String, Object> byKey = new LinkedHashMap<>();
            declared.get(fold).forEach((key, u) -> byKey.put(key, values.value(order.indexOf(u))));
            out.put(fold, new FitContext(training(fold, estimator).frame().schema(), byKey));
        }
        return Optional.of(out);
    }

    /** The statistic with the fold mask column replaced by the estimator's own weight column (or none). */
    private static Statistic<?> unmask(Statistic<?> st, String maskCol, String base) {
        ArrayNode in = KernelParamsJson.toJson(st.call().params());
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        boolean changed = false;
        for (JsonNode e : in) {
            if ("string".equals(e.path("type").asText()) && maskCol.equals(e.path("value").asText())) {
                changed = true;
                if (base.isEmpty()) {
                    continue;
                }
                out.addObject().put("name", e.path("name").asText()).put("type", "string").put("value", base);
            } else {
                out.add(e);
            }
        }
        if (!changed) {
            return st;
        }
        KernelParams params = KernelParamsJson.fromJson(out, id -> {
            throw new InvalidArgumentException("fold statistics: statistic " + st.describe() + " uses broadcast #"
                + id + ", expected none");
        });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Statistic<?> u = Statistic.of(st.kind(), st.column(), AggregateCall.of((Class) st.call().kernel(), params));
        return u;
    }

    /**
     * @param fold a fold
     * @return a lazy view of the fold's rows (without the fold column we added)
     */
    Frame validation(int fold) {
        return keep(fold, "in");
    }

    private Frame keep(int fold, String mode) {
        List<String> names = new ArrayList<>(inputColumns);
        Schema out = withFolds.schema().select(names);
        return withFolds.mapPartitions(MapCall.of(FoldKernels.KeepFold.class,
            new FoldKernels.KeepFoldArgs(foldCol, fold, mode.equals("in")).toParams()), out);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Param<String>> weightParam(Estimator<?> estimator) {
        for (Param<?> p : estimator.params()) {
            if (p.name().equals("weightCol") && p.type().valueClass() == String.class) {
                return Optional.of((Param<String>) p);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        synchronized (cached) {
            for (Frame f : cached) {
                f.unpersist();
            }
            cached.clear();
            weighted.clear();
        }
        synchronized (foldStatistics) {
            foldStatistics.clear();
        }
    }

    /**
     * What trains on the complement of a fold.
     *
     * @param frame the frame to fit on
     * @param mask param values to put on the estimator (its weight column), possibly empty
     */
    record Training(Frame frame, ParamMap mask) {
    }
}
