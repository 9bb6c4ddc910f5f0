package dev.ember.ml.core.stats;

import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParamsJson;

import java.util.Objects;

/**
 * One statistic an estimator needs before it fits: a registered aggregate kernel call over the estimator's input,
 * with a kind and the column it summarizes so that a planner can recognise equal requests of different stages
 * (they are gathered once) and requests it can derive from others.
 *
 * @param kind what the statistic is ("summary", "fingerprint", "minMax", "maxAbs", "categories", ...)
 * @param column the column it summarizes, or "" for the whole frame
 * @param call the aggregate kernel that computes it
 * @param <A> the accumulator type
 */
public record Statistic<A>(String kind, String column, AggregateCall<A> call) {

    /** The kind of {@link #fingerprint()}. */
    public static final String FINGERPRINT = "fingerprint";

    /** Checks for nulls. */
    public Statistic {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(call, "call");
    }

    /**
     * @param kind what the statistic is
     * @param column the column it summarizes
     * @param call the aggregate kernel that computes it
     * @param <A> the accumulator type
     * @return the request
     */
    public static <A> Statistic<A> of(String kind, String column, AggregateCall<A> call) {
        return new Statistic<>(kind, column, call);
    }

    /** @return the data fingerprint of the estimator's input (row count and content hash), for provenance */
    public static Statistic<long[]> fingerprint() {
        return new Statistic<>(FINGERPRINT, "", DataFingerprint.call());
    }

    /** @return a key equal for requests that compute the same thing: the kernel class and its params */
    public String key() {
        return call.kernel().getName() + KernelParamsJson.toJson(call.params());
    }

    /** @return a short description for plans, such as {@code summary(features)} */
    public String describe() {
        return column.isEmpty() ? kind : kind + "(" + column + ")";
    }
}
