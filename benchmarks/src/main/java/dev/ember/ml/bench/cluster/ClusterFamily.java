package dev.ember.ml.bench.cluster;

import dev.ember.ml.bench.Workload;

import java.util.List;

/** The cluster runtime's workloads (issue #5). */
public final class ClusterFamily {
    /** The section of RESULTS.md. */
    public static final String NAME = "Cluster runtime";

    private ClusterFamily() {
    }

    /** @return the family's workloads */
    public static List<Workload> workloads() {
        return List.of(new ClusterLogisticRegressionWorkload(), new TreeAggregateWorkload());
    }
}
