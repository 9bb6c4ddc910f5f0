package dev.ember.ml.bench.clustering;

import dev.ember.ml.bench.Workload;

import java.util.List;

/** The clustering family: its name (the section of RESULTS.md) and its workloads. */
public final class ClusteringFamily {
    /** The family's name. */
    public static final String NAME = "Clustering";

    private ClusteringFamily() {
    }

    /** @return fresh instances of the family's workloads */
    public static List<Workload> workloads() {
        return List.of(new KMeansWorkload());
    }
}
