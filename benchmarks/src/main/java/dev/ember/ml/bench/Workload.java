package dev.ember.ml.bench;

import java.util.List;

/**
 * A benchmark workload: one task done by several {@link Contender}s (Ember first, as the baseline of the
 * ratios, then Spark MLlib and other variants), each repeated and reported as a median.
 *
 * <p>Workloads belong to a family (data loading, linear models, clustering, pipelines, tuning); RESULTS.md has a
 * section per family, rewritten by the run that measures it. To add one: implement this interface in a
 * subpackage named after the family and list it in {@link Workloads#all}.
 */
public interface Workload {

    /** @return a short identifier for {@code --workloads}, such as {@code parquet-cache} */
    String id();

    /** @return the family, the section of RESULTS.md, such as {@code Data loading} */
    String family();

    /** @return the table title */
    String title();

    /** @return what is measured and how, a paragraph of Markdown printed above the table */
    String description();

    /** @return the metric columns after the time columns */
    List<MetricColumn> metrics();

    /**
     * Prepares what every contender needs (generated data files, ...); not timed.
     *
     * @param context the run's shared context
     * @throws Exception if preparing fails
     */
    default void setUp(BenchContext context) throws Exception {
    }

    /** @return the contenders; the first is the baseline of the ratio column */
    List<Contender> contenders();

    /**
     * A paragraph of Markdown printed below the table, such as a comparison against a target that needs the
     * medians of several contenders.
     *
     * @param results the contenders' results, in the order of {@link #contenders()}
     * @return the paragraph, or an empty string for none
     */
    default String summary(List<ContenderResult> results) {
        return "";
    }

    /**
     * Checks the contenders' results against each other after the warm-up (same row count, same sums), so that a
     * table never compares two systems that did different work.
     *
     * @param context the run's shared context
     * @throws Exception if they disagree
     */
    default void verify(BenchContext context) throws Exception {
    }
}
