package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The distribution of one hyperparameter. Samplers work on an <em>internal</em> real coordinate: the value itself
 * for {@code uniform} and {@code int}, its natural log for {@code loguniform} and {@code intlog}, the index for
 * {@code choice}.
 */
public sealed interface Distribution {

    /** @return the kind as written in a sweep file: choice, uniform, loguniform, int or intlog */
    String kind();

    /**
     * @param value a value of this distribution
     * @return its internal coordinate
     */
    double toInternal(Object value);

    /**
     * @param internal an internal coordinate inside {@link #internalLow()}..{@link #internalHigh()}
     * @return the value it stands for (rounded for integers)
     */
    Object fromInternal(double internal);

    /** @return the low end of the internal coordinate (for integers, half a step below the lowest value) */
    double internalLow();

    /** @return the high end of the internal coordinate */
    double internalHigh();

    /**
     * @param rng the random source
     * @return a value drawn from the prior (uniform on the internal coordinate)
     */
    default Object sample(SplittableRandom rng) {
        return fromInternal(internalLow() + rng.nextDouble() * (internalHigh() - internalLow()));
    }

    /**
     * @param value a value read back from a journal or file
     * @return the value in this distribution's Java type, or an {@link IllegalArgumentException} naming the problem
     */
    Object coerce(Object value);

    /**
     * A categorical parameter.
     *
     * @param values the choices (strings, numbers or booleans), at least one, no duplicates
     */
    record Choice(List<Object> values) implements Distribution {
        /** Validates and copies. */
        public Choice {
            if (values == null || values.isEmpty()) {
                throw new InvalidArgumentException("choice: found no values, expected at least one");
            }
            values = List.copyOf(values);
            if (values.stream().distinct().count() != values.size()) {
                throw new InvalidArgumentException("choice: found duplicate values in " + values);
            }
        }

        @Override
        public String kind() {
            return "choice";
        }

        @Override
        public double toInternal(Object value) {
            return indexOf(value);
        }

        @Override
        public Object fromInternal(double internal) {
            int i = (int) Math.floor(internal);
            return values.get(Math.max(0, Math.min(values.size() - 1, i)));
        }

        @Override
        public double internalLow() {
            return 0;
        }

        @Override
        public double internalHigh() {
            return values.size();
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return values.get(rng.nextInt(values.size()));
        }

        @Override
        public Object coerce(Object value) {
            return values.get(indexOf(value));
        }

        /**
         * @param value a value, numbers compared by numeric value
         * @return its index among the choices
         */
        public int indexOf(Object value) {
            for (int i = 0; i < values.size(); i++) {
                if (sameValue(values.get(i), value)) {
                    return i;
                }
            }
            throw new InvalidArgumentException("found " + value + ", expected one of " + values);
        }

        private static boolean sameValue(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) {
                return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
            }
            return Objects.equals(a, b);
        }
    }

    /**
     * A real parameter, uniform on [low, high].
     *
     * @param low  the low end
     * @param high the high end, above low
     */
    record Uniform(double low, double high) implements Distribution {
        /** Validates. */
        public Uniform {
            if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
                throw new InvalidArgumentException("uniform: found low " + low + ", high " + high
                    + ", expected finite low < high");
            }
        }

        @Override
        public String kind() {
            return "uniform";
        }

        @Override
        public double toInternal(Object value) {
            return ((Number) value).doubleValue();
        }

        @Override
        public Object fromInternal(double internal) {
            return Math.max(low, Math.min(high, internal));
        }

        @Override
        public double internalLow() {
            return low;
        }

        @Override
        public double internalHigh() {
            return high;
        }

        @Override
        public Object coerce(Object value) {
            return Reals.inRange(value, low, high);
        }
    }

    /**
     * A positive real parameter whose log is uniform on [log low, log high].
     *
     * @param low  the low end, above 0
     * @param high the high end, above low
     */
    record LogUniform(double low, double high) implements Distribution {
        /** Validates. */
        public LogUniform {
            if (!(low > 0 && Double.isFinite(high) && low < high)) {
                throw new InvalidArgumentException("loguniform: found low " + low + ", high " + high
                    + ", expected 0 < low < high");
            }
        }

        @Override
        public String kind() {
            return "loguniform";
        }

        @Override
        public double toInternal(Object value) {
            return Math.log(((Number) value).doubleValue());
        }

        @Override
        public Object fromInternal(double internal) {
            return Math.max(low, Math.min(high, Math.exp(internal)));
        }

        @Override
        public double internalLow() {
            return Math.log(low);
        }

        @Override
        public double internalHigh() {
            return Math.log(high);
        }

        @Override
        public Object coerce(Object value) {
            return Reals.inRange(value, low, high);
        }
    }

    /**
     * An integer parameter, uniform on low..high inclusive.
     *
     * @param low  the lowest value
     * @param high the highest value, at least low
     */
    record IntUniform(int low, int high) implements Distribution {
        /** Validates. */
        public IntUniform {
            if (low > high) {
                throw new InvalidArgumentException("int: found low " + low + ", high " + high
                    + ", expected low <= high");
            }
        }

        @Override
        public String kind() {
            return "int";
        }

        @Override
        public double toInternal(Object value) {
            return ((Number) value).doubleValue();
        }

        @Override
        public Object fromInternal(double internal) {
            return (int) Math.max(low, Math.min(high, Math.round(internal)));
        }

        @Override
        public double internalLow() {
            return low - 0.5;
        }

        @Override
        public double internalHigh() {
            return high + 0.5;
        }

        @Override
        public Object coerce(Object value) {
            return Reals.intInRange(value, low, high);
        }
    }

    /**
     * A positive integer parameter whose log is uniform on [log low, log high], rounded.
     *
     * @param low  the lowest value, at least 1
     * @param high the highest value, at least low
     */
    record IntLog(int low, int high) implements Distribution {
        /** Validates. */
        public IntLog {
            if (low < 1 || low > high) {
                throw new InvalidArgumentException("intlog: found low " + low + ", high " + high
                    + ", expected 1 <= low <= high");
            }
        }

        @Override
        public String kind() {
            return "intlog";
        }

        @Override
        public double toInternal(Object value) {
            return Math.log(((Number) value).doubleValue());
        }

        @Override
        public Object fromInternal(double internal) {
            return (int) Math.max(low, Math.min(high, Math.round(Math.exp(internal))));
        }

        @Override
        public double internalLow() {
            return Math.log(low - 0.5);
        }

        @Override
        public double internalHigh() {
            return Math.log(high + 0.5);
        }

        @Override
        public Object coerce(Object value) {
            return Reals.intInRange(value, low, high);
        }
    }

    /** Range checks shared by the numeric distributions. */
    final class Reals {
        private Reals() {
        }

        static Double inRange(Object value, double low, double high) {
            if (!(value instanceof Number n)) {
                throw new InvalidArgumentException("found " + value + ", expected a number");
            }
            double v = n.doubleValue();
            if (!(v >= low && v <= high)) {
                throw new InvalidArgumentException("found " + v + ", expected within [" + low + ", " + high + "]");
            }
            return v;
        }

        static Integer intInRange(Object value, int low, int high) {
            if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new InvalidArgumentException("found " + value + ", expected an integer");
            }
            int v = n.intValue();
            if (v < low || v > high) {
                throw new InvalidArgumentException("found " + v + ", expected within [" + low + ", " + high + "]");
            }
            return v;
        }
    }
}
