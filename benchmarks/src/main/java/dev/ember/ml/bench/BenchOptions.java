package dev.ember.ml.bench;

import dev.ember.ml.bench.data.SyntheticData;

import java.nio.file.Path;
import java.util.List;

/**
 * The settings of one benchmark run, shared by every workload.
 *
 * @param data the synthetic data set of the reference workload
 * @param rowsPerPartition rows per partition and Parquet row group
 * @param threads Ember executor threads, and {@code N} of Spark's {@code local[N]}
 * @param repetitions timed repetitions per contender
 * @param warmups untimed repetitions per contender before them
 * @param dataDir where generated data files are cached
 * @param workloads ids of the workloads to run, empty for all
 */
public record BenchOptions(SyntheticData.Spec data, int rowsPerPartition, int threads, int repetitions, int warmups,
                           Path dataDir, List<String> workloads) {

    /** Validates the counts. */
    public BenchOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: found " + threads + ", expected >= 1");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions: found " + repetitions + ", expected >= 1");
        }
        if (warmups < 0) {
            throw new IllegalArgumentException("warm-ups: found " + warmups + ", expected >= 0");
        }
        workloads = List.copyOf(workloads);
    }
}
