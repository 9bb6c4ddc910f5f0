package dev.ember.ml.core.stats;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The accumulator of a shared statistics pass: one accumulator per component kernel, each tagged with its kernel
 * class name so that merging and encoding need nothing but the value itself.
 */
public final class StatisticValues {
    private final String[] kernels;
    private final Object[] values;

    /**
     * @param kernels the component kernels' class names
     * @param values their accumulators, in the same order
     */
    public StatisticValues(String[] kernels, Object[] values) {
        if (kernels.length != values.length) {
            throw new InvalidArgumentException("statistic values: found " + values.length + " accumulators for "
                + kernels.length + " kernels, expected as many");
        }
        this.kernels = kernels.clone();
        this.values = values;
    }

    /** @return the number of components */
    public int size() {
        return kernels.length;
    }

    /**
     * @param i a component
     * @return its kernel's class name
     */
    public String kernel(int i) {
        return kernels[i];
    }

    /**
     * @param i a component
     * @return its accumulator
     */
    public Object value(int i) {
        return values[i];
    }

    void set(int i, Object value) {
        values[i] = value;
    }

    boolean sameKernels(StatisticValues other) {
        return Arrays.equals(kernels, other.kernels);
    }

    @Override
    public String toString() {
        return "StatisticValues" + Arrays.toString(kernels) + " = " + Arrays.deepToString(
            Arrays.stream(values).map(v -> Objects.requireNonNullElse(v, "null")).toArray());
    }
}
