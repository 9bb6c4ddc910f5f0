package dev.ember.ml.core.stats;

import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The statistics gathered for one estimator's fit, by request ({@link Statistic#key()}).
 */
public final class FitContext {
    private final Schema schema;
    private final Map<String, Object> values;

    /**
     * @param schema the schema of the frame the statistics were computed over
     * @param values combined accumulators by {@link Statistic#key()}
     */
    public FitContext(Schema schema, Map<String, Object> values) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.values = new LinkedHashMap<>(values);
    }

    /**
     * Gathers statistics over a frame in one pass (one tree-aggregate of {@link SharedStatisticsKernel}).
     *
     * @param frame the data
     * @param statistics the requests (equal requests computed once)
     * @param depth the tree-aggregate depth
     * @return the context
     */
    public static FitContext gather(Frame frame, List<Statistic<?>> statistics, int depth) {
        Map<String, Statistic<?>> unique = new LinkedHashMap<>();
        for (Statistic<?> s : statistics) {
            unique.putIfAbsent(s.key(), s);
        }
        if (unique.isEmpty()) {
            return new FitContext(frame.schema(), Map.of());
        }
        List<Statistic<?>> list = new ArrayList<>(unique.values());
        StatisticValues acc = frame.treeAggregate(sharedCall(list), depth);
        return of(frame.schema(), list, acc);
    }

    /**
     * @param schema the schema the statistics were computed over
     * @param statistics the distinct requests of a {@link #sharedCall}
     * @param values its combined accumulator
     * @return the context
     */
    public static FitContext of(Schema schema, List<Statistic<?>> statistics, StatisticValues values) {
        Map<String, Object> byKey = new LinkedHashMap<>();
        for (int i = 0; i < statistics.size(); i++) {
            byKey.put(statistics.get(i).key(), values.value(i));
        }
        return new FitContext(schema, byKey);
    }

    /**
     * @param statistics distinct requests
     * @return one aggregate call computing all of them in one pass, results in the same order
     */
    public static AggregateCall<StatisticValues> sharedCall(List<Statistic<?>> statistics) {
        String[] kernels = new String[statistics.size()];
        String[] params = new String[statistics.size()];
        for (int i = 0; i < kernels.length; i++) {
            kernels[i] = statistics.get(i).call().kernel().getName();
            params[i] = dev.ember.ml.core.runtime.KernelParamsJson.toJson(statistics.get(i).call().params())
                .toString();
        }
        return AggregateCall.of(SharedStatisticsKernel.class, KernelParams.builder().put("kernels", kernels)
            .put("params", params).build());
    }

    /** @return the schema of the frame the statistics were computed over */
    public Schema schema() {
        return schema;
    }

    /**
     * @param statistic a request this context was gathered for
     * @param <A> the accumulator type
     * @return its combined accumulator
     * @throws InvalidArgumentException if it was not gathered
     */
    @SuppressWarnings("unchecked")
    public <A> A get(Statistic<A> statistic) {
        Object v = values.get(statistic.key());
        if (v == null && !values.containsKey(statistic.key())) {
            throw new InvalidArgumentException("statistic " + statistic.describe() + " was not gathered for this"
                + " fit; gathered: " + values.size() + " statistics");
        }
        return (A) v;
    }

    /** @return whether the request was gathered */
    public boolean has(Statistic<?> statistic) {
        return values.containsKey(statistic.key());
    }

    /** @return the fingerprint of the input, from {@link Statistic#fingerprint()} */
    public DataFingerprint fingerprint() {
        return DataFingerprint.fromAccumulator(schema, get(Statistic.fingerprint()));
    }
}
